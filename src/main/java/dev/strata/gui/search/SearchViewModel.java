package dev.strata.gui.search;

import dev.strata.StrataException;
import dev.strata.compose.Composer;
import dev.strata.compose.PackageCatalog;
import dev.strata.compose.Sizes;
import dev.strata.gui.common.Debouncer;
import dev.strata.gui.common.Plural;
import dev.strata.gui.common.Tasks;
import dev.strata.gui.common.Workspace;
import dev.strata.nix.PackageInfo;
import dev.strata.nix.PackageOutputs;
import dev.strata.nix.Realisation;
import dev.strata.nix.SelectedPackage;
import dev.strata.source.ResolvedSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import javafx.collections.ObservableList;

/**
 * The search screen: results follow the query as it is typed. Each keystroke restarts a short
 * quiet period ({@link #DEBOUNCE}); the search itself runs off the FX thread and a newer query
 * cancels an older search, so typing never waits for results. Adding puts attribute paths into
 * the workspace's selection, which this screen also edits, as it edits the image's Nix expressions.
 *
 * <p>The selected result's details (description, version, licence, homepage, the outputs the image
 * gets) are shown beside the results; its outputs come from a Nix evaluation (no build), and its
 * closure size once it is known: when the package is in the store already, or from a closure shown
 * on the Closure screen. Known sizes fill the results' Size column, by which they can be sorted.
 */
public final class SearchViewModel {
    public static final Duration DEBOUNCE = Duration.ofMillis(150);
    public static final int LIMIT = 500;

    private final Workspace workspace;
    private final StringProperty query = new SimpleStringProperty("");
    private final ObservableList<PackageInfo> results = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final StringProperty expressionText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper expressionError = new ReadOnlyStringWrapper("");
    private final Debouncer debouncer = new Debouncer(DEBOUNCE);
    private final ObjectProperty<PackageInfo> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper outputs = new ReadOnlyStringWrapper("");
    private final ObservableMap<String, Long> closureSizes = FXCollections.observableHashMap();
    private final Map<String, PackageOutputs> outputsKnown = new HashMap<>();
    private Tasks.PipelineTask<?> running;
    private Tasks.PipelineTask<?> detailing;
    private long generation;
    /** The query the results on screen answer, or null while none has come back. */
    private String answered;
    /** Enter was pressed in the search box before the results of its query came: add the top one when they do. */
    private boolean addTopWhenAnswered;

    public SearchViewModel(Workspace workspace) {
        this.workspace = workspace;
        query.addListener((o, a, b) -> debouncer.trigger(this::searchNow));
        workspace.indexProperty().addListener((o, a, b) -> {
            closureSizes.clear();
            outputsKnown.clear();
            searchNow();
        });
        workspace.realisationProperty().addListener((o, a, b) -> learnSizes(b));
        selected.addListener((o, a, b) -> showDetails(b));
        searchNow();
    }

    /** Searches at once (the debounce period ended). */
    public void searchNow() {
        debouncer.cancel();
        PackageCatalog index = workspace.indexProperty().get();
        if (index == null) {
            results.clear();
            answered = null;
            summary.set("Apply a package source first (the Source screen).");
            return;
        }
        if (running != null) {
            running.cancel(true);
        }
        String q = query.get();
        long gen = ++generation;
        answered = null;
        running = Tasks.of(p -> index.search(q, LIMIT + 1))
                .onSuccess(found -> {
                    if (gen != generation) {
                        return; // an older search that finished late
                    }
                    results.setAll(found.subList(0, Math.min(LIMIT, found.size())));
                    summary.set(summaryOf(q, found.size(), index.size()));
                    answered = q;
                    if (addTopWhenAnswered) {
                        addTopWhenAnswered = false;
                        addTopHit();
                    }
                })
                .onError(summary::set)
                .start();
    }

    /**
     * Enter in the search box: adds the top result of what is typed. When the results of the query
     * are not back yet, they are searched now and the top one is added when they arrive.
     */
    public void addTopHit() {
        if (!Objects.equals(answered, query.get())) {
            addTopWhenAnswered = true;
            searchNow();
            return;
        }
        if (results.isEmpty()) {
            workspace.statusProperty().set("Nothing to add: no package matches \u201c" + query.get().strip() + "\u201d.");
            return;
        }
        add(List.of(results.get(0)));
    }

    static String summaryOf(String q, int found, int total) {
        if (q == null || q.isBlank()) {
            return Plural.of(total, "package") + "; type to search";
        }
        if (found == 0) {
            return "No package matches \u201c" + q.strip() + "\u201d";
        }
        return found > LIMIT ? "First " + LIMIT + " matches of " + Plural.of(total, "package")
                : Plural.of(found, "match", "matches") + " of " + Plural.of(total, "package");
    }

