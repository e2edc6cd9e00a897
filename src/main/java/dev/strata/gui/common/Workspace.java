package dev.strata.gui.common;

import dev.strata.compose.PackageCatalog;
import dev.strata.compose.Recipe;
import dev.strata.image.AddedFiles;
import dev.strata.image.Compression;
import dev.strata.image.CreationTime;
import dev.strata.image.ImageConfig;
import dev.strata.image.ManifestFormat;
import dev.strata.layering.LayerPlan;
import dev.strata.nix.Realisation;
import dev.strata.source.ResolvedSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The image being composed, shared by every screen: the applied source and its package index, the
 * selected packages and expressions, their realisation (closure), the layer plan, the image config and the tag.
 * Everything a recipe holds can be read back with {@link #toRecipe()}. FX thread only.
 *
 * <p>Changing the packages, the expressions or the source makes the realisation stale: it is closed (dropping its
 * GC root) and cleared, and with it the plan, so no screen shows a closure of other packages.
 *
 * <p>Changes are tracked on the whole recipe value, never per field: the window is modified when
 * {@link #toRecipe()} differs from the recipe last opened or saved (or the one a new window started
 * with), and each committed edit records the recipe it left in a {@link History} for undo and redo.
 * A setting added to the recipe later is covered by both without anything written here. Edits that
 * change several settings at once (opening, undoing, dropping what a new source lacks) run inside
 * {@link #batch} and make one step.
 */
public final class Workspace {
    private final Pipeline pipeline;
    private final StringProperty sourceSpec = new SimpleStringProperty("demo");
    private final ObjectProperty<ResolvedSource> source = new SimpleObjectProperty<>();
    private final ObjectProperty<PackageCatalog> index = new SimpleObjectProperty<>();
    private final ObservableList<String> packages = FXCollections.observableArrayList();
    private final ObservableList<String> expressions = FXCollections.observableArrayList();
    private final ObjectProperty<Realisation> realisation = new SimpleObjectProperty<>();
    private final StringProperty strategy = new SimpleStringProperty();
    private final IntegerProperty maxLayers = new SimpleIntegerProperty(Recipe.DEFAULT_MAX_LAYERS);
    private final ObservableList<String> pins = FXCollections.observableArrayList();
    private final ObjectProperty<LayerPlan> plan = new SimpleObjectProperty<>();
    private final StringProperty planError = new SimpleStringProperty("");
    private final ObservableMap<String, List<String>> programs = FXCollections.observableHashMap();
    private final ObjectProperty<ImageConfig> config = new SimpleObjectProperty<>(ImageConfig.empty());
    private final StringProperty tag = new SimpleStringProperty("");
    private final BooleanProperty allowUnfree = new SimpleBooleanProperty(false);
    private final BooleanProperty allowBroken = new SimpleBooleanProperty(false);
    private final ObjectProperty<Compression> compression = new SimpleObjectProperty<>(Compression.GZIP);
    private final ObjectProperty<ManifestFormat> manifestFormat = new SimpleObjectProperty<>(ManifestFormat.OCI);
    private final ObjectProperty<CreationTime> created = new SimpleObjectProperty<>(CreationTime.EPOCH);
    private final ObjectProperty<Path> recipeFile = new SimpleObjectProperty<>();
    /** The base image reference ({@code --from}), or null for none; always one the recipe accepts. */
    private final StringProperty from = new SimpleStringProperty();
    /**
     * The previous build the plan keeps the still-valid layers of ({@code --previous}), as the recipe
     * names it, or null for none. A setting of the recipe, so the window builds what
     * {@code strata build --recipe} builds from the saved file.
     */
    private final StringProperty previous = new SimpleStringProperty();
    /** Files added on top ({@code --add}), sources absolute. */
    private final ObservableList<AddedFiles> adds = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(false);
    private final StringProperty status = new SimpleStringProperty("Choose a package source to begin.");
    private final ReadOnlyObjectWrapper<Notice> notice = new ReadOnlyObjectWrapper<>();
    /** Recipe settings the window does not edit (popularity), kept on save. */
    private Recipe base = Recipe.of("demo", List.of());
    /** The recipe the window is compared with to say whether it is modified. */
    private Recipe saved;
    private final History<Recipe> history;
    private final StoredSizes storedSizes;
    private int batchDepth;
    private String typingIn;

    /** A note the window shows until it is dismissed or the next one comes: something it did on its own. */
    public record Notice(String text, boolean undoable) {}

    public Workspace(Pipeline pipeline) {
        this.pipeline = pipeline;
        packages.addListener((Observable o) -> dropRealisation());
        expressions.addListener((Observable o) -> dropRealisation());
        sourceSpec.addListener((o, a, b) -> dropRealisation());
        allowUnfree.addListener((o, a, b) -> dropRealisation());
        allowBroken.addListener((o, a, b) -> dropRealisation());
        realisation.addListener((o, old, now) -> {
            if (old != null && old != now) {
                old.close();
            }
            plan.set(null);
            programs.clear();
            if (now != null && !pins.isEmpty()) {
                dropUnmatchedPins(now);
            }
        });
        saved = toRecipe();
        history = new History<>(saved);
        for (Observable o : compositionFields()) {
            o.addListener(x -> edited());
        }
        storedSizes = new StoredSizes(this);
    }

    /** The plan's compressed size before building. */
    public StoredSizes storedSizes() {
        return storedSizes;
    }

    /** Everything {@link #toRecipe()} reads: a change of any of them is an edit of the composition. */
    private Observable[] compositionFields() {
        return new Observable[] {sourceSpec, packages, expressions, strategy, maxLayers, pins, config, tag, allowUnfree, allowBroken,
            compression, manifestFormat, created, from, adds, previous};
    }

    /**
     * Pins that match nothing in a new closure (made on another package set, or for a package no
     * longer in the image) would only make planning fail: they are dropped, with a note and undo.
     */
    private void dropUnmatchedPins(Realisation now) {
        List<String> gone;
        try {
            gone = pipeline.unmatchedPins(now, List.copyOf(pins));
        } catch (RuntimeException e) {
            return; // planning will say what is wrong
        }
        if (!gone.isEmpty()) {
            batch(() -> pins.removeAll(gone));
            note(new Notice("Unpinned " + String.join(", ", gone.stream().map(Workspace::shortName).toList())
                    + ": " + (gone.size() == 1 ? "it is" : "they are") + " not in this closure (pinned for other "
                    + "packages or another source).", true));
        }
    }

    /** A pin as the window names it: a store path by its name without the hash. */
    public static String shortName(String pin) {
        return pin.startsWith("/nix/store/") && pin.length() > 44 ? pin.substring(44) : pin;
    }

    private void dropRealisation() {
        realisation.set(null);
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /** The recipe of what is on screen now. */
    public Recipe toRecipe() {
        return base.toBuilder()
                .source(sourceSpec.get())
                .packages(List.copyOf(packages))
                .expressions(List.copyOf(expressions))
                .strategy(strategy.get())
                .maxLayers(maxLayers.get())
                .pins(List.copyOf(pins))
                .config(config.get())
                .tag(tag.get() == null || tag.get().isBlank() ? null : tag.get().strip())
                .allowUnfree(allowUnfree.get())
                .allowBroken(allowBroken.get())
                .compression(compression.get())
                .manifestFormat(manifestFormat.get())
                .created(created.get())
                .from(from.get())
                .adds(List.copyOf(adds))
                .previous(previous.get() == null || previous.get().isBlank() ? null : previous.get().strip())
                .build();
    }

    /** An edit happened: outside a batch it is a step of the history (coalesced while typing). */
    private void edited() {
        if (batchDepth > 0) {
            return;
        }
        Recipe now;
        try {
            now = toRecipe();
        } catch (RuntimeException e) {
            return; // a combination the recipe refuses (zstd with Docker manifests): the screen says why
        }
        history.record(now, typingIn);
        dirty.set(!now.equals(saved));
    }

    /** Runs several changes as one edit: one step of the history, one check of the modified mark. */
    public void batch(Runnable changes) {
        batchDepth++;
        try {
            changes.run();
        } finally {
            batchDepth--;
        }
        if (batchDepth == 0) {
            edited();
        }
    }

    /**
     * Says which text field the user is typing into (null when none): edits made meanwhile are one
     * step of the history, not one per keystroke.
     */
    public void typingIn(String field) {
        if (field == null || !field.equals(typingIn)) {
            history.endRun();
        }
        typingIn = field;
    }

    /** Goes back to the recipe before the last edit; false when there is none. */
    public boolean undo() {
        return restore(history.undo());
    }

    /** Goes forward to the recipe the last undo left; false when there is none. */
    public boolean redo() {
        return restore(history.redo());
    }

    private boolean restore(Recipe r) {
        if (r == null) {
            return false;
        }
        batchDepth++;
        try {
            show(r);
        } finally {
            batchDepth--;
        }
        // The screens may have shown the recipe in their own normal form (the image settings do):
        // that form is the step, not a new one.
        Recipe now = toRecipe();
        dirty.set(!now.equals(saved));
        return true;
    }

    /** Puts every setting of a recipe on screen. */
    private void show(Recipe recipe) {
        base = recipe;
        String spec = recipe.source() == null ? "demo" : recipe.source();
        if (!spec.equals(sourceSpec.get())) {
            source.set(null);
            index.set(null);
        }
        sourceSpec.set(spec);
        if (!packages.equals(recipe.packages())) {
            packages.setAll(recipe.packages());
        }
        if (!expressions.equals(recipe.expressions())) {
            expressions.setAll(recipe.expressions());
        }
        strategy.set(recipe.strategy());
        maxLayers.set(recipe.maxLayers());
        if (!pins.equals(recipe.pins())) {
            pins.setAll(recipe.pins());
        }
        config.set(recipe.config());
        tag.set(recipe.tag() == null ? "" : recipe.tag());
        allowUnfree.set(recipe.allowUnfree());
        allowBroken.set(recipe.allowBroken());
        compression.set(recipe.compression());
        manifestFormat.set(recipe.manifestFormat());
        created.set(recipe.created());
        from.set(recipe.from());
        previous.set(recipe.previous());
        if (!adds.equals(recipe.adds())) {
            adds.setAll(recipe.adds());
        }
    }

    /** Shows a recipe: every screen follows. The source must be applied again (it is re-evaluated). */
    public void load(Recipe recipe, Path file) {
        batchDepth++;
        try {
            show(recipe);
        } finally {
            batchDepth--;
        }
        recipeFile.set(file);
        markSaved();
        history.reset(saved);
        notice.set(null);
    }

    /**
     * What is on screen now is what the recipe file holds (or, for a window without a file, what it
     * starts from): the window is not modified. The history is kept; undo can go back past a save.
     */
    public void markSaved() {
        saved = toRecipe();
        dirty.set(false);
    }

    /** Starts over: the history too is forgotten (a new window, or the screens set up). */
    public void startFresh() {
        markSaved();
        history.reset(saved);
    }

    /** Adds packages not yet selected, in order; returns those that were not there before. */
    public List<String> addPackages(List<String> attrPaths) {
        List<String> add = new ArrayList<>();
        for (String a : attrPaths) {
            if (!packages.contains(a) && !add.contains(a)) {
                add.add(a);
            }
        }
        packages.addAll(add);
        return add;
    }

    /** Shows a note in the window (null clears it). */
    public void note(Notice n) {
        notice.set(n);
    }

    public ReadOnlyObjectProperty<Notice> noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public StringProperty sourceSpecProperty() {
        return sourceSpec;
    }

    public ObjectProperty<ResolvedSource> sourceProperty() {
        return source;
    }

    public ObjectProperty<PackageCatalog> indexProperty() {
        return index;
    }

    public ObservableList<String> packages() {
        return packages;
    }

    /** Nix expressions that are roots of the image, as typed ({@code --expr}). */
    public ObservableList<String> expressions() {
        return expressions;
    }

    /** True when there is nothing to build: no package and no expression. */
    public boolean nothingSelected() {
        return packages.isEmpty() && expressions.isEmpty();
    }

    public ObjectProperty<Realisation> realisationProperty() {
        return realisation;
    }

    public StringProperty strategyProperty() {
        return strategy;
    }

    public IntegerProperty maxLayersProperty() {
        return maxLayers;
    }

    public ObservableList<String> pins() {
        return pins;
    }

    /** Each package of the realisation and the programs it puts on PATH, once known (empty before). */
    public ObservableMap<String, List<String>> programs() {
        return programs;
    }

    /** Why the closure could not be planned into layers, or empty (every screen that shows the plan says it). */
    public StringProperty planErrorProperty() {
        return planError;
    }

    public ObjectProperty<LayerPlan> planProperty() {
        return plan;
    }

    public ObjectProperty<ImageConfig> configProperty() {
        return config;
    }

    public StringProperty tagProperty() {
        return tag;
    }

    public BooleanProperty allowUnfreeProperty() {
        return allowUnfree;
    }

    public BooleanProperty allowBrokenProperty() {
        return allowBroken;
    }

    /** {@code gzip}, {@code zstd} or {@code none}: how the layers are compressed. */
    public ObjectProperty<Compression> compressionProperty() {
        return compression;
    }

    /** {@code oci} or {@code docker}: the manifest and config media types. */
    public ObjectProperty<ManifestFormat> manifestFormatProperty() {
        return manifestFormat;
    }

    /** The epoch (1 January 1970: reproducible, the default) or now: the image's creation date. */
    public ObjectProperty<CreationTime> createdProperty() {
        return created;
    }

    /** The image the composition builds on ({@code --from}), or null; set only references the recipe accepts. */
    public StringProperty fromProperty() {
        return from;
    }

    /** Files and directories added on top of the store layers ({@code --add}), one layer each; sources absolute. */
    /** The previous build the recipe names ({@code previous}), or null. */
    public StringProperty previousProperty() {
        return previous;
    }

    public ObservableList<AddedFiles> adds() {
        return adds;
    }

    public ObjectProperty<Path> recipeFileProperty() {
        return recipeFile;
    }

    /** True when what is on screen differs from the recipe last opened or saved. */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return history.canUndoProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return history.canRedoProperty();
    }

    public StringProperty statusProperty() {
        return status;
    }
}
