package dev.strata.cli;

import dev.strata.compose.Composer;
import java.io.InputStream;

/** What inspect, diff and sbom IMAGE share: the composer that reads images, with the registry options given. */
final class ImageCommands {
    private ImageCommands() {}

    /** True for text naming an image ({@code oci:}, {@code docker://}, {@code HOST/REPO:TAG}...), not a package. */
    static boolean isImage(String text) {
        return text.startsWith("oci:") || text.startsWith("oci-archive:") || text.startsWith("docker-archive:")
                || text.startsWith("docker://") || text.startsWith("docker-daemon:") || text.contains("/");
    }

    /** @param dockerHost null for DOCKER_HOST or the default socket */
    static Composer composer(Composer given, RegistryOptions registry, String dockerHost, InputStream stdin) {
        Composer c = given != null ? given : Composer.fromEnvironment();
        return c.withPullOptions(registry.pulls(stdin, true, dockerHost));
    }
}
