package dev.strata.gui.common;

import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.layering.LayerPlan;
import dev.strata.compose.PackageCatalog;
import dev.strata.nix.Realisation;
import dev.strata.source.ResolvedSource;
import java.nio.file.Path;
import java.util.List;

/**
 * What the desktop composer asks of the pipeline, one method per user action. The real
 * implementation ({@link ComposerPipeline}) forwards every call to {@code compose.Composer}; the
 * view models depend on this interface so that each screen states exactly what it needs.
 * Long calls run on the calling (worker) thread and stop when it is interrupted.
 */
public interface Pipeline {
    ResolvedSource resolve(String sourceSpec, ProgressListener progress);

    PackageCatalog index(ResolvedSource source, ProgressListener progress);

    /** Builds the recipe's packages and reads their closure; the caller closes the result. */
    Realisation realise(ResolvedSource source, Recipe recipe, ProgressListener progress);

    /** The layering strategies, default first. */
    List<StrategyChoice> strategies();

    /** The layer plan of a realised closure under the recipe's strategy, budget and pins. */
    LayerPlan plan(Realisation realisation, Recipe recipe);

    /**
     * Builds the planned image and writes it to {@code output} in the given format. The output
     * appears whole or not at all: on failure or cancel nothing is left at {@code output}.
     */
    ExportResult export(Realisation realisation, LayerPlan plan, Recipe recipe, ExportFormat format, Path output,
                        ProgressListener progress);

    /**
     * Refuses, with a sentence, an export that could not be written (a bad image name, a format
     * that cannot hold the recipe's manifests) before anything is built. Cheap: no I/O.
     */
    default void checkExport(Recipe recipe, ExportFormat format, Path output) {
    }

    /** A strategy as the layers screen lists it. */
    record StrategyChoice(String name, String description) {
        @Override
        public String toString() {
            return name;
        }
    }
}