    /** Adds packages to the image (double-click, Enter, drag or the Add button). */
    public void add(List<PackageInfo> packages) {
        if (packages.isEmpty()) {
            return;
        }
        List<String> names = packages.stream().map(PackageInfo::attrPath).toList();
        List<String> added = workspace.addPackages(names);
        List<String> there = names.stream().filter(n -> !added.contains(n)).distinct().toList();
        StringBuilder s = new StringBuilder();
        if (!added.isEmpty()) {
            s.append("Added ").append(String.join(", ", added)).append("; ");
        }
        if (!there.isEmpty()) {
            s.append(String.join(", ", there)).append(there.size() == 1 ? " is" : " are").append(" already in the image; ");
        }
        s.append(Plural.of(workspace.packages().size(), "package")).append(" in the image.");
        s.append(warnings(packages.stream().filter(p -> added.contains(p.attrPath())).toList()));
        workspace.statusProperty().set(s.toString());
    }

    private String warnings(List<PackageInfo> added) {
        StringBuilder w = new StringBuilder();
        for (PackageInfo p : added) {
            if (p.broken() && !workspace.allowBrokenProperty().get()) {
                w.append(" ").append(p.attrPath()).append(" is marked broken: tick \u201cAllow broken packages\u201d to "
                        + "build it anyway.");
            } else if (p.broken()) {
                w.append(" ").append(p.attrPath()).append(" is marked broken: its build will probably fail.");
            }
            if (p.unfree() && !workspace.allowUnfreeProperty().get()) {
                w.append(" ").append(p.attrPath()).append(" is unfree: tick \u201cAllow unfree packages\u201d to build it.");
            }
        }
        return w.toString();
    }

    public BooleanProperty allowUnfreeProperty() {
        return workspace.allowUnfreeProperty();
    }

    public BooleanProperty allowBrokenProperty() {
        return workspace.allowBrokenProperty();
    }

    /** Adds attribute paths typed or dropped as text; unknown names are refused with a hint. */
    public String addByName(String attrPath) {
        PackageCatalog index = workspace.indexProperty().get();
        if (index != null && index.get(attrPath).isEmpty()) {
            List<String> close = index.closest(attrPath, 3);
            return "There is no package " + attrPath + " in this source"
                    + (close.isEmpty() ? "." : "; did you mean " + String.join(", ", close) + "?");
        }
        workspace.addPackages(List.of(attrPath));
        return "";
    }

    /**
     * Adds the typed Nix expression as one more root of the image (checked as typed: not blank, no
     * control characters; Nix itself judges it when the closure is built). Returns the problem, or
     * empty when it was added.
     */
    public String addExpression() {
        String text = expressionText.get() == null ? "" : expressionText.get().strip();
        try {
            Composer.checkExpressions(List.of(text));
        } catch (StrataException e) {
            expressionError.set(e.getMessage().replaceFirst("^expression 1", "The expression"));
            return expressionError.get();
        }
        if (workspace.expressions().contains(text)) {
            expressionError.set("This expression is in the image already.");
            return expressionError.get();
        }
        workspace.expressions().add(text);
        expressionText.set("");
        expressionError.set("");
        workspace.statusProperty().set("Added the expression " + Composer.shortExpression(text)
                + "; Show closure builds it and shows its name.");
        return "";
    }

    public void removeExpressions(List<String> texts) {
        workspace.expressions().removeAll(texts);
    }

    /**
     * What the list shows for an expression: the name of the derivation it gave, once the closure is
     * built, followed by the expression; before that, the expression alone.
     */
    public String expressionLabel(String text) {
        Realisation r = workspace.realisationProperty().get();
        String name = r == null ? null : r.packages().stream()
                .filter(p -> p.isExpression() && p.requested().equals(text)).map(SelectedPackage::label)
                .findFirst().orElse(null);
        return (name == null ? "" : name + "  \u2190  ") + Composer.shortExpression(text);
    }

    public ObservableList<String> expressions() {
        return workspace.expressions();
    }

    public StringProperty expressionTextProperty() {
        return expressionText;
    }

    public ReadOnlyStringProperty expressionErrorProperty() {
        return expressionError.getReadOnlyProperty();
    }

    /** Changes when the realisation does, so that expression labels can follow. */
    public javafx.beans.Observable realisationObservable() {
        return workspace.realisationProperty();
    }

    public void remove(List<String> attrPaths) {
        if (attrPaths.isEmpty()) {
            return;
        }
        workspace.packages().removeAll(attrPaths);
        workspace.statusProperty().set("Removed " + String.join(", ", attrPaths) + "; "
                + Plural.of(workspace.packages().size(), "package") + " in the image.");
    }

    /** Moves a selected package up or down the list (the order is the recipe's order). */
    public void move(String attrPath, int delta) {
        var list = workspace.packages();
        int i = list.indexOf(attrPath);
        int j = i + delta;
        if (i < 0 || j < 0 || j >= list.size()) {
            return;
        }
        List<String> reordered = new ArrayList<>(list);
        reordered.remove(i);
        reordered.add(j, attrPath);
        list.setAll(reordered); // one change: one step of the history
    }

