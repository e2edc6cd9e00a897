package dev.strata.gui.files;

import dev.strata.StrataException;
import dev.strata.compose.Sizes;
import dev.strata.gui.common.ErrorText;
import dev.strata.gui.common.Plural;
import dev.strata.gui.common.Tasks;
import dev.strata.gui.common.Workspace;
import dev.strata.image.AddedFiles;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javafx.beans.Observable;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Files section of the Image screen: the files and directories of this machine added on top of
 * the packages ({@code --add SRC:DEST[:OPTIONS]}), one layer each. Files come in by drag and drop
 * or a chooser ({@link #add}), go with Delete ({@link #remove}), and each is edited in a form: its
 * destination in the image and its owner and modes, checked as they are typed with the rules of
 * the command line ({@link AddedFiles}); a valid form goes to the workspace at once, so every edit
 * is a step of undo and part of the recipe (which stores sources relative to its file).
 *
 * <p>Sizes are the bytes of file content each layer will hold, read off the FX thread, one task per
 * entry: a task no longer needed (the entry removed or changed) is cancelled, and {@link #stopSizing}
 * cancels them all. A source that is missing (a recipe opened on another machine) is the entry's
 * error, naming the file, and the section's; the build refuses it in the same words.
 */
public final class FilesViewModel {
    /** Where a dropped or chosen file goes unless the user says otherwise: the directory Jib uses too. */
    public static final String DEFAULT_DIRECTORY = "/app/";

    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,10}");

    /** One added entry as the table shows it: its size once read ({@code -1} before), or why it cannot be added. */
    public record FileRow(AddedFiles add, long bytes, String sizeText, String error) {
        public String source() {
            return add.source();
        }

        public String destination() {
            return add.destination();
        }

        /** {@code uid=1000,gid=1000,mode=0640}, or "defaults". */
        public String options() {
            String o = add.options();
            return o.isEmpty() ? "root, modes kept" : o.replace(",", ", ");
        }
    }

    /** The fields of the selected entry's form. */
    public enum Field { DESTINATION, UID, GID, MODE, DIRMODE }

    private final Workspace workspace;
    private final ObservableList<FileRow> rows = FXCollections.observableArrayList();
    private final Map<AddedFiles, Long> sizes = new HashMap<>();
    private final Map<AddedFiles, String> failures = new HashMap<>();
    private final Map<AddedFiles, Tasks.PipelineTask<Long>> sizing = new HashMap<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final IntegerProperty selected = new SimpleIntegerProperty(-1);
    private final Map<Field, StringProperty> text = new EnumMap<>(Field.class);
    private final Map<Field, ReadOnlyStringWrapper> errors = new EnumMap<>(Field.class);
    private boolean loading;
    /** Why entries of the list cannot be added (a missing source), or empty. */
    private String unusable = "";
    /** Dropped or chosen paths that were not taken, or empty. */
    private String notTaken = "";

    public FilesViewModel(Workspace workspace) {
        this.workspace = workspace;
        for (Field f : Field.values()) {
            text.put(f, new SimpleStringProperty(""));
            errors.put(f, new ReadOnlyStringWrapper(""));
            text.get(f).addListener(x -> {
                if (!loading) {
                    apply();
                }
            });
        }
        workspace.adds().addListener((Observable o) -> {
            showRows();
            loadSelected();
        });
        selected.addListener((o, a, b) -> loadSelected());
        showRows();
    }

    /**
     * Adds files and directories of this machine (dropped or chosen), each to
     * {@value #DEFAULT_DIRECTORY}NAME in the image, as one edit. Paths already added are not added
     * twice. Returns how many were added.
     */
    public int add(List<Path> paths) {
        List<AddedFiles> add = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Path p : paths) {
            try {
                Path abs = p.toAbsolutePath().normalize();
                String name = abs.getFileName() == null ? "" : abs.getFileName().toString();
                AddedFiles a = new AddedFiles(abs.toString(), DEFAULT_DIRECTORY + name, null, null, null, null);
                boolean there = workspace.adds().stream().anyMatch(x -> x.source().equals(a.source()))
                        || add.stream().anyMatch(x -> x.source().equals(a.source()));
                if (!there) {
                    add.add(a);
                }
            } catch (StrataException | InvalidPathException e) {
                refused.add(p + " (" + message(e) + ")");
            }
        }
        notTaken = refused.isEmpty() ? "" : "Not added: " + String.join("; ", refused) + ".";
        showError();
        if (!add.isEmpty()) {
            workspace.batch(() -> workspace.adds().addAll(add));
            selected.set(workspace.adds().size() - 1);
            workspace.statusProperty().set("Added " + String.join(", ", add.stream().map(a -> a.sourcePath().getFileName()
                    .toString()).toList()) + " to the image (" + Plural.of(add.size(), "layer") + " of its own above the "
                    + "packages); set where in the image under Files.");
        }
        return add.size();
    }

    /** Removes the entries at these positions (Delete, or the Remove button), as one edit. */
    public void remove(List<Integer> positions) {
        List<AddedFiles> gone = new ArrayList<>();
        for (int i : positions) {
            if (i >= 0 && i < workspace.adds().size()) {
                gone.add(workspace.adds().get(i));
            }
        }
        if (gone.isEmpty()) {
            return;
        }
        List<AddedFiles> kept = new ArrayList<>(workspace.adds());
        kept.removeAll(gone);
        workspace.batch(() -> workspace.adds().setAll(kept));
        workspace.statusProperty().set("Removed " + String.join(", ", gone.stream().map(a -> a.destination()).toList())
                + " from the image.");
    }

    /** Reads every size again (files change on disk; a missing file may have come back). */
    public void refresh() {
        stopSizing();
        sizing.clear(); // the cancelled tasks report nothing now
        sizes.clear();
        failures.clear();
        showRows();
    }

    /** Stops reading sizes; entries not read yet say so until {@link #refresh}. */
    public void stopSizing() {
        for (Tasks.PipelineTask<Long> t : List.copyOf(sizing.values())) {
            t.cancel(true);
        }
    }

    private void showRows() {
        List<AddedFiles> now = List.copyOf(workspace.adds());
        for (Map.Entry<AddedFiles, Tasks.PipelineTask<Long>> e : List.copyOf(sizing.entrySet())) {
            if (!now.contains(e.getKey())) {
                e.getValue().cancel(true); // no longer shown: its size is not needed
            }
        }
        List<FileRow> out = new ArrayList<>();
        for (AddedFiles a : now) {
            out.add(rowOf(a));
            if (!sizes.containsKey(a) && !failures.containsKey(a) && !sizing.containsKey(a)) {
                size(a);
            }
        }
        rows.setAll(out);
        busy.set(!sizing.isEmpty());
        List<String> missing = now.stream().filter(failures::containsKey).map(failures::get)
                .filter(m -> !m.equals(CANCELLED)).distinct().toList();
        unusable = missing.isEmpty() ? "" : missing.size() == 1 ? missing.get(0)
                : missing.size() + " entries cannot be added: " + String.join(" ", missing);
        showError();
        long total = now.stream().filter(sizes::containsKey).mapToLong(sizes::get).sum();
        summary.set(now.isEmpty() ? "No files added: drop files or directories here, or choose them."
                : Plural.of(now.size(), "entry", "entries") + ", " + Plural.of(now.size(), "layer") + " above the packages"
                + (sizes.keySet().containsAll(now) ? ", " + Sizes.human(total) + " of files" : ""));
    }

    private void showError() {
        error.set(unusable.isEmpty() ? notTaken : notTaken.isEmpty() ? unusable : unusable + " " + notTaken);
    }

    private FileRow rowOf(AddedFiles a) {
        if (sizes.containsKey(a)) {
            return new FileRow(a, sizes.get(a), Sizes.human(sizes.get(a)), "");
        }
        if (failures.containsKey(a)) {
            return new FileRow(a, -1, failures.get(a).equals(CANCELLED) ? "not read" : "missing", failures.get(a)
                    .equals(CANCELLED) ? "" : failures.get(a));
        }
        return new FileRow(a, -1, "reading\u2026", "");
    }

    private static final String CANCELLED = "";

    /** Reads one entry's size off the FX thread; only the newest task of an entry reports. */
    private void size(AddedFiles a) {
        List<Tasks.PipelineTask<Long>> self = new ArrayList<>(1);
        Tasks.PipelineTask<Long> task = Tasks.of(p -> workspace.pipeline().addedBytes(a))
                .onSuccess(bytes -> {
                    if (sizing.get(a) == self.get(0)) {
                        sizes.put(a, bytes);
                    }
                })
                .onError(m -> {
                    if (sizing.get(a) == self.get(0)) {
                        failures.put(a, ErrorText.sentence(m));
                    }
                })
                .onCancelled(() -> {
                    if (sizing.get(a) == self.get(0) && workspace.adds().contains(a)) {
                        failures.put(a, CANCELLED);
                    }
                })
                .onFinally(() -> {
                    if (sizing.get(a) == self.get(0)) {
                        sizing.remove(a);
                        showRows();
                    }
                })
                .start();
        self.add(task);
        sizing.put(a, task);
    }

    /** Shows the selected entry in the form. */
    private void loadSelected() {
        int i = selected.get();
        AddedFiles a = i >= 0 && i < workspace.adds().size() ? workspace.adds().get(i) : null;
        if (a != null && a.equals(fromForm(a.source()))) {
            return; // the form shows it already (perhaps as typed, before normalising)
        }
        loading = true;
        try {
            text.get(Field.DESTINATION).set(a == null ? "" : a.destination());
            text.get(Field.UID).set(a == null || a.uid() == null ? "" : a.uid().toString());
            text.get(Field.GID).set(a == null || a.gid() == null ? "" : a.gid().toString());
            text.get(Field.MODE).set(a == null || a.mode() == null ? "" : a.mode());
            text.get(Field.DIRMODE).set(a == null || a.dirMode() == null ? "" : a.dirMode());
            errors.values().forEach(e -> e.set(""));
        } finally {
            loading = false;
        }
    }

    /** The form's entry for {@code source}, or null while a field is not valid. */
    private AddedFiles fromForm(String source) {
        try {
            return build(source);
        } catch (StrataException e) {
            return null;
        }
    }

    private AddedFiles build(String source) {
        return new AddedFiles(source, text.get(Field.DESTINATION).get().strip(), id(Field.UID, "uid"), id(Field.GID, "gid"),
                blankToNull(text.get(Field.MODE).get()), blankToNull(text.get(Field.DIRMODE).get()));
    }

    /**
     * Checks each field of the form on its own, with the command line's rules; when all are valid the
     * selected entry becomes what the form says (one step of undo per run of typing).
     */
    private void apply() {
        int i = selected.get();
        if (i < 0 || i >= workspace.adds().size()) {
            return;
        }
        AddedFiles current = workspace.adds().get(i);
        String src = current.source();
        set(Field.DESTINATION, check(() -> new AddedFiles(src, text.get(Field.DESTINATION).get().strip(), null, null, null,
                null)));
        set(Field.UID, check(() -> id(Field.UID, "uid")));
        set(Field.GID, check(() -> id(Field.GID, "gid")));
        set(Field.MODE, check(() -> new AddedFiles(src, "/", null, null, blankToNull(text.get(Field.MODE).get()), null)));
        set(Field.DIRMODE, check(() -> new AddedFiles(src, "/", null, null, null,
                blankToNull(text.get(Field.DIRMODE).get()))));
        if (errors.values().stream().allMatch(e -> e.get().isEmpty())) {
            AddedFiles now = build(src);
            if (!now.equals(current)) {
                workspace.adds().set(i, now);
            }
        }
    }

    private Integer id(Field f, String key) {
        String v = text.get(f).get().strip();
        if (v.isEmpty()) {
            return null;
        }
        if (!NUMBER.matcher(v).matches() || Long.parseLong(v) > Integer.MAX_VALUE) {
            throw new StrataException(key + " '" + v + "' is not a number from 0 to " + Integer.MAX_VALUE
                    + "; give the numeric id, e.g. 1000 (empty: 0, root" + (key.equals("gid") ? ", or the uid" : "") + ")");
        }
        return Integer.parseInt(v);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private void set(Field f, String message) {
        errors.get(f).set(message);
    }

    private static String check(Runnable r) {
        try {
            r.run();
            return "";
        } catch (StrataException e) {
            return message(e);
        }
    }

    /** A pipeline sentence for a field: in the window's words, without the command's name in front. */
    private static String message(RuntimeException e) {
        String s = ErrorText.sentence(ErrorText.of(e));
        s = s.startsWith("Files ") ? s.substring(6) : s;
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Tells the workspace which field is being typed into (one step of undo per run of typing), or null. */
    public void typingIn(Field f) {
        workspace.typingIn(f == null ? null : "files." + f.name());
    }

    public ObservableList<FileRow> rows() {
        return rows;
    }

    /** The entry the form edits (a position in {@link #rows()}), or -1. */
    public IntegerProperty selectedProperty() {
        return selected;
    }

    public StringProperty textProperty(Field f) {
        return text.get(f);
    }

    /** What is wrong with one field of the form, or empty. */
    public ReadOnlyStringProperty errorProperty(Field f) {
        return errors.get(f).getReadOnlyProperty();
    }

    /** True while sizes are being read. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** How many entries and bytes, in a line. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Entries that cannot be added (a missing source), or paths that could not be taken; empty when none. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public Workspace workspace() {
        return workspace;
    }
}
