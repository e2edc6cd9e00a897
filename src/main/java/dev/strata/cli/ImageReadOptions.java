package dev.strata.cli;

import dev.strata.compose.Composer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the commands that read any image (inspect, diff): registry settings and the daemon to ask. */
public final class ImageReadOptions {
    @Mixin
    RegistryOptions registry;

    @Option(names = "--docker-host", paramLabel = "URI", description = "The daemon docker-daemon: images are read from "
            + "(default: DOCKER_HOST, else the local Docker or podman socket).")
    String dockerHost;

    /** The composer that reads images with these options ({@code given}, or one from the environment when null). */
    Composer composer(Composer given) {
        return ImageCommands.composer(given, registry, dockerHost, System.in);
    }
}
