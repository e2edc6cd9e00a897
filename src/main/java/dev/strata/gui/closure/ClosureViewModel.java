package dev.strata.gui.closure;

import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import dev.strata.compose.Composer;
import dev.strata.compose.ProgressEvent;
import dev.strata.compose.Recipe;
import dev.strata.compose.Sizes;
import dev.strata.gui.common.LogLines;
import dev.strata.gui.common.Tasks;
import dev.strata.gui.common.Workspace;
import dev.strata.layering.LayerPlan;
import dev.strata.nix.Realisation;
import dev.strata.nix.SelectedPackage;
import dev.strata.source.ResolvedSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.Observable;
import dev.strata.gui.common.Plural;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The closure screen: realises the selected packages (a Nix build, with progress from Nix's own
 * log), then shows every store path of their runtime closure with its sizes, a why-depends chain
 * for the selected path, a filter, and the data of the drawn graph (laid out off the FX thread)
 * coloured by the layer each path falls into.
 */
public final class ClosureViewModel {
    public static final String NAR_HELP = "NAR size: the bytes of this store path alone.";
    public static final String CLOSURE_HELP = "Closure size: this path plus everything it references, directly or not.";
    public static final String ADDED_HELP = "Added size: what the image would lose without this path: the path plus "
            + "everything that is needed only through it.";

    /** One store path of the closure with its sizes. */
    public record PathRow(int index, StorePath path, long narSize, long closureSize, long addedSize, int references,
                          int referrers, boolean root) {
        public String name() {
            return path.name();
        }
    }

    private final Workspace workspace;
    private final ObservableList<PathRow> rows = FXCollections.observableArrayList();
    private final FilteredList<PathRow> filtered = new FilteredList<>(rows, r -> true);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ObjectProperty<PathRow> selected = new SimpleObjectProperty<>();
    private final ObservableList<PathRow> whyDepends = FXCollections.observableArrayList();
    private final ObjectProperty<GraphLayout> layout = new SimpleObjectProperty<>();
    private final ObjectProperty<int[]> layerOfPath = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper hint = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final LogLines log = new LogLines(5000);
    private Tasks.PipelineTask<?> running;

    public ClosureViewModel(Workspace workspace) {
        this.workspace = workspace;
        filter.addListener((o, a, b) -> {
            String f = b == null ? "" : b.strip().toLowerCase(Locale.ROOT);
            filtered.setPredicate(f.isEmpty() ? r -> true : r -> r.path().baseName().toLowerCase(Locale.ROOT).contains(f));
        });
        selected.addListener((o, a, b) -> updateWhyDepends(b));
        workspace.realisationProperty().addListener((o, a, b) -> show(b));
        workspace.planProperty().addListener((o, a, b) -> colour(b));
        // What the summary says before a closure follows the packages as they change.
        for (Observable roots : new Observable[] {workspace.packages(), workspace.expressions()}) {
            roots.addListener((Observable o) -> {
                if (workspace.realisationProperty().get() == null) {
                    summary.set(waitingSummary());
                }
            });
        }
        show(workspace.realisationProperty().get());
    }

    /** Builds the selected packages with Nix and reads their closure. */
    public void realise() {
        ResolvedSource source = workspace.sourceProperty().get();
        if (source == null) {
            error.set("Apply a package source first (the Source screen).");
            return;
        }
        if (workspace.nothingSelected()) {
            error.set("Add at least one package or expression first (the Search screen).");
            return;
        }
        cancel();
        Recipe recipe = workspace.toRecipe();
        error.set("");
        busy.set(true);
        progress.set(-1);
        progressText.set("Building " + Composer.roots(recipe) + " ...");
        log.clear();
        running = Tasks.of(p -> workspace.pipeline().realise(source, recipe, p))
                .onEvents(this::onEvents)
                .onSuccess(r -> {
                    workspace.realisationProperty().set(r);
                    workspace.statusProperty().set("Closure: " + Plural.of(r.closure().size(), "store path") + ", "
                            + Sizes.human(r.closure().totalNarSize()) + ".");
                })
                .onError(error::set)
                .onCancelled(() -> error.set("Cancelled; nothing was changed."))
                .onFinally(() -> {
                    busy.set(false);
                    progressText.set("");
                })
                .start();
    }

