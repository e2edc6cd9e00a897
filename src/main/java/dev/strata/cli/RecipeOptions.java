package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.compose.Recipe;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --recipe FILE} and the one way every command turns its arguments into a recipe. */
public final class RecipeOptions {
    @Option(names = "--recipe", paramLabel = "FILE", description = "Take packages and settings from a recipe file "
            + "(the GUI saves them); packages and options given here override it.")
    Path file;

    boolean given() {
        return file != null;
    }

    /**
     * The recipe file (or an empty recipe) with the command line's packages and source options
     * applied; refuses a recipe without packages, showing {@code example}.
     */
    Recipe base(List<String> packages, SourceOptions source, String example) {
        Recipe r = file != null ? Recipe.read(file) : Recipe.of(source.source, packages);
        if (file != null && !packages.isEmpty()) {
            r = r.withPackages(packages);
        }
        if (source.source != null) {
            r = r.withSource(source.source);
        }
        if (r.packages().isEmpty()) {
            throw new StrataException("no packages given; name at least one package or give --recipe FILE, e.g. "
                    + example);
        }
        return r.withAllowUnfree(r.allowUnfree() || source.allowUnfree)
                .withAllowBroken(r.allowBroken() || source.allowBroken);
    }
}
