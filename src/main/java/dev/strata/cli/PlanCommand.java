package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.compose.Sizes;
import dev.strata.nix.Realisation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata plan PKG...}: the closure with sizes and its layer plan; nothing is written. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show the runtime closure of packages with sizes, and how it would be layered.")
public final class PlanCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    SourceOptions source;

    @Parameters(paramLabel = "PKG", arity = "0..*", description = "Attribute paths, e.g. hello python3Packages.flask.")
    List<String> packages = new ArrayList<>();

    @Option(names = "--closure", paramLabel = "FILE",
            description = "Plan a saved 'nix path-info --json --recursive' closure instead of running Nix.")
    Path closureFile;

    @Option(names = "--root", paramLabel = "PATH",
            description = "With --closure: a root store path (default: paths nothing references).")
    List<String> roots = new ArrayList<>();

    @Option(names = "--recipe", paramLabel = "FILE", description = "Take packages and settings from a recipe file.")
    Path recipeFile;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Closure closure;
        Realisation realisation = null;
        try {
            if (closureFile != null) {
                if (!packages.isEmpty()) {
                    throw new StrataException("give either packages or --closure FILE, not both");
                }
                closure = Composer.readClosure(closureFile, roots);
            } else {
                Recipe recipe = recipeFile != null ? Recipe.read(recipeFile) : Recipe.of(source.source, packages);
                if (recipeFile != null && !packages.isEmpty()) {
                    recipe = recipe.withPackages(packages);
                }
                if (source.source != null) {
                    recipe = recipe.withSource(source.source);
                }
                recipe = recipe.withAllowUnfree(recipe.allowUnfree() || source.allowUnfree);
                Composer composer = Composer.fromEnvironment(source.timeout(), recipe.allowUnfree());
                realisation = composer.realise(recipe, Output.progress(spec.commandLine().getErr(), json));
                closure = realisation.closure();
            }
            if (json) {
                Output.json(out, closureJson(closure));
            } else {
                printClosure(out, closure);
            }
            return 0;
        } finally {
            if (realisation != null) {
                realisation.close();
            }
        }
    }

    static Map<String, Object> closureJson(Closure closure) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("roots", closure.roots().stream().map(StorePath::path).toList());
        result.put("narSize", closure.totalNarSize());
        List<Map<String, Object>> paths = new ArrayList<>();
        for (StorePath p : closure.topologicalOrder()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("path", p.path());
            row.put("narSize", closure.narSize(p));
            row.put("closureSize", closure.closureSize(p));
            row.put("addedSize", closure.addedSize(p));
            row.put("references", closure.references(p).stream().map(StorePath::path).toList());
            paths.add(row);
        }
        result.put("paths", paths);
        return result;
    }

    static void printClosure(PrintWriter out, Closure closure) {
        out.printf("%d store paths, %s in all (NAR size)%n", closure.size(), Sizes.human(closure.totalNarSize()));
        out.printf("%10s %10s %10s  %s%n", "nar", "closure", "added", "path");
        for (StorePath p : closure.topologicalOrder()) {
            out.printf("%10s %10s %10s  %s%n", Sizes.human(closure.narSize(p)), Sizes.human(closure.closureSize(p)),
                    Sizes.human(closure.addedSize(p)), p.path());
        }
        out.flush();
    }
}
