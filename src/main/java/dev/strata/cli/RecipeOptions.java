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
    CommandRecipe base(List<String> packages, SourceOptions source, String example) {
        CommandRecipe r = new CommandRecipe(file != null ? Recipe.read(file) : Recipe.builder().build());
        if (!packages.isEmpty()) {
            r.set("PKG", "packages", b -> b.packages(packages));
        } else if (r.base().packages().isEmpty()) {
            throw new StrataException("no packages given; name at least one package or give --recipe FILE, e.g. "
                    + example);
        }
        if (source.source != null) {
            r.set("--source", "source", b -> b.source(source.source));
        }
        if (source.allowUnfree) {
            r.set("--allow-unfree", "allowUnfree", b -> b.allowUnfree(true));
        }
        if (source.allowBroken) {
            r.set("--allow-broken", "allowBroken", b -> b.allowBroken(true));
        }
        return r;
    }
}
