package dev.strata.gui.common;

import dev.strata.compose.Recipe;
import dev.strata.image.ImageConfig;
import dev.strata.layering.LayerPlan;
import dev.strata.compose.PackageCatalog;
import dev.strata.nix.Realisation;
import dev.strata.source.ResolvedSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The image being composed, shared by every screen: the applied source and its package index, the
 * selected packages and expressions, their realisation (closure), the layer plan, the image config and the tag.
 * Everything a recipe holds can be read back with {@link #toRecipe()}. FX thread only.
 *
 * <p>Changing the packages, the expressions or the source makes the realisation stale: it is closed (dropping its
 * GC root) and cleared, and with it the plan, so no screen shows a closure of other packages.
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
    private final ObjectProperty<ImageConfig> config = new SimpleObjectProperty<>(ImageConfig.empty());
    private final StringProperty tag = new SimpleStringProperty("");
    private final BooleanProperty allowUnfree = new SimpleBooleanProperty(false);
    private final BooleanProperty allowBroken = new SimpleBooleanProperty(false);
    private final ObjectProperty<Path> recipeFile = new SimpleObjectProperty<>();
    private final BooleanProperty dirty = new SimpleBooleanProperty(false);
    private final StringProperty status = new SimpleStringProperty("Choose a package source to begin.");
    /** Recipe settings this screen set does not edit (compression, manifest format, ...), kept on save. */
    private Recipe base = Recipe.of("demo", List.of());

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
        });
        for (Observable o : new Observable[] {sourceSpec, packages, expressions, strategy, maxLayers, pins, config, tag, allowUnfree,
                allowBroken}) {
            o.addListener(x -> dirty.set(true));
        }
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
                .build();
    }

    /** Shows a recipe: every screen follows. The source must be applied again (it is re-evaluated). */
    public void load(Recipe recipe, Path file) {
        base = recipe;
        String spec = recipe.source() == null ? "demo" : recipe.source();
        if (!spec.equals(sourceSpec.get())) {
            source.set(null);
            index.set(null);
        }
        sourceSpec.set(spec);
        packages.setAll(recipe.packages());
        expressions.setAll(recipe.expressions());
        strategy.set(recipe.strategy());
        maxLayers.set(recipe.maxLayers());
        pins.setAll(recipe.pins());
        config.set(recipe.config());
        tag.set(recipe.tag() == null ? "" : recipe.tag());
        allowUnfree.set(recipe.allowUnfree());
        allowBroken.set(recipe.allowBroken());
        recipeFile.set(file);
        dirty.set(false);
    }

    /** Adds packages not yet selected, in order. */
    public void addPackages(List<String> attrPaths) {
        List<String> add = new ArrayList<>();
        for (String a : attrPaths) {
            if (!packages.contains(a) && !add.contains(a)) {
                add.add(a);
            }
        }
        packages.addAll(add);
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

    public ObjectProperty<Path> recipeFileProperty() {
        return recipeFile;
    }

    public BooleanProperty dirtyProperty() {
        return dirty;
    }

    public StringProperty statusProperty() {
        return status;
    }
}
