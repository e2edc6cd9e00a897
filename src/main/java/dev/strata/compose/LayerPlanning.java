package dev.strata.compose;

import dev.strata.StrataException;
import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import dev.strata.layering.LayerPlan;
import dev.strata.layering.LayeringStrategy;
import dev.strata.layering.Pin;
import dev.strata.layering.Pins;
import dev.strata.layering.PlanRequest;
import dev.strata.layering.PreviousPlan;
import dev.strata.layering.Popularity;
import dev.strata.layering.Strategies;
import dev.strata.nix.Realisation;
import dev.strata.nix.SelectedPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PLAN step: picks the strategy, loads the popularity data (kept in memory per file version
 * or URL, so previews in the GUI do not reload it), resolves pins and plans. Budget: a recipe's
 * {@code maxLayers} counts every layer, including the top symlink layer, a base image's layers
 * and one per {@code --add} ({@link LayerCount}), so the store gets what those leave; a saved
 * closure has no other layers, so there it counts store layers alone.
 */
final class LayerPlanning {
    private final Map<String, Popularity> popularityCache = new ConcurrentHashMap<>();

    LayerPlan plan(Realisation realisation, Recipe recipe, LayerCount fixed, Optional<PreviousPlan> previous,
                   ProgressListener listener) {
        int budget = recipe.maxLayers() - fixed.total();
        if (budget < 1) {
            int needed = fixed.total() + 1;
            String parts = (fixed.base() > 0 ? "the base image has " + fixed.base() + ", " : "")
                    + (fixed.added() > 0 ? "--add makes " + fixed.added() + ", " : "") + "one is the symlink layer";
            throw new StrataException(needed > Recipe.MAX_LAYERS_LIMIT
                    ? "the image would have more than " + Recipe.MAX_LAYERS_LIMIT + " layers (" + parts + ", and the "
                    + "packages need one), which registries refuse; choose a base image with fewer layers or add "
                    + "fewer files entries"
                    : "--max-layers " + recipe.maxLayers() + " leaves no layer for the packages (" + parts
                    + "); raise --max-layers to at least " + needed);
        }
        return plan(realisation.closure(), packagesOf(realisation), recipe.strategy(), budget, recipe.popularity(),
                recipe.pins(), previous, listener);
    }

    /** The requested packages by the name given and by attribute path, with their outputs (what a pin can name). */
    private static Map<String, List<StorePath>> packagesOf(Realisation realisation) {
        Map<String, List<StorePath>> packages = new LinkedHashMap<>();
        for (SelectedPackage p : realisation.packages()) {
            if (!p.isExpression()) { // an expression is pinned by its name, not its text
                packages.putIfAbsent(p.requested(), p.outputs());
            }
            packages.putIfAbsent(p.label(), p.outputs());
        }
        return packages;
    }

    /** The pins that match nothing in this realisation (no requested package, no store path of its closure). */
    static List<String> unmatchedPins(Realisation realisation, List<String> pins) {
        Map<String, List<StorePath>> packages = packagesOf(realisation);
        List<String> out = new ArrayList<>();
        for (String pin : pins) {
            try {
                Pins.resolve(List.of(pin), realisation.closure(), packages);
            } catch (StrataException e) {
                out.add(pin);
            }
        }
        return out;
    }

    LayerPlan planClosure(Closure closure, String strategy, int maxLayers, String popularity, List<String> pins,
                          Optional<PreviousPlan> previous, ProgressListener listener) {
        if (maxLayers < 1 || maxLayers > Recipe.MAX_LAYERS_LIMIT) {
            throw new StrataException("--max-layers " + maxLayers + " is out of range; with --closure it counts store "
                    + "layers alone (there is no symlink layer): choose 1 to " + Recipe.MAX_LAYERS_LIMIT);
        }
        return plan(closure, Map.of(), strategy, maxLayers, popularity, pins, previous, listener);
    }

    private LayerPlan plan(Closure closure, Map<String, List<StorePath>> packages, String strategyName, int budget,
                           String popularitySpec, List<String> pinSpecs, Optional<PreviousPlan> previous,
                           ProgressListener listener) {
        LayeringStrategy strategy = Strategies.byName(strategyName);
        listener.on(ProgressEvent.started(PipelineStep.PLAN, "Planning " + closure.size()
                + (closure.size() == 1 ? " store path" : " store paths") + " into at most " + budget
                + (budget == 1 ? " layer" : " layers") + " (" + strategy.name() + ")"));
        Popularity popularity = popularity(popularitySpec);
        List<Pin> pins = Pins.resolve(pinSpecs, closure, packages);
        LayerPlan plan = strategy.plan(new PlanRequest(closure, popularity, budget, pins, previous));
        String kept = previous.map(p -> {
            Set<String> held = new HashSet<>(p.keys());
            long same = plan.layers().stream().filter(l -> held.contains(l.key())).count();
            return ", " + same + " of them as in the previous build";
        }).orElse("");
        listener.on(ProgressEvent.finished(PipelineStep.PLAN, plan.layers().size() + " store layers" + kept));
        return plan;
    }

    /** Popularity data from a file or URL; null or blank means none (every name counts 1). */
    Popularity popularity(String spec) {
        if (spec == null || spec.isBlank()) {
            return Popularity.empty();
        }
        String key = spec.strip();
        if (!PopularitySource.isUrl(key)) {
            Path file = PopularitySource.file(key);
            try {
                key = file.toAbsolutePath() + "@" + Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file);
            } catch (IOException e) {
                return Popularity.read(file); // let it say what is wrong
            }
        }
        return popularityCache.computeIfAbsent(key, k -> PopularitySource.load(spec,
                PopularitySource.DOWNLOAD_DEADLINE));
    }
}
