package dev.strata.gui.layers;

import dev.strata.closure.StorePath;
import dev.strata.compose.Recipe;
import dev.strata.compose.Sizes;
import dev.strata.gui.common.ErrorText;
import dev.strata.gui.common.Pipeline;
import dev.strata.gui.common.Tasks;
import dev.strata.gui.common.Workspace;
import dev.strata.gui.common.Plural;
import dev.strata.image.SizeEstimate;
import dev.strata.layering.Layer;
import dev.strata.layering.LayerPlan;
import dev.strata.layering.PreviousPlan;
import dev.strata.layering.PullCost;
import dev.strata.nix.Realisation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The layers screen: the plan of the realised closure under the chosen strategy, budget and pins,
 * as rows with sizes and shares. Any change of those re-plans at once (off the FX thread; a newer
 * request supersedes an older one). The plan shown is stored in the workspace and is the very
 * object the build writes. {@link #compare()} plans the same closure with every strategy.
 *
 * <p>Day two: when the same recipe was built before (saved, pushed or loaded; the pipeline
 * remembers the plan of each build) or the user names a previous build (a plan or build JSON, an
 * image file), the plan keeps that build's still-valid layers ({@code --previous}) and each row
 * says whether a host holding the previous image has the layer, under both reuse rules: by digest
 * (containerd, podman, Docker 29+) and by ChainID (older Docker, where a layer counts only when the
 * whole stack below it is the same). The summary says what such a host pulls.
 */
public final class LayersViewModel {
    /**
     * One layer of the plan as the table shows it; {@code position} counts from 1, base layer first.
     * {@code onHost}: what a host holding the previous build does with the layer, empty without one.
     */
    public record LayerRow(int position, int paths, long narSize, double share, String reason, String contents,
                           String onHost) {}

    /**
     * A plan and the previous build it is costed against: the one the recipe names (the plan keeps
     * its still-valid layers) or, when it names none, the last build of the same recipe (cost only).
     */
    private record Planned(LayerPlan plan, Optional<PreviousPlan> previous) {}

    /** A layer's stored size before building: {@code exact} when the cache holds it. */
    public record StoredSize(long size, boolean exact) {}

    /** One strategy's plan of this closure, for the side-by-side comparison. */
    public record Comparison(String strategy, LayerPlan plan, int layers, long largest, long median, String error) {}

    private final Workspace workspace;
    private final ObservableList<Pipeline.StrategyChoice> strategies = FXCollections.observableArrayList();
    private final ObservableList<LayerRow> rows = FXCollections.observableArrayList();
    private final ObservableList<Comparison> comparisons = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper previousSource = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper pullCost = new ReadOnlyStringWrapper("");
    /** The previous build the plan shown was costed against. */
    private Optional<PreviousPlan> shownPrevious = Optional.empty();
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private long generation;
    /** The plan being made, cancelled by a newer one (it may wait on a base image that does not answer). */
    private Tasks.PipelineTask<Planned> planning;

    public LayersViewModel(Workspace workspace) {
        this.workspace = workspace;
        strategies.setAll(workspace.pipeline().strategies());
        if (workspace.strategyProperty().get() == null && !strategies.isEmpty()) {
            workspace.strategyProperty().set(strategies.get(0).name());
        }
        for (Observable o : new Observable[] {workspace.realisationProperty(), workspace.strategyProperty(),
                workspace.maxLayersProperty(), workspace.pins(), workspace.fromProperty(), workspace.adds(),
                workspace.previousProperty()}) {
            o.addListener(x -> replan());
        }
        workspace.planProperty().addListener((o, a, b) -> showPlan(b));
        error.addListener((o, a, b) -> workspace.planErrorProperty().set(b));
        replan();
    }

    /** Plans again with the current settings; the result becomes the workspace's plan. */
    public void replan() {
        Realisation r = workspace.realisationProperty().get();
        long gen = ++generation;
        if (planning != null) {
            planning.cancel(true);
            planning = null;
        }
        comparisons.clear();
        if (r == null) {
            busy.set(false);
            workspace.planProperty().set(null);
            error.set("");
            summary.set("Show the closure first; the layers are planned from it.");
            return;
        }
        Recipe recipe;
        try {
            recipe = workspace.toRecipe();
        } catch (RuntimeException e) {
            busy.set(false);
            error.set(ErrorText.of(e));
            return;
        }
        busy.set(true);
        // The recipe decides the image: only a previous build it names shapes the plan, as
        // `strata build --recipe` of the saved file does; the last build is shown for its cost.
        Path file = workspace.recipeFileProperty().get();
        String named = recipe.previous() == null ? null
                : file == null || file.getParent() == null ? recipe.previous()
                : recipe.resolvedAgainst(file.getParent()).previous();
        Pipeline pipeline = workspace.pipeline();
        planning = Tasks.of(p -> {
                    Optional<PreviousPlan> kept = named != null ? Optional.of(pipeline.readPrevious(named))
                            : Optional.empty();
                    LayerPlan plan = pipeline.plan(r, recipe, kept);
                    return new Planned(plan, kept.isPresent() ? kept : pipeline.lastBuild(recipe));
                })
                .onSuccess(planned -> {
                    if (gen == generation) {
                        error.set("");
                        shownPrevious = planned.previous();
                        boolean same = planned.plan().equals(workspace.planProperty().get());
                        workspace.planProperty().set(planned.plan());
                        if (same) {
                            showPlan(planned.plan()); // an equal plan fires no change, but its previous build may be another
                        }
                    }
                })
                .onError(m -> {
                    if (gen == generation) {
                        workspace.planProperty().set(null);
                        error.set(m);
                    }
                })
                .onFinally(() -> {
                    if (gen == generation) {
                        busy.set(false);
                    }
                })
                .start();
    }

    /**
     * Plans against a previous build, a setting of the recipe ({@code previous}, one undoable
     * edit): a plan or build JSON file, or an image ({@code oci-archive:FILE},
     * {@code docker-archive:FILE}, {@code oci:DIR}, a registry or daemon reference); a file name
     * alone is read as plan JSON when it ends in {@code .json}, else as an OCI archive. Blank: no
     * previous build (the last build of the same recipe is still shown for what it would cost).
     */
    public void choosePrevious(String spec) {
        String s = spec == null ? "" : spec.strip();
        String chosen = s.isEmpty() ? null : s.contains(":") || s.endsWith(".json") ? s : "oci-archive:" + s;
        if (Objects.equals(chosen, workspace.previousProperty().get())) {
            replan(); // read it again: the file may have changed
        } else {
            workspace.previousProperty().set(chosen);
        }
    }

    private void showPlan(LayerPlan plan) {
        if (plan == null) {
            rows.clear();
            previousSource.set("");
            pullCost.set("");
            summary.set(workspace.realisationProperty().get() == null
                    ? "Show the closure first; the layers are planned from it." : "");
            return;
        }
        Optional<PullCost> cost = shownPrevious.map(p -> PullCost.of(plan, p));
        rows.setAll(rowsOf(plan, cost));
        boolean named = workspace.previousProperty().get() != null;
        previousSource.set(shownPrevious.map(p -> p.source() + " (" + Plural.of(p.layers().size(), "store layer") + ")")
                .orElse(""));
        pullCost.set(cost.map(c -> "A host holding it pulls " + Sizes.human(c.byDigest()) + " by digest (containerd, "
                + "podman, Docker 29+) and " + Sizes.human(c.byChain()) + " by ChainID (older Docker), of "
                + Sizes.human(plan.totalNarSize()) + "; " + c.layers().stream().filter(PullCost.LayerCost::reusedByDigest)
                .count() + " of " + Plural.of(plan.layers().size(), "layer") + " it has already."
                + (named ? "" : " This plan does not keep its layers: name it and press Use for that.")).orElse(""));
        summary.set(Plural.of(plan.layers().size(), "store layer") + " (+1 symlink layer) of "
                + Plural.of(plan.pathCount(), "path") + ", " + Sizes.human(plan.totalNarSize()) + "; strategy "
                + plan.strategy() + ", budget " + plan.maxLayers());
    }

    /** A layer's stored size (1-based position) as far as known: exact when cached, estimated otherwise. */
    public StoredSize storedSize(int position) {
        SizeEstimate.LayerSize l = workspace.storedSizes().layer(position);
        return l == null ? null : new StoredSize(l.size(), l.exact());
    }

    public ReadOnlyObjectProperty<SizeEstimate> estimateProperty() {
        return workspace.storedSizes().estimateProperty();
    }

    /** The image's compressed size before building, in a sentence (empty until known). */
    public ReadOnlyStringProperty estimateTextProperty() {
        return workspace.storedSizes().textProperty();
    }

    public static List<LayerRow> rowsOf(LayerPlan plan) {
        return rowsOf(plan, Optional.empty());
    }

    /** The rows, each saying what a host holding the previous build does with the layer when there is one. */
    public static List<LayerRow> rowsOf(LayerPlan plan, Optional<PullCost> cost) {
        long total = Math.max(1, plan.totalNarSize());
        List<LayerRow> out = new ArrayList<>();
        for (int i = 0; i < plan.layers().size(); i++) {
            Layer l = plan.layers().get(i);
            String onHost = cost.map(c -> c.layers().get(out.size())).map(LayersViewModel::onHost).orElse("");
            out.add(new LayerRow(i + 1, l.paths().size(), l.narSize(), (double) l.narSize() / total,
                    l.reason() == null ? "" : l.reason(), contentsOf(l.paths()), onHost));
        }
        return out;
    }

    /** What a host holding the previous build does with a layer, under both reuse rules. */
    static String onHost(PullCost.LayerCost c) {
        if (c.reusedByChain()) {
            return "reused";
        }
        if (c.reusedByDigest()) {
            return "reused by digest; pulled by ChainID";
        }
        return "pulled (" + Sizes.human(c.narSize()) + ")";
    }

    static String contentsOf(List<StorePath> paths) {
        List<StorePath> bySize = paths;
        String names = String.join(", ", bySize.stream().limit(4).map(StorePath::name).toList());
        return paths.size() > 4 ? names + " and " + (paths.size() - 4) + " more" : names;
    }

    public static String share(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    /** Pins a package (attribute path) or store path to a layer of its own. */
    public void pin(String packageOrPath) {
        if (packageOrPath != null && !packageOrPath.isBlank() && !workspace.pins().contains(packageOrPath)) {
            workspace.pins().add(packageOrPath);
        }
    }

    public void unpin(String packageOrPath) {
        unpin(List.of(packageOrPath));
    }

    /** Unpins the given pins (Delete on the pin list). */
    public void unpin(List<String> pins) {
        if (!pins.isEmpty() && workspace.pins().removeAll(pins)) {
            workspace.statusProperty().set("Unpinned " + String.join(", ", pins.stream().map(Workspace::shortName).toList())
                    + ".");
        }
    }

    /** The store paths of a layer (1-based position), for the layer's detail list. */
    public List<StorePath> pathsOf(int position) {
        LayerPlan plan = workspace.planProperty().get();
        return plan == null || position < 1 || position > plan.layers().size() ? List.of()
                : plan.layers().get(position - 1).paths();
    }

    /** Plans the closure with every strategy, for the comparison view. */
    public void compare() {
        Realisation r = workspace.realisationProperty().get();
        if (r == null) {
            summary.set("Show the closure first; the comparison plans it with every strategy.");
            return;
        }
        Recipe recipe = workspace.toRecipe();
        List<Pipeline.StrategyChoice> all = List.copyOf(strategies);
        Tasks.of(p -> {
            List<Comparison> out = new ArrayList<>();
            for (Pipeline.StrategyChoice s : all) {
                try {
                    LayerPlan plan = workspace.pipeline().plan(r, recipe.toBuilder().strategy(s.name()).build());
                    long[] sizes = plan.layers().stream().mapToLong(Layer::narSize).sorted().toArray();
                    out.add(new Comparison(s.name(), plan, sizes.length, sizes.length == 0 ? 0 : sizes[sizes.length - 1],
                            sizes.length == 0 ? 0 : sizes[sizes.length / 2], ""));
                } catch (RuntimeException e) {
                    out.add(new Comparison(s.name(), null, 0, 0, 0, ErrorText.of(e)));
                }
            }
            return out;
        }).onSuccess(comparisons::setAll).onError(error::set).start();
    }

    public ObservableList<Pipeline.StrategyChoice> strategies() {
        return strategies;
    }

    public ObservableList<LayerRow> rows() {
        return rows;
    }

    public ObservableList<Comparison> comparisons() {
        return comparisons;
    }

    public ObservableList<String> pins() {
        return workspace.pins();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The previous build the recipe names ({@code previous}), or null: the plan keeps its still-valid layers. */
    public ReadOnlyStringProperty previousSpecProperty() {
        return workspace.previousProperty();
    }

    /** The previous build the plan is costed against (and keeps layers of, when the recipe names it); empty when there is none. */
    public ReadOnlyStringProperty previousSourceProperty() {
        return previousSource.getReadOnlyProperty();
    }

    /** What a host holding the previous build pulls for this plan, by digest and by ChainID; empty without one. */
    public ReadOnlyStringProperty pullCostProperty() {
        return pullCost.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public Workspace workspace() {
        return workspace;
    }
}