    private void onEvents(List<ProgressEvent> events) {
        List<String> lines = new ArrayList<>();
        for (ProgressEvent e : events) {
            if (e.kind() == ProgressEvent.Kind.LOG) {
                lines.add(e.message());
            } else {
                progressText.set(e.message());
                progress.set(e.fraction());
            }
        }
        log.addAll(lines);
    }

    public void cancel() {
        if (running != null && running.isRunning()) {
            running.cancel(true);
        }
    }

    private void show(Realisation r) {
        rows.clear();
        whyDepends.clear();
        selected.set(null);
        layout.set(null);
        layerOfPath.set(null);
        if (r == null) {
            hint.set("");
            summary.set(waitingSummary());
            return;
        }
        Closure c = r.closure();
        summary.set(Plural.of(c.size(), "store path") + ", " + Sizes.human(c.totalNarSize()) + " in all (NAR size); roots: "
                + String.join(", ", r.packages().stream().map(SelectedPackage::label).toList()));
        record Computed(List<PathRow> rows, GraphLayout layout, Map<String, List<String>> programs) {}
        Tasks.of(p -> new Computed(rowsOf(c), layoutOf(c), workspace.pipeline().programs(r)))
                .onSuccess(x -> {
                    if (workspace.realisationProperty().get() == r) {
                        rows.setAll(x.rows());
                        layout.set(x.layout());
                        colour(workspace.planProperty().get());
                        workspace.programs().putAll(x.programs());
                        hint.set(noProgramHint(x.programs()));
                    }
                })
                .onError(error::set)
                .start();
    }

    private String waitingSummary() {
        List<String> p = new ArrayList<>(workspace.packages());
        workspace.expressions().forEach(e -> p.add(Composer.shortExpression(e)));
        if (p.isEmpty()) {
            return "No packages in the image yet: add some on the Search screen.";
        }
        String names = p.size() <= 5 ? String.join(", ", p)
                : String.join(", ", p.subList(0, 4)) + " and " + (p.size() - 4) + " more";
        return "Press Show closure to build " + Plural.of(p.size(), "package") + " (" + names + ") and see "
                + (p.size() == 1 ? "its" : "their") + " closure.";
    }

