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
import dev.strata.nix.Realisation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 */
public final class LayersViewModel {
    /** One layer of the plan as the table shows it; {@code position} counts from 1, base layer first. */
    public record LayerRow(int position, int paths, long narSize, double share, String reason, String contents) {}

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
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private long generation;

    public LayersViewModel(Workspace workspace) {
        this.workspace = workspace;
        strategies.setAll(workspace.pipeline().strategies());
        if (workspace.strategyProperty().get() == null && !strategies.isEmpty()) {
            workspace.strategyProperty().set(strategies.get(0).name());
        }
        for (Observable o : new Observable[] {workspace.realisationProperty(), workspace.strategyProperty(),
                workspace.maxLayersProperty(), workspace.pins()}) {
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
        comparisons.clear();
        if (r == null) {
            workspace.planProperty().set(null);
            error.set("");
            summary.set("Show the closure first; the layers are planned from it.");
            return;
        }
        Recipe recipe;
        try {
            recipe = workspace.toRecipe();
        } catch (RuntimeException e) {
            error.set(ErrorText.of(e));
            return;
        }
        busy.set(true);
        Tasks.of(p -> workspace.pipeline().plan(r, recipe))
                .onSuccess(plan -> {
                    if (gen == generation) {
                        error.set("");
                        workspace.planProperty().set(plan);
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

    private void showPlan(LayerPlan plan) {
        if (plan == null) {
            rows.clear();
            summary.set(workspace.realisationProperty().get() == null
                    ? "Show the closure first; the layers are planned from it." : "");
            return;
        }
        rows.setAll(rowsOf(plan));
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
        long total = Math.max(1, plan.totalNarSize());
        List<LayerRow> out = new ArrayList<>();
        for (int i = 0; i < plan.layers().size(); i++) {
            Layer l = plan.layers().get(i);
            out.add(new LayerRow(i + 1, l.paths().size(), l.narSize(), (double) l.narSize() / total,
                    l.reason() == null ? "" : l.reason(), contentsOf(l.paths())));
        }
        return out;
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
