package dev.strata.gui.layers;

import dev.strata.compose.Recipe;
import dev.strata.gui.common.Pipeline;
import dev.strata.gui.common.Tasks;
import dev.strata.gui.common.Workspace;
import dev.strata.gui.inspect.FileTree;
import dev.strata.inspect.LayerListing;
import dev.strata.layering.LayerPlan;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The files of the layer selected on the Layers screen, twice: before building, from its store
 * paths as they are on disk, and after building, from the layer blob the cache holds for it (what
 * the image really carries). Both trees are read and built on a worker thread, only while the
 * pane is open; a newer selection or plan cancels the older reading.
 */
public final class LayerContentsViewModel {
    /** The two trees of one layer: {@code built} empty before the layer was built. */
    record Trees(FileTree store, Optional<FileTree> built) {}

    private final Workspace workspace;
    private final ReadOnlyObjectWrapper<FileTree> before = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<FileTree> after = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper beforeNote = new ReadOnlyStringWrapper("Select a layer to see its files");
    private final ReadOnlyStringWrapper afterNote = new ReadOnlyStringWrapper("Select a layer to see its files");
    private final BooleanProperty shown = new SimpleBooleanProperty(false);
    private int position;
    private long generation;
    private Tasks.PipelineTask<Trees> reading;

    public LayerContentsViewModel(Workspace workspace) {
        this.workspace = workspace;
        workspace.planProperty().addListener((o, a, b) -> reload());
        shown.addListener((o, a, b) -> reload());
        // A build (or a new compression) re-estimates the stored sizes from the cache: the built layer may be there now.
        workspace.storedSizes().estimateProperty().addListener((o, a, b) -> {
            if (b != null && after.get() == null && reading == null) {
                reload();
            }
        });
    }

    /** Shows the files of a layer of the plan (position from 1; 0 for none). */
    public void select(int position) {
        this.position = position;
        reload();
    }

    /** Reads the selected layer's files again (after a build, say). */
    public void reload() {
        long gen = ++generation;
        if (reading != null) {
            reading.cancel(true);
            reading = null;
        }
        LayerPlan plan = workspace.planProperty().get();
        int pos = position;
        if (plan == null || pos < 1 || pos > plan.layers().size()) {
            before.set(null);
            after.set(null);
            beforeNote.set("Select a layer to see its files");
            afterNote.set("Select a layer to see its files");
            return;
        }
        if (!shown.get()) {
            return;
        }
        Recipe recipe;
        try {
            recipe = workspace.toRecipe();
        } catch (RuntimeException e) {
            recipe = null;
        }
        Recipe r = recipe;
        Pipeline pipeline = workspace.pipeline();
        before.set(null);
        after.set(null);
        beforeNote.set("Reading the store paths of layer " + pos + "\u2026");
        afterNote.set("Looking for layer " + pos + " in the cache\u2026");
        reading = Tasks.of(p -> {
                    LayerListing store = pipeline.plannedLayerFiles(plan, pos);
                    FileTree storeTree = FileTree.of(store.files());
                    Optional<LayerListing> built = r == null ? Optional.empty() : pipeline.builtLayerFiles(plan, pos, r);
                    return new Trees(storeTree, built.map(l -> FileTree.of(l.files())));
                })
                .onSuccess(t -> {
                    if (gen == generation) {
                        before.set(t.store());
                        beforeNote.set("");
                        after.set(t.built().orElse(null));
                        afterNote.set(t.built().isPresent() ? "" : "Layer " + pos + " has not been built yet: build the "
                                + "image (save, push or load) to see the layer as the image carries it.");
                    }
                })
                .onError(m -> {
                    if (gen == generation) {
                        beforeNote.set(m);
                        afterNote.set(m);
                    }
                })
                .onFinally(() -> {
                    if (gen == generation) {
                        reading = null;
                    }
                })
                .start();
    }

    /** True while the pane is open: nothing is read while it is closed. */
    public BooleanProperty shownProperty() {
        return shown;
    }

    public ReadOnlyObjectProperty<FileTree> beforeProperty() {
        return before.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<FileTree> afterProperty() {
        return after.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty beforeNoteProperty() {
        return beforeNote.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty afterNoteProperty() {
        return afterNote.getReadOnlyProperty();
    }
}
