package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.compose.Recipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --recipe FILE}, {@code --expr EXPR} and the one way every command turns its arguments into a recipe. */
public final class RecipeOptions {
    @Option(names = "--recipe", paramLabel = "FILE", description = "Take packages and settings from a recipe file "
            + "(the GUI saves them); packages and options given here override it.")
    Path file;

    @Option(names = "--expr", paramLabel = "EXPR", description = "A Nix expression evaluated with the package set in "
            + "scope that gives a package, e.g. 'buildEnv { name = \"tools\"; paths = [ hello curl ]; }' or "
            + "'python3.withPackages (ps: [ ps.requests ])'; repeatable; one more root of the image.")
    List<String> expressions = new ArrayList<>();

    boolean given() {
        return file != null;
    }

    /**
     * The recipe file (or an empty recipe) with the command line's packages, expressions and source
     * options applied (each replaces the recipe's own); refuses a recipe without packages or
     * expressions, showing {@code example}.
     */
    Recipe base(List<String> packages, SourceOptions source, String example) {
        Recipe r = file != null ? Recipe.read(file) : Recipe.of(source.source, packages);
        if (file != null && !packages.isEmpty()) {
            r = r.withPackages(packages);
        }
        if (!expressions.isEmpty()) {
            r = r.withExpressions(expressions);
        }
        if (source.source != null) {
            r = r.withSource(source.source);
        }
        if (r.packages().isEmpty() && r.expressions().isEmpty()) {
            throw new StrataException("no packages given; name at least one package, give --expr EXPR or --recipe FILE, "
                    + "e.g. " + example);
        }
        return r.withAllowUnfree(r.allowUnfree() || source.allowUnfree)
                .withAllowBroken(r.allowBroken() || source.allowBroken);
    }
}