    /** The package description of a selected attribute path, for the selection's tooltip. */
    public String describe(String attrPath) {
        PackageCatalog index = workspace.indexProperty().get();
        List<String> programs = workspace.programs().get(attrPath);
        String onPath = programs == null ? "" : programs.isEmpty() ? "\nPuts no program on PATH (/bin)."
                : "\nPrograms on PATH: " + String.join(", ", programs.stream().limit(8).toList())
                + (programs.size() > 8 ? " and " + (programs.size() - 8) + " more" : "");
        return (index == null ? attrPath : index.get(attrPath)
                .map(p -> p.attrPath() + " " + p.version() + (p.description().isEmpty() ? "" : "\n" + p.description()))
                .orElse(attrPath + " (not in the current source)")) + onPath;
    }

    /** The programs a package of the image puts on PATH, once its closure was shown; null before. */
    public List<String> programsOf(String attrPath) {
        return workspace.programs().get(attrPath);
    }

    /** Changes when the programs of the image's packages become known or are forgotten. */
    public javafx.beans.Observable programsChanged() {
        return workspace.programs();
    }

    // Details of the selected result -----------------------------------------------------------

    private void showDetails(PackageInfo p) {
        if (detailing != null) {
            detailing.cancel(true);
        }
        if (p == null) {
            details.set("");
            outputs.set("");
            return;
        }
        details.set(detailsOf(p));
        PackageOutputs known = outputsKnown.get(p.attrPath());
        if (known != null) {
            outputs.set(outputsText(known));
            return;
        }
        ResolvedSource source = workspace.sourceProperty().get();
        if (source == null) {
            outputs.set("");
            return;
        }
        outputs.set("Outputs: finding them (Nix evaluates the package, nothing is built) \u2026");
        detailing = Tasks.of(progress -> workspace.pipeline().outputs(source, p.attrPath(), progress))
                .onSuccess(o -> {
                    outputsKnown.put(p.attrPath(), o);
                    if (o.closureSize() >= 0) {
                        closureSizes.put(p.attrPath(), o.closureSize());
                    }
                    if (p.equals(selected.get())) {
                        outputs.set(outputsText(o));
                    }
                })
                .onError(m -> {
                    if (p.equals(selected.get())) {
                        outputs.set("Outputs: not known (" + m.lines().findFirst().orElse(m) + ")");
                    }
                })
                .start();
    }

    static String detailsOf(PackageInfo p) {
        StringBuilder s = new StringBuilder(p.attrPath());
        if (!p.version().isEmpty()) {
            s.append("  ").append(p.version());
        }
        s.append('\n').append(p.description().isEmpty() ? "(no description)" : p.description());
        s.append("\nLicence: ").append(p.license().isEmpty() ? "not given" : p.license());
        if (!p.homepage().isEmpty()) {
            s.append("\nHomepage: ").append(p.homepage());
        }
        if (!p.mainProgram().isEmpty()) {
            s.append("\nMain program: ").append(p.mainProgram());
        }
        if (p.broken()) {
            s.append("\nMarked broken: it is built only with \u201cAllow broken packages\u201d.");
        }
        if (p.unfree()) {
            s.append("\nUnfree: it is built only with \u201cAllow unfree packages\u201d.");
        }
        return s.toString();
    }

    private String outputsText(PackageOutputs o) {
        StringBuilder s = new StringBuilder("Outputs the image gets: ");
        s.append(String.join(", ", o.outputs().stream().map(p -> PackageOutputs.outputName(o.drvName(), p)).toList()));
        Long size = closureSizes.get(o.attrPath());
        s.append(size != null ? "\nClosure size: " + Sizes.human(size) + " (NAR)"
                : "\nClosure size: known once it is built (Show closure)");
        return s.toString();
    }

    /** Closure sizes of single-output packages a realisation built (the closure of that output). */
    private void learnSizes(Realisation r) {
        if (r == null) {
            return;
        }
        for (SelectedPackage p : r.packages()) {
            if (p.outputs().size() == 1) {
                r.closure().find(p.outputs().get(0)).ifPresent(i -> closureSizes.put(p.attrPath(), r.closure().closureSize(i)));
            }
        }
        PackageInfo s = selected.get();
        if (s != null && outputsKnown.containsKey(s.attrPath())) {
            outputs.set(outputsText(outputsKnown.get(s.attrPath())));
        }
    }

    /** The closure size of a package when known, else -1: for the Size column. */
    public long sizeOf(PackageInfo p) {
        Long s = closureSizes.get(p.attrPath());
        return s == null ? -1 : s;
    }

    public ObservableMap<String, Long> closureSizes() {
        return closureSizes;
    }

    public ObjectProperty<PackageInfo> selectedProperty() {
        return selected;
    }

    /** The selected result's description, version, licence, homepage and flags. */
    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** The selected result's outputs and closure size, as far as known. */
    public ReadOnlyStringProperty outputsProperty() {
        return outputs.getReadOnlyProperty();
    }

    public StringProperty queryProperty() {
        return query;
    }

    public ObservableList<PackageInfo> results() {
        return results;
    }

    public ObservableList<String> selection() {
        return workspace.packages();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
