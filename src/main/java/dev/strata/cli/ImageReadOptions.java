package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import java.nio.file.Path;
import java.util.Optional;
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

    /** The composer for reading images and realising {@code recipe} (its unfree setting), when one side is a recipe. */
    Composer composer(Composer given, Recipe recipe) {
        Composer c = given != null ? given : Composer.fromEnvironment(null, recipe.allowUnfree());
        return ImageCommands.composer(c, registry, dockerHost, System.in);
    }

    /**
     * The recipe an IMAGE argument names, when it is a recipe file (a file whose text opens a JSON
     * object, as the window saves them), its relative paths resolved against its directory; else empty.
     */
    static Optional<Recipe> recipe(String argument) {
        SbomCommand.refuseMissingRecipe(argument);
        Path file = Path.of(argument);
        if (!SbomCommand.isRecipe(file)) {
            return Optional.empty();
        }
        Recipe r = Recipe.read(file).resolvedAgainst(file.toAbsolutePath().getParent());
        if (r.packages().isEmpty() && r.expressions().isEmpty()) {
            throw new StrataException("the recipe " + argument + " names no packages; add packages or expressions "
                    + "to it (the window's Search screen, or \"packages\": [\"hello\"])");
        }
        return Optional.of(r);
    }
}