    /** The packages that put no program on PATH, as a hint: such a package alone gives an image that runs nothing. */
    static String noProgramHint(Map<String, List<String>> programs) {
        List<String> none = programs.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey)
                .toList();
        if (none.isEmpty()) {
            return "";
        }
        boolean anyProgram = programs.values().stream().anyMatch(l -> !l.isEmpty());
        return String.join(", ", none) + (none.size() == 1 ? " puts" : " put") + " no program on PATH (/bin)"
                + (anyProgram ? "; " + (none.size() == 1 ? "it is" : "they are") + " there for the other packages to use."
                : ": the image has nothing to run. Add the program that uses " + (none.size() == 1 ? "it" : "them")
                + " (for a Python library, python3), or set an entrypoint on the Image screen.");
    }

    /** Every path with its sizes, largest closure first (nix-tree's order). */
    public static List<PathRow> rowsOf(Closure c) {
        List<PathRow> out = new ArrayList<>(c.size());
        boolean[] root = new boolean[c.size()];
        for (int i : c.rootIndices()) {
            root[i] = true;
        }
        for (int i = 0; i < c.size(); i++) {
            out.add(new PathRow(i, c.path(i), c.narSize(i), c.closureSize(i), c.addedSize(i), c.references(i).length,
                    c.referrers(i).length, root[i]));
        }
        out.sort(Comparator.comparingLong(PathRow::closureSize).reversed().thenComparing(PathRow::path));
        return out;
    }

    public static GraphLayout layoutOf(Closure c) {
        int n = c.size();
        int[][] refs = new int[n][];
        long[] sizes = new long[n];
        for (int i = 0; i < n; i++) {
            refs[i] = c.references(i);
            sizes[i] = c.narSize(i);
        }
        return GraphLayout.compute(refs, c.topoIndices(), sizes, GraphLayout.rowWidthFor(n));
    }

    /** The rows of the paths a path references, largest closure first (children in the tree). */
    public List<PathRow> referencesOf(PathRow row) {
        Realisation r = workspace.realisationProperty().get();
        if (r == null) {
            return List.of();
        }
        PathRow[] byIndex = byIndex();
        return Arrays.stream(r.closure().references(row.index())).mapToObj(i -> byIndex[i])
                .sorted(Comparator.comparingLong(PathRow::closureSize).reversed().thenComparing(PathRow::path)).toList();
    }

    /** The roots of the closure, as rows. */
    public List<PathRow> rootRows() {
        return rows.stream().filter(PathRow::root).toList();
    }

    private PathRow[] byIndexCache;

    private PathRow[] byIndex() {
        if (byIndexCache == null || byIndexCache.length != rows.size()) {
            byIndexCache = new PathRow[rows.size()];
            for (PathRow r : rows) {
                byIndexCache[r.index()] = r;
            }
        }
        return byIndexCache;
    }

    public PathRow row(int index) {
        return byIndex()[index];
    }

    private void updateWhyDepends(PathRow row) {
        Realisation r = workspace.realisationProperty().get();
        if (row == null || r == null) {
            whyDepends.clear();
            return;
        }
        PathRow[] byIndex = byIndex();
        whyDepends.setAll(r.closure().whyDepends(row.path()).stream().map(p -> byIndex[r.closure().indexOf(p)]).toList());
    }

    private void colour(LayerPlan plan) {
        Realisation r = workspace.realisationProperty().get();
        if (plan == null || r == null) {
            layerOfPath.set(null);
            return;
        }
        Closure c = r.closure();
        int[] layers = new int[c.size()];
        Arrays.fill(layers, -1);
        for (int l = 0; l < plan.layers().size(); l++) {
            final int layer = l;
            for (StorePath p : plan.layers().get(l).paths()) {
                c.find(p).ifPresent(i -> layers[i] = layer);
            }
        }
        layerOfPath.set(layers);
    }

    /** The layer (manifest position, from 1) a path falls into, or empty before planning. */
    public String layerText(PathRow row) {
        int[] l = layerOfPath.get();
        return l == null || row == null || l[row.index()] < 0 ? "" : Integer.toString(l[row.index()] + 1);
    }

    /** Pins the path to a layer of its own (re-plans through the layers screen). */
    public void pin(PathRow row) {
        if (row != null && !workspace.pins().contains(row.path().path())) {
            workspace.pins().add(row.path().path());
        }
    }

    public static String tooltipOf(PathRow r) {
        return r.path().path() + "\n"
                + "NAR size " + Sizes.human(r.narSize()) + ": the bytes of this path alone.\n"
                + "Closure size " + Sizes.human(r.closureSize()) + ": with everything it references.\n"
                + "Added size " + Sizes.human(r.addedSize()) + ": what the image loses without it "
                + "(it and what only it needs).\n"
                + r.references() + " references, " + r.referrers() + " referrers";
    }

    public ObservableList<PathRow> rows() {
        return rows;
    }

    public FilteredList<PathRow> filteredRows() {
        return filtered;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ObjectProperty<PathRow> selectedProperty() {
        return selected;
    }

    public ObservableList<PathRow> whyDepends() {
        return whyDepends;
    }

    public ObjectProperty<GraphLayout> layoutProperty() {
        return layout;
    }

    public ObjectProperty<int[]> layerOfPathProperty() {
        return layerOfPath;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** A hint about the image as built: packages that put no program on PATH. */
    public ReadOnlyStringProperty hintProperty() {
        return hint.getReadOnlyProperty();
    }

    /** Why the closure could not be planned into layers (the graph stays grey then), or empty. */
    public ReadOnlyStringProperty planErrorProperty() {
        return workspace.planErrorProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public LogLines log() {
        return log;
    }
}
