package dev.strata.gui.config;

import dev.strata.Redaction;
import dev.strata.StrataException;
import dev.strata.compose.ProgressEvent;
import dev.strata.compose.Sizes;
import dev.strata.gui.common.ErrorText;
import dev.strata.gui.common.Plural;
import dev.strata.gui.common.Tasks;
import dev.strata.gui.common.Workspace;
import dev.strata.image.ImageConfig;
import dev.strata.input.ImageReference;
import dev.strata.input.ImageSummary;
import dev.strata.input.SourceConfig;
import dev.strata.input.SourceLayer;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The base image field of the Image screen ({@code --from}): a reference in any form the command
 * line takes, checked as it is typed with the same rules ({@link ImageReference}: a reference with
 * credentials in it is refused, saying why), and applied with Enter or Read, which makes it the
 * workspace's base (one step of undo, saved in the recipe). The workspace's base, however it got
 * there (typed, opened, undone), is then read off the FX thread, with progress and Cancel: its
 * manifest and config, a tag resolved to a digest, nothing large fetched. What was read is shown:
 * the platform (a base for another platform than the packages' is refused in a sentence), the
 * layers with their sizes (the Layers screen lists them under Strata's, and the layer budget counts
 * them), and the runtime settings the image keeps unless this screen sets them.
 */
public final class BaseImageViewModel {
    /** A runtime setting of the base and what becomes of it in the image. */
    public record Kept(String setting, String value, String fate) {}

    /** One layer of the base, bottom first, as the Layers screen lists it. */
    public record BaseLayer(int position, String digest, long size) {}

    private final Workspace workspace;
    private final StringProperty reference = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper referenceError = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ImageSummary> summary = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper readError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper platformError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper description = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ObservableList<Kept> kept = FXCollections.observableArrayList();
    private final ObservableList<BaseLayer> layers = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper budget = new ReadOnlyStringWrapper("");
    private Tasks.PipelineTask<ImageSummary> reading;
    private boolean loading;

    public BaseImageViewModel(Workspace workspace) {
        this.workspace = workspace;
        reference.addListener((o, a, b) -> {
            if (!loading) {
                referenceError.set(check(b));
            }
        });
        workspace.fromProperty().addListener((o, a, b) -> {
            loading = true;
            try {
                if (!strip(reference.get()).equals(b == null ? "" : b)) {
                    reference.set(b == null ? "" : b);
                    referenceError.set("");
                }
            } finally {
                loading = false;
            }
            read();
        });
        workspace.configProperty().addListener((o, a, b) -> showKept());
        workspace.maxLayersProperty().addListener((o, a, b) -> showBudget());
        workspace.adds().addListener((javafx.beans.Observable o) -> showBudget());
        workspace.planProperty().addListener((o, a, b) -> showBudget());
        String now = workspace.fromProperty().get();
        reference.set(now == null ? "" : now);
        if (now != null) {
            read();
        }
        showBudget();
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    /** What is wrong with a reference as typed, in the window's words, or empty (empty text: no base). */
    static String check(String text) {
        String t = strip(text);
        if (t.isEmpty()) {
            return "";
        }
        try {
            ImageReference.parse(t);
            return "";
        } catch (StrataException e) {
            return ErrorText.sentence(ErrorText.of(e));
        }
    }

    /**
     * Makes the reference typed the image's base (Enter, Read): a valid one is one edit of the
     * workspace and is read; the same one as before is read again (a tag may have moved). Blank: no
     * base. Returns false when the text is refused (the message says why).
     */
    public boolean apply() {
        String t = strip(reference.get());
        String error = check(t);
        referenceError.set(error);
        if (!error.isEmpty()) {
            return false;
        }
        String before = workspace.fromProperty().get();
        String now = t.isEmpty() ? null : t;
        if (java.util.Objects.equals(before, now)) {
            read();
        } else {
            workspace.fromProperty().set(now);
            workspace.statusProperty().set(now == null ? "The image no longer builds on a base image."
                    : "The image builds on " + now + "; reading it\u2026");
        }
        return true;
    }

    /**
     * Whether a reference was typed into the field but not made the base yet (no Enter, no Read,
     * the field still focused): the window counts it before anything could discard it.
     */
    public boolean pending() {
        String applied = workspace.fromProperty().get();
        return !strip(reference.get()).equals(applied == null ? "" : applied);
    }

    /** Clears the base: the image starts from an empty file system again. */
    public void clear() {
        reference.set("");
        apply();
    }

    /** Reads the workspace's base (cancelling a read under way); clears what was shown without one. */
    public void read() {
        cancel();
        String ref = workspace.fromProperty().get();
        summary.set(null);
        readError.set("");
        platformError.set("");
        description.set("");
        kept.clear();
        layers.clear();
        showBudget();
        if (ref == null) {
            return;
        }
        busy.set(true);
        progress.set(-1);
        progressText.set("Reading " + Redaction.reference(ref) + "\u2026");
        List<Tasks.PipelineTask<ImageSummary>> self = new ArrayList<>(1);
        Tasks.PipelineTask<ImageSummary> task = Tasks.of(p -> workspace.pipeline().readBase(ref, p))
                .onEvents(events -> {
                    for (ProgressEvent e : events) {
                        if (e.kind() != ProgressEvent.Kind.LOG && self.get(0) == reading) {
                            progressText.set(e.message());
                            progress.set(e.fraction());
                        }
                    }
                })
                .onSuccess(s -> {
                    if (self.get(0) == reading && ref.equals(workspace.fromProperty().get())) {
                        show(s);
                    }
                })
                .onError(m -> {
                    if (self.get(0) == reading) {
                        readError.set(m);
                    }
                })
                .onCancelled(() -> {
                    if (self.get(0) == reading) {
                        readError.set("Reading " + ref + " was cancelled; press Read to read it again.");
                    }
                })
                .onFinally(() -> {
                    if (self.get(0) == reading) {
                        busy.set(false);
                        progressText.set("");
                        reading = null;
                    }
                })
                .start();
        self.add(task);
        reading = task;
    }

    /** Stops a read under way (the base stays set; the build reads it again). */
    public void cancel() {
        Tasks.PipelineTask<ImageSummary> t = reading;
        if (t != null) {
            t.cancel(true);
        }
    }

    private void show(ImageSummary s) {
        summary.set(s);
        try {
            workspace.pipeline().platform().requireBase(s.reference(), s.platform());
        } catch (StrataException e) {
            platformError.set(ErrorText.sentence(ErrorText.of(e)));
        }
        description.set(s.platform().describe() + ", " + Plural.of(s.layers().size(), "layer") + ", "
                + Sizes.human(s.size()) + " \u00b7 " + s.digest());
        List<BaseLayer> out = new ArrayList<>();
        for (SourceLayer l : s.layers()) {
            out.add(new BaseLayer(out.size() + 1, l.digest().toString(), l.size()));
        }
        layers.setAll(out);
        showKept();
        showBudget();
        workspace.statusProperty().set("Read the base image " + s.reference() + ": " + description.get() + ".");
    }

    /** The base's runtime settings and whether this image keeps them. */
    private void showKept() {
        ImageSummary s = summary.get();
        if (s == null) {
            kept.clear();
            return;
        }
        SourceConfig c = s.config();
        ImageConfig ours = workspace.configProperty().get();
        List<Kept> out = new ArrayList<>();
        boolean ourPath = ours.env().stream().anyMatch(e -> e.startsWith("PATH=") && !e.equals(ImageConfig.DEFAULT_PATH));
        out.add(new Kept("Env", c.env().isEmpty() ? "(none)" : String.join("  ", c.env()),
                c.env().isEmpty() ? "" : ourPath ? "kept; PATH is yours" : ours.env().stream()
                        .anyMatch(e -> !e.startsWith("PATH=")) ? "kept, with your variables on top; /bin first on PATH"
                        : "kept; /bin first on PATH"));
        out.add(new Kept("Entrypoint", join(c.entrypoint()), fate(c.entrypoint().isEmpty(), !ours.entrypoint().isEmpty())));
        out.add(new Kept("Cmd", join(c.cmd()), c.cmd().isEmpty() ? "" : !ours.cmd().isEmpty() ? "replaced by your command"
                : !ours.entrypoint().isEmpty() ? "dropped: your entrypoint is set without a command" : "kept"));
        out.add(new Kept("User", c.user().isEmpty() ? "(root)" : c.user(), fate(c.user().isEmpty(), !ours.user().isEmpty())));
        out.add(new Kept("WorkingDir", c.workingDir().isEmpty() ? "(/)" : c.workingDir(),
                fate(c.workingDir().isEmpty(), !ours.workingDir().isEmpty())));
        kept.setAll(out);
    }

    private static String fate(boolean baseHasNone, boolean oursSet) {
        return baseHasNone ? "" : oursSet ? "replaced by yours" : "kept";
    }

    private static String join(List<String> args) {
        return args.isEmpty() ? "(none)" : Args.join(args);
    }

    /** How the layer budget is spent: the base's layers, the symlink layer, added files, and what is left. */
    private void showBudget() {
        ImageSummary s = summary.get();
        int base = s == null ? 0 : s.layers().size();
        int added = workspace.adds().size();
        if (base == 0 && added == 0) {
            budget.set("");
            return;
        }
        int max = workspace.maxLayersProperty().get();
        int left = max - base - 1 - added;
        budget.set("Max layers " + max + " counts " + (base > 0 ? "the base image's " + Plural.of(base, "layer") + ", " : "")
                + "1 symlink layer" + (added > 0 ? " and " + Plural.of(added, "layer") + " of added files" : "")
                + (left > 0 ? ": " + Plural.of(left, "layer") + " left for the packages." : ": none is left for the "
                + "packages; raise Max layers."));
    }

    public StringProperty referenceProperty() {
        return reference;
    }

    /** What is wrong with the reference as typed, or empty. */
    public ReadOnlyStringProperty referenceErrorProperty() {
        return referenceError.getReadOnlyProperty();
    }

    /** The base as read, or null (none, not read yet, or unreadable). */
    public ReadOnlyObjectProperty<ImageSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why the base could not be read, or empty. */
    public ReadOnlyStringProperty readErrorProperty() {
        return readError.getReadOnlyProperty();
    }

    /** The base is for another platform than the packages, in a sentence; or empty. */
    public ReadOnlyStringProperty platformErrorProperty() {
        return platformError.getReadOnlyProperty();
    }

    /** Platform, layers, size and digest of the base as read, in a line; empty before. */
    public ReadOnlyStringProperty descriptionProperty() {
        return description.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The read's progress from 0 to 1, or -1 when unknown. */
    public DoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** The base's Env, Entrypoint, Cmd, User and WorkingDir, and what the image does with each. */
    public ObservableList<Kept> kept() {
        return kept;
    }

    /** The base's layers, bottom first. */
    public ObservableList<BaseLayer> layers() {
        return layers;
    }

    /** How the layer budget is spent with a base or added files, in a sentence; empty with neither. */
    public ReadOnlyStringProperty budgetProperty() {
        return budget.getReadOnlyProperty();
    }

    public Workspace workspace() {
        return workspace;
    }
}
