package dev.strata.gui.search;

import dev.strata.StrataException;
import dev.strata.compose.Composer;
import dev.strata.gui.common.Debouncer;
import dev.strata.gui.common.Tasks;
import dev.strata.gui.common.Workspace;
import dev.strata.compose.PackageCatalog;
import dev.strata.nix.PackageInfo;
import dev.strata.nix.Realisation;
import dev.strata.nix.SelectedPackage;
import java.time.Duration;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The search screen: results follow the query as it is typed. Each keystroke restarts a short
 * quiet period ({@link #DEBOUNCE}); the search itself runs off the FX thread and a newer query
 * cancels an older search, so typing never waits for results. Adding puts attribute paths into
 * the workspace's selection, which this screen also edits, as it edits the image's Nix expressions.
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
    private Tasks.PipelineTask<?> running;
    private long generation;

    public SearchViewModel(Workspace workspace) {
        this.workspace = workspace;
        query.addListener((o, a, b) -> debouncer.trigger(this::searchNow));
        workspace.indexProperty().addListener((o, a, b) -> searchNow());
        searchNow();
    }

    /** Searches at once (Enter in the field, or the debounce period ended). */
    public void searchNow() {
        debouncer.cancel();
        PackageCatalog index = workspace.indexProperty().get();
        if (index == null) {
            results.clear();
            summary.set("Apply a package source first (the Source screen).");
            return;
        }
        if (running != null) {
            running.cancel(true);
        }
        String q = query.get();
        long gen = ++generation;
        running = Tasks.of(p -> index.search(q, LIMIT + 1))
                .onSuccess(found -> {
                    if (gen != generation) {
                        return; // an older search that finished late
                    }
                    results.setAll(found.subList(0, Math.min(LIMIT, found.size())));
                    summary.set(summaryOf(q, found.size(), index.size()));
                })
                .onError(summary::set)
                .start();
    }

    static String summaryOf(String q, int found, int total) {
        if (q == null || q.isBlank()) {
            return total + " packages; type to search";
        }
        if (found == 0) {
            return "No package matches \u201c" + q.strip() + "\u201d";
        }
        return found > LIMIT ? "First " + LIMIT + " matches of " + total + " packages"
                : found + (found == 1 ? " match" : " matches") + " of " + total + " packages";
    }

    /** Adds packages to the image (double-click, Enter, drag or the Add button). */
    public void add(List<PackageInfo> packages) {
        workspace.addPackages(packages.stream().map(PackageInfo::attrPath).toList());
        if (!packages.isEmpty()) {
            workspace.statusProperty().set("Added " + String.join(", ", packages.stream().map(PackageInfo::attrPath).toList())
                    + "; " + workspace.packages().size() + " packages in the image." + warnings(packages));
        }
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
        workspace.packages().removeAll(attrPaths);
    }

    /** Moves a selected package up or down the list (the order is the recipe's order). */
    public void move(String attrPath, int delta) {
        var list = workspace.packages();
        int i = list.indexOf(attrPath);
        int j = i + delta;
        if (i < 0 || j < 0 || j >= list.size()) {
            return;
        }
        list.remove(i);
        list.add(j, attrPath);
    }

    /** The package description of a selected attribute path, for the selection's tooltip. */
    public String describe(String attrPath) {
        PackageCatalog index = workspace.indexProperty().get();
        return index == null ? attrPath : index.get(attrPath)
                .map(p -> p.attrPath() + " " + p.version() + (p.description().isEmpty() ? "" : "\n" + p.description()))
                .orElse(attrPath + " (not in the current source)");
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
