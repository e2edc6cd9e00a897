package dev.strata.gui.common;

import dev.strata.compose.Recipe;
import dev.strata.compose.Sizes;
import dev.strata.image.SizeEstimate;
import dev.strata.layering.LayerPlan;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The workspace's plan as it will weigh in a registry, before it is built: each store layer's
 * compressed size, exact for layers the cache holds, estimated for the others ({@link SizeEstimate}).
 * Follows the plan and the compression; read from the cache's index off the FX thread. The Layers
 * and Build screens show it.
 */
public final class StoredSizes {
    private final Workspace workspace;
    private final ReadOnlyObjectWrapper<SizeEstimate> estimate = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private long generation;

    StoredSizes(Workspace workspace) {
        this.workspace = workspace;
        workspace.planProperty().addListener((o, a, b) -> update());
        workspace.compressionProperty().addListener((o, a, b) -> update());
    }

    /** Estimates again (after a build, the cache holds every layer: the figure becomes exact). */
    public void update() {
        LayerPlan plan = workspace.planProperty().get();
        long gen = ++generation;
        estimate.set(null);
        text.set("");
        if (plan == null) {
            return;
        }
        Recipe recipe;
        try {
            recipe = workspace.toRecipe();
        } catch (RuntimeException e) {
            return;
        }
        Tasks.of(p -> workspace.pipeline().estimate(plan, recipe))
                .onSuccess(e -> {
                    if (gen == generation) {
                        estimate.set(e);
                        text.set(describe(e, recipe.compression().id()));
                    }
                })
                .start();
    }

    /** "About 2.1 MiB to download (gzip): exact for 24 of 27 layers (in the cache), …". */
    static String describe(SizeEstimate e, String compression) {
        String size = Sizes.human(e.total());
        if (e.exact()) {
            return "Compressed: " + size + " (" + compression + "), exactly: every layer is in the cache.";
        }
        long exact = e.exactLayers();
        return "Compressed: about " + size + " (" + compression + "), "
                + (exact == 0 ? "estimated from the NAR sizes at a " + (e.ratioMeasured() ? "measured" : "typical")
                        + " ratio of " + String.format(Locale.ROOT, "%.2f", e.ratio()) + "."
                        : "exact for " + exact + " of " + Plural.of(e.layers().size(), "layer")
                        + " (in the cache), the others estimated at the ratio those had.");
    }

    /** A layer's stored size (1-based position), or null before it is known. */
    public SizeEstimate.LayerSize layer(int position) {
        SizeEstimate e = estimate.get();
        return e == null || position < 1 || position > e.layers().size() ? null : e.layers().get(position - 1);
    }

    public ReadOnlyObjectProperty<SizeEstimate> estimateProperty() {
        return estimate.getReadOnlyProperty();
    }

    /** The plan's compressed size in a sentence, or empty before it is known. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
