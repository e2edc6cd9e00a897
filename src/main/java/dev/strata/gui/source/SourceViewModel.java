package dev.strata.gui.source;

import dev.strata.Redaction;
import dev.strata.StrataException;
import dev.strata.compose.ProgressEvent;
import dev.strata.gui.common.Tasks;
import dev.strata.gui.common.Workspace;
import dev.strata.compose.PackageCatalog;
import dev.strata.source.PackageSource;
import dev.strata.source.ResolvedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.strata.gui.common.Plural;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The source screen: which package set to compose from. Validates the input as it is typed (a
 * readable message, no Nix involved), says what kind of git ref was given and whether results will
 * be cacheable, and on {@link #apply()} resolves the source and lists its packages in a task; only
 * a source that evaluates becomes the workspace's source.
 */
public final class SourceViewModel {
    /** The kinds of source a user can pick, in the order the screen shows them. */
    public enum Kind {
        DEMO("Demo package set", "The small package set shipped with Strata; works offline."),
        NIXPKGS("nixpkgs (NIX_PATH)", "<nixpkgs> as found through NIX_PATH."),
        CHANNEL("Channel", "A nixpkgs channel name (nixos-24.05), a nixpkgs commit or a tarball URL."),
        GIT("Git repository", "A git repository holding a package set, at a branch, tag or commit."),
        PATH("Local directory", "A directory on this machine with a default.nix package set."),
        FLAKE("Flake", "A flake: a directory with flake.nix, git+file:///repo?rev=..., github:owner/repo/REV, ...; "
                + "its packages and legacyPackages.");

        private final String label;
        private final String help;

        Kind(String label, String help) {
            this.label = label;
            this.help = help;
        }

        public String help() {
            return help;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Workspace workspace;
    private final ObjectProperty<Kind> kind = new SimpleObjectProperty<>(Kind.DEMO);
    private final StringProperty channel = new SimpleStringProperty("");
    private final StringProperty gitUrl = new SimpleStringProperty("");
    private final StringProperty gitRef = new SimpleStringProperty("");
    private final StringProperty path = new SimpleStringProperty("");
    private final StringProperty flake = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper inputError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper refHint = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private Tasks.PipelineTask<?> running;

    public SourceViewModel(Workspace workspace) {
        this.workspace = workspace;
        for (Observable o : new Observable[] {kind, channel, gitUrl, gitRef, path, flake}) {
            o.addListener(x -> {
                validate();
                if (!busy.get()) {
                    error.set(""); // an error said of other input would be read as said of this one
                    result.set("");
                }
            });
        }
        showSpec(workspace.sourceSpecProperty().get());
        workspace.sourceSpecProperty().addListener((o, a, b) -> {
            if (!busy.get()) {
                showSpec(b);
            }
        });
        validate();
    }

    /** Fills the inputs from a source spec (a recipe's, or the last one used). */
    public void showSpec(String spec) {
        if (spec == null || spec.isBlank() || spec.equals("demo")) {
            kind.set(Kind.DEMO);
        } else if (spec.equals("nixpkgs")) {
            kind.set(Kind.NIXPKGS);
        } else if (spec.startsWith("channel:")) {
            channel.set(spec.substring("channel:".length()));
            kind.set(Kind.CHANNEL);
        } else if (spec.startsWith("git:")) {
            String rest = spec.substring("git:".length());
            int hash = rest.lastIndexOf('#');
            gitUrl.set(hash < 0 ? rest : rest.substring(0, hash));
            gitRef.set(hash < 0 ? "" : rest.substring(hash + 1));
            kind.set(Kind.GIT);
        } else if (spec.startsWith("path:")) {
            path.set(spec.substring("path:".length()));
            kind.set(Kind.PATH);
        } else if (spec.startsWith("flake:")) {
            flake.set(spec.substring("flake:".length()));
            kind.set(Kind.FLAKE);
        }
    }

    /** The {@code --source} text of the inputs, or empty when they are not valid yet. */
    public Optional<String> spec() {
        return switch (kind.get()) {
            case DEMO -> Optional.of("demo");
            case NIXPKGS -> Optional.of("nixpkgs");
            case CHANNEL -> channel.get().isBlank() ? Optional.empty() : Optional.of("channel:" + channel.get().strip());
            case GIT -> gitUrl.get().isBlank() ? Optional.empty()
                    : Optional.of("git:" + gitUrl.get().strip() + (gitRef.get().isBlank() ? "" : "#" + gitRef.get().strip()));
            case PATH -> path.get().isBlank() ? Optional.empty() : Optional.of("path:" + path.get().strip());
            case FLAKE -> flake.get().isBlank() ? Optional.empty() : Optional.of("flake:" + flake.get().strip());
        };
    }

    private void validate() {
        refHint.set(describeRef());
        Optional<String> spec = spec();
        if (spec.isEmpty()) {
            inputError.set(switch (kind.get()) {
                case CHANNEL -> "Enter a channel name such as nixos-24.05, a nixpkgs commit or a tarball URL.";
                case GIT -> "Enter the URL or local path of a git repository.";
                case PATH -> "Choose a directory that holds a default.nix package set.";
                case FLAKE -> "Enter a flake reference or choose a directory that holds flake.nix.";
                default -> "";
            });
            return;
        }
        if (kind.get() == Kind.PATH) {
            Path p = Path.of(path.get().strip());
            if (!Files.exists(p)) {
                inputError.set("The directory " + p + " does not exist.");
                return;
            }
            if (Files.isDirectory(p) && !Files.exists(p.resolve("default.nix"))) {
                inputError.set("The directory " + p + " has no default.nix; choose the directory of a package set.");
                return;
            }
        }
        if (kind.get() == Kind.FLAKE && isDirectory(flake.get().strip())) {
            Path p = Path.of(flake.get().strip());
            if (!Files.isDirectory(p)) {
                inputError.set("The directory " + p + " does not exist.");
                return;
            }
            if (!Files.exists(p.resolve("flake.nix"))) {
                inputError.set("The directory " + p + " has no flake.nix; choose the directory of a flake.");
                return;
            }
        }
        try {
            PackageSource.parse(spec.get());
            inputError.set("");
        } catch (StrataException e) {
            inputError.set(e.getMessage());
        }
    }

    /** A flake reference Nix reads as a local directory (relative ones are not offered here: no working directory). */
    private static boolean isDirectory(String ref) {
        return ref.startsWith("/") && ref.indexOf('?') < 0;
    }

    /** What the git ref field holds, and whether results will be cacheable. */
    private String describeRef() {
        if (kind.get() == Kind.FLAKE) {
            return flake.get().isBlank() ? "" : "Nix locks the flake when it is used: a clean git checkout to its commit, "
                    + "anything else to its content hash; results are cached by that lock (not with uncommitted changes).";
        }
        if (kind.get() == Kind.CHANNEL) {
            String c = channel.get().strip();
            if (c.isEmpty()) {
                return "";
            }
            return PackageSource.COMMIT.matcher(c).matches()
                    ? "A nixpkgs commit: it cannot change, so search results are cached."
                    : "A channel moves: it is evaluated again each time (not cacheable).";
        }
        if (kind.get() != Kind.GIT) {
            return kind.get() == Kind.PATH ? "A local directory can change: it is evaluated again each time (not cacheable)."
                    : kind.get() == Kind.DEMO ? "Part of this Strata: cached." : "";
        }
        String r = gitRef.get().strip();
        if (r.isEmpty()) {
            return "No ref: the default branch, pinned to its current commit when applied; cacheable by that commit.";
        }
        if (PackageSource.COMMIT.matcher(r).matches()) {
            return "A commit (40 hex digits): it cannot move, so results are cached.";
        }
        if (r.matches("[0-9a-f]{7,39}")) {
            return "This looks like an abbreviated commit; give all 40 hex digits, or a branch or tag name.";
        }
        if (r.startsWith("refs/tags/")) {
            return "A tag: pinned to the commit it names now; cacheable by that commit.";
        }
        if (r.startsWith("refs/heads/")) {
            return "A branch: pinned to its current commit when applied; cacheable by that commit.";
        }
        return "A branch or tag name (checked when applied), pinned to the commit it names now.";
    }

    /** Resolves the source and lists its packages; on success it becomes the workspace's source. */
    public void apply() {
        validate();
        if (!inputError.get().isEmpty() || spec().isEmpty()) {
            error.set(inputError.get().isEmpty() ? "Fill in the source first." : inputError.get());
            return;
        }
        cancel();
        String spec = spec().get();
        error.set("");
        result.set("");
        busy.set(true);
        progress.set("Resolving " + Redaction.text(spec) + " ...");
        record Applied(ResolvedSource source, PackageCatalog index) {}
        running = Tasks.of(p -> {
            ResolvedSource s = workspace.pipeline().resolve(spec, p);
            return new Applied(s, workspace.pipeline().index(s, p));
        }).onEvents(events -> events.stream().filter(e -> e.kind() != ProgressEvent.Kind.LOG)
                        .reduce((a, b) -> b).ifPresent(e -> progress.set(e.message())))
                .onSuccess(a -> {
                    List<String> dropped = new ArrayList<>();
                    // One edit: the new source and what it lacks dropped (one undo brings both back).
                    workspace.batch(() -> {
                        workspace.sourceSpecProperty().set(spec);
                        workspace.sourceProperty().set(a.source());
                        workspace.indexProperty().set(a.index());
                        dropped.addAll(workspace.packages().stream().filter(n -> a.index().get(n).isEmpty()).toList());
                        workspace.packages().removeAll(dropped);
                        workspace.pins().removeAll(dropped);
                    });
                    result.set(describe(a.source(), a.index()));
                    workspace.statusProperty().set(Plural.of(a.index().size(), "package") + " in "
                            + a.source().description() + ".");
                    if (!dropped.isEmpty()) {
                        workspace.note(new Workspace.Notice("Removed " + String.join(", ", dropped) + " from the image: "
                                + (dropped.size() == 1 ? "it is" : "they are") + " not in " + a.source().description()
                                + ".", true));
                    }
                })
                .onError(error::set)
                .onCancelled(() -> error.set("Cancelled; the previous source is still in use."))
                .onFinally(() -> {
                    busy.set(false);
                    progress.set("");
                })
                .start();
    }

    static String describe(ResolvedSource s, PackageCatalog index) {
        return Plural.of(index.size(), "package") + " in " + s.description() + ". "
                + (s.cacheable() ? "Cacheable: it cannot change under this name."
                : "Not cacheable: it can change, so it is evaluated again next time.")
                + s.warnings().stream().map(w -> "\nWarning: " + w + ".").reduce("", String::concat);
    }

    public void cancel() {
        if (running != null && running.isRunning()) {
            running.cancel(true);
        }
    }

    public BooleanBinding canApply() {
        return Bindings.createBooleanBinding(() -> !busy.get() && inputError.get().isEmpty(), busy, inputError);
    }

    public ObjectProperty<Kind> kindProperty() {
        return kind;
    }

    public StringProperty channelProperty() {
        return channel;
    }

    public StringProperty gitUrlProperty() {
        return gitUrl;
    }

    public StringProperty gitRefProperty() {
        return gitRef;
    }

    public StringProperty pathProperty() {
        return path;
    }

    public StringProperty flakeProperty() {
        return flake;
    }

    public ReadOnlyStringProperty inputErrorProperty() {
        return inputError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty refHintProperty() {
        return refHint.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public BooleanProperty busyProperty() {
        return busy;
    }
}
