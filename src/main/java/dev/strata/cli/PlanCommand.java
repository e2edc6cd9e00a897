package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import dev.strata.compose.Composer;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.compose.Sizes;
import dev.strata.image.AddedFiles;
import dev.strata.input.SourceLayer;
import dev.strata.layering.Layer;
import dev.strata.layering.LayerPlan;
import dev.strata.layering.PreviousPlan;
import dev.strata.layering.PullCost;
import dev.strata.nix.Realisation;
import dev.strata.nix.SelectedPackage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata plan PKG...}: the layer plan of packages (or of a saved closure) with sizes; nothing is written. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show how packages (or a saved closure) would be layered, with sizes; nothing is written.")
public final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SourceOptions source;

    @Mixin
    LayeringOptions layering;

    @Parameters(paramLabel = "PKG", arity = "0..*", description = "Attribute paths, e.g. hello python3Packages.flask.")
    List<String> packages = new ArrayList<>();

    @Option(names = "--closure", paramLabel = "FILE",
            description = "Plan a saved 'nix path-info --json --recursive' closure instead of running Nix.")
    Path closureFile;

    @Option(names = "--root", paramLabel = "PATH",
            description = "With --closure: a root store path (default: paths nothing references).")
    List<String> roots = new ArrayList<>();

    @Mixin
    RecipeOptions recipeOptions;

    @Mixin
    ContentOptions content;

    @Mixin
    RegistryOptions registry;

    @Option(names = "--show-closure", description = "Also list every store path with its NAR, closure and added size.")
    boolean showClosure;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ProgressListener progress = Output.progress(spec.commandLine().getErr(), json);
        Composer composer;
        Closure closure;
        LayerPlan plan;
        int maxLayers;
        boolean symlinkLayer;
        Realisation realisation = null;
        Recipe recipe = null;
        Optional<PreviousPlan> previous = layering.previous();
        try {
            if (closureFile != null) {
                if (!packages.isEmpty() || recipeOptions.given()) {
                    throw new StrataException("give either packages (or --recipe) or --closure FILE, not both");
                }
                if (content.from != null || !content.adds.isEmpty()) {
                    throw new StrataException("--from and --add go with packages, not with --closure FILE (a saved "
                            + "closure is planned without an image around it)");
                }
                closure = Composer.readClosure(closureFile, roots);
                maxLayers = layering.checkedMaxLayers() == null ? Recipe.DEFAULT_MAX_LAYERS : layering.maxLayers;
                symlinkLayer = false;
                composer = Composer.fromEnvironment(source.timeout(), source.allowUnfree);
                plan = composer.planClosure(closure, layering.strategy, maxLayers, layering.popularity,
                        layering.pins, previous, progress);
            } else {
                if (!roots.isEmpty()) {
                    throw new StrataException("--root only goes with --closure FILE");
                }
                CommandRecipe r = recipeOptions.base(packages, source, "./strata plan hello");
                layering.applyTo(r);
                content.applyTo(r);
                recipe = r.build();
                composer = Composer.fromEnvironment(source.timeout(), recipe.allowUnfree())
                        .withPullOptions(registry.pulls(System.in, true, null));
                composer.checkInputs(recipe, progress);
                realisation = composer.realise(recipe, progress);
                closure = realisation.closure();
                plan = composer.plan(realisation, recipe, previous, progress);
                maxLayers = recipe.maxLayers();
                symlinkLayer = true;
            }
            if (json) {
                Map<String, Object> result = planJson(plan, closure, maxLayers, symlinkLayer, realisation);
                if (recipe != null) {
                    addContent(result, composer, recipe, progress);
                }
                previous.ifPresent(p -> addPullCost(result, PullCost.of(plan, p), p));
                Output.json(out, result);
            } else {
                if (recipe != null) {
                    printBase(out, composer, recipe, progress);
                }
                printPlan(out, plan, closure, maxLayers, symlinkLayer);
                if (recipe != null) {
                    printAdds(out, composer, recipe);
                }
                previous.ifPresent(p -> printPullCost(out, PullCost.of(plan, p), p));
                if (showClosure) {
                    out.println();
                    printClosure(out, closure);
                }
            }
            return 0;
        } finally {
            if (realisation != null) {
                realisation.close();
            }
        }
    }

    /** {@code "base"} (reference, digest, platform, layers) and {@code "files"} (each --add's layer). */
    static void addContent(Map<String, Object> result, Composer composer, Recipe recipe, ProgressListener progress) {
        composer.base(recipe, progress).ifPresent(b -> {
            Map<String, Object> base = new LinkedHashMap<>();
            base.put("reference", b.reference());
            base.put("digest", b.digest().toString());
            base.put("platform", b.platform().describe());
            List<Map<String, Object>> layers = new ArrayList<>();
            for (SourceLayer l : b.layers()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("digest", l.digest().toString());
                row.put("diffId", l.diffId().toString());
                row.put("size", l.size());
                layers.add(row);
            }
            base.put("layers", layers);
            result.put("base", base);
        });
        List<Map<String, Object>> files = new ArrayList<>();
        for (AddedFiles a : recipe.adds()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("source", a.source());
            row.put("destination", a.destination());
            row.put("options", a.options());
            row.put("size", composer.addedBytes(a));
            files.add(row);
        }
        result.put("files", files);
    }

    static void printBase(PrintWriter out, Composer composer, Recipe recipe, ProgressListener progress) {
        composer.base(recipe, progress).ifPresent(b -> {
            out.printf(Locale.ROOT, "on %s (%s, %s): %d base layer%s, %s, kept as they are%n", b.reference(),
                    b.digest().toString().substring(0, 19), b.platform().describe(), b.layers().size(),
                    b.layers().size() == 1 ? "" : "s", Sizes.human(b.size()));
        });
    }

    static void printAdds(PrintWriter out, Composer composer, Recipe recipe) {
        for (AddedFiles a : recipe.adds()) {
            out.printf(Locale.ROOT, "  + %-9s %10s         files added at %s%s%n", "1 layer", Sizes.human(composer.addedBytes(a)),
                    a.destination(), a.options().isEmpty() ? "" : " (" + a.options() + ")");
        }
        out.flush();
    }

    static Map<String, Object> planJson(LayerPlan plan, Closure closure, int maxLayers, boolean symlinkLayer,
                                        Realisation realisation) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("strategy", plan.strategy());
        result.put("maxLayers", maxLayers);
        result.put("storeLayerBudget", plan.maxLayers());
        result.put("symlinkLayer", symlinkLayer);
        result.put("totalNarSize", plan.totalNarSize());
        result.put("roots", closure.roots().stream().map(StorePath::path).toList());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Layer l : plan.layers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("paths", l.paths().stream().map(StorePath::path).toList());
            row.put("narSize", l.narSize());
            row.put("reason", l.reason());
            row.put("rating", l.rating());
            row.put("key", l.key());
            layers.add(row);
        }
        result.put("layers", layers);
        if (realisation != null) {
            List<Map<String, Object>> pkgs = new ArrayList<>();
            for (SelectedPackage p : realisation.packages()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("requested", p.requested());
                if (p.isExpression()) {
                    row.put("expression", true);
                } else {
                    row.put("attrPath", p.attrPath());
                }
                row.put("name", p.drvName());
                row.put("label", p.label());
                row.put("outputs", p.outputs().stream().map(StorePath::path).toList());
                pkgs.add(row);
            }
            result.put("packages", pkgs);
        }
        result.put("closure", closureJson(closure));
        return result;
    }

    /**
     * With {@code --previous}: {@code "previous":{"source","layers","pullBytesByDigest","pullBytesByChain"}}
     * and, per layer, {@code "reusedByDigest"} and {@code "reusedByChain"} (DESIGN.md's diff names).
     */
    @SuppressWarnings("unchecked")
    static void addPullCost(Map<String, Object> result, PullCost cost, PreviousPlan previous) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source", previous.source());
        p.put("layers", previous.layers().size());
        p.put("pullBytesByDigest", cost.byDigest());
        p.put("pullBytesByChain", cost.byChain());
        result.put("previous", p);
        List<Map<String, Object>> layers = (List<Map<String, Object>>) result.get("layers");
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).put("reusedByDigest", cost.layers().get(i).reusedByDigest());
            layers.get(i).put("reusedByChain", cost.layers().get(i).reusedByChain());
        }
    }

    static void printPullCost(PrintWriter out, PullCost cost, PreviousPlan previous) {
        long total = cost.layers().stream().mapToLong(PullCost.LayerCost::narSize).sum();
        long sameDigest = cost.layers().stream().filter(PullCost.LayerCost::reusedByDigest).count();
        long sameChain = cost.layers().stream().filter(PullCost.LayerCost::reusedByChain).count();
        out.printf(Locale.ROOT, "A host holding the previous build (%s) pulls %s of %s by digest (%d layer%s reused) "
                        + "and %s by ChainID (%d reused).%n", previous.source(), Sizes.human(cost.byDigest()),
                Sizes.human(total), sameDigest, sameDigest == 1 ? "" : "s", Sizes.human(cost.byChain()), sameChain);
        out.flush();
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

    static void printPlan(PrintWriter out, LayerPlan plan, Closure closure, int maxLayers, boolean symlinkLayer) {
        long total = Math.max(1, plan.totalNarSize());
        out.printf(Locale.ROOT, "%s layers %d store paths (%s NAR) into %d store layer%s%s.%n", plan.strategy(),
                closure.size(), Sizes.human(closure.totalNarSize()), plan.layers().size(),
                plan.layers().size() == 1 ? "" : "s",
                symlinkLayer ? " plus the symlink layer (--max-layers " + maxLayers + ")"
                        : " (--max-layers " + maxLayers + " counts store layers alone with --closure)");
        out.printf(Locale.ROOT, "%4s  %-9s %10s %6s  %s%n", "#", "paths", "NAR size", "share", "contents");
        int i = 1;
        for (Layer l : plan.layers()) {
            int n = l.paths().size();
            List<String> names = l.paths().stream().limit(3).map(StorePath::name).toList();
            String contents = String.join(", ", names) + (n > 3 ? " and " + (n - 3) + " more" : "");
            out.printf(Locale.ROOT, "%4d  %-9s %10s %5.1f%%  %s%n", i++, n + (n == 1 ? " path" : " paths"),
                    Sizes.human(l.narSize()), 100.0 * l.narSize() / total, contents);
            out.printf(Locale.ROOT, "%4s  %-9s %10s %6s  why: %s%n", "", "", "", "", l.reason());
        }
        out.flush();
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
