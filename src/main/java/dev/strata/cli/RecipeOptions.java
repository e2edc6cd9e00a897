package dev.strata.cli;

import dev.strata.Redaction;
import dev.strata.StrataException;
import dev.strata.compose.Recipe;
import dev.strata.image.AddedFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --recipe FILE}, {@code --expr EXPR} and the one way every command turns its arguments into a recipe. */
public final class RecipeOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

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
    CommandRecipe base(List<String> packages, SourceOptions source, String example) {
        // A recipe's previous build is named relative to the recipe file; --previous, relative to here.
        CommandRecipe r = new CommandRecipe(file != null ? Recipe.read(file).resolvedAgainst(
                file.toAbsolutePath().getParent()) : Recipe.builder().build());
        if (file != null && mixee != null) {
            // Files from outside the recipe's directory are allowed (the window saves ../app that way),
            // but a shared recipe could take any file you can read into an image you then push: say so.
            for (AddedFiles a : r.base().addsOutside(file.toAbsolutePath().getParent())) {
                mixee.commandLine().getErr().println("strata: warning: the recipe " + Redaction.value(file.toString())
                        + " adds " + Redaction.value(a.source()) + ", from outside its directory, as "
                        + Redaction.value(a.destination()) + " in the image; check that you meant to put it there");
            }
        }
        if (!packages.isEmpty()) {
            r.set("PKG", "packages", b -> b.packages(packages));
        }
        if (!expressions.isEmpty()) {
            r.set("--expr", "expressions", b -> b.expressions(expressions));
        }
        if (packages.isEmpty() && expressions.isEmpty() && r.base().packages().isEmpty()
                && r.base().expressions().isEmpty()) {
            throw new StrataException("no packages given; name at least one package, give --expr EXPR or --recipe FILE, "
                    + "e.g. " + example);
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
