package dev.strata.gui.build;

import dev.strata.compose.ProgressEvent;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.compose.Sizes;
import dev.strata.compose.Stage;
import dev.strata.gui.common.ExportFormat;
import dev.strata.gui.common.ExportResult;
import dev.strata.gui.common.LogLines;
import dev.strata.gui.common.Tasks;
import dev.strata.gui.common.Workspace;
import dev.strata.layering.LayerPlan;
import dev.strata.nix.Realisation;
import dev.strata.source.ResolvedSource;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The build and export screen: builds the planned image and saves it as an OCI directory, an OCI
 * archive or a docker-archive. Progress is shown per stage from the pipeline's events, Nix's and
 * the writers' log lines go to a bounded log, and cancel interrupts the worker, which stops Nix and
 * the writers.
 *
 * <p>No partial output, ever: the image is written to a hidden sibling of the chosen path and
 * moved into place only when complete; on failure or cancel the sibling is deleted before the
 * screen says so. The plan built is the workspace's plan, the one the layers screen shows.
 */
public final class BuildViewModel {
    static final List<Stage> STAGES = List.of(Stage.NIX_BUILD, Stage.PLAN, Stage.LAYERS, Stage.IMAGE, Stage.EXPORT);

    private final Workspace workspace;
    private final ObjectProperty<ExportFormat> format = new SimpleObjectProperty<>(ExportFormat.DOCKER_ARCHIVE);
    private final StringProperty output = new SimpleStringProperty("");
    private final ObservableList<StageProgress> stages = FXCollections.observableArrayList();
    private final Map<Stage, StageProgress> byStage = new EnumMap<>(Stage.class);
    private final LogLines log = new LogLines(5000);
    private final ObjectProperty<ExportResult> result = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private Tasks.PipelineTask<ExportResult> running;

    public BuildViewModel(Workspace workspace) {
        this.workspace = workspace;
        for (Stage s : STAGES) {
            StageProgress p = new StageProgress(s);
            stages.add(p);
            byStage.put(s, p);
        }
        format.addListener((o, a, b) -> output.set(adjustExtension(output.get(), b)));
    }

    /** A default output file name from the tag: {@code hello-latest.tar} or {@code hello-latest-oci}. */
    public String suggestedName() {
        String t = workspace.tagProperty().get();
        String base = t == null || t.isBlank() ? (workspace.packages().isEmpty() ? "image" : workspace.packages().get(0))
                : t.replaceAll(".*/", "").replace(':', '-');
        base = base.replaceAll("[^A-Za-z0-9._-]", "-");
        return format.get().isFile() ? base + ".tar" : base + "-oci";
    }

    static String adjustExtension(String path, ExportFormat f) {
        if (path == null || path.isBlank()) {
            return path;
        }
        if (f.isFile() && !path.endsWith(".tar")) {
            return path.replaceAll("-oci$", "") + ".tar";
        }
        if (!f.isFile() && path.endsWith(".tar")) {
            return path.substring(0, path.length() - 4) + "-oci";
        }
        return path;
    }

    /** Builds and exports; does nothing but explain when something is missing. */
    public void build() {
        error.set("");
        String problem = missing();
        if (!problem.isEmpty()) {
            error.set(problem);
            return;
        }
        Path target = Path.of(output.get().strip()).toAbsolutePath();
        ExportFormat f = format.get();
        Recipe recipe = workspace.toRecipe();
        try {
            workspace.pipeline().checkExport(recipe, f, target);
        } catch (RuntimeException e) {
            error.set(dev.strata.gui.common.ErrorText.of(e));
            return;
        }
        ResolvedSource source = workspace.sourceProperty().get();
        Realisation realised = workspace.realisationProperty().get();
        LayerPlan planned = workspace.planProperty().get();
        result.set(null);
        log.clear();
        for (StageProgress s : stages) {
            s.statusProperty().set("waiting");
            s.progressProperty().set(0);
        }
        busy.set(true);
        status.set("Building " + String.join(", ", recipe.packages()) + " ...");
        final Realisation[] made = new Realisation[1];
        final LayerPlan[] plannedHere = new LayerPlan[1];
        running = Tasks.of(p -> {
            Realisation r = realised;
            if (r == null) {
                r = workspace.pipeline().realise(source, recipe, p);
                made[0] = r;
            } else {
                p.on(ProgressEvent.finished(Stage.NIX_BUILD, "already built: " + r.closure().size() + " store paths"));
            }
            LayerPlan plan = planned;
            if (plan == null) {
                p.on(ProgressEvent.started(Stage.PLAN, "Planning layers"));
                plan = workspace.pipeline().plan(r, recipe);
                plannedHere[0] = plan;
            }
            p.on(ProgressEvent.finished(Stage.PLAN, plan.layers().size() + " store layers"));
            return exportAtomically(r, plan, recipe, f, target, p);
        }).onEvents(this::onEvents)
                .onSuccess(res -> {
                    if (made[0] != null) {
                        workspace.realisationProperty().set(made[0]);
                    }
                    result.set(res);
                    status.set("Saved " + res.output() + " (" + Sizes.human(res.totalSize()) + " in "
                            + res.layers().size() + " layers).");
                    workspace.statusProperty().set(status.get());
                })
                .onError(m -> {
                    closeQuietly(made[0]);
                    error.set(m);
                    status.set("The build failed; nothing was written.");
                    markUnfinished("failed");
                })
                .onCancelled(() -> {
                    closeQuietly(made[0]);
                    status.set("Cancelled; nothing was written.");
                    markUnfinished("cancelled");
                })
                .onFinally(() -> busy.set(false))
                .start();
    }

    private static void closeQuietly(Realisation r) {
        if (r != null) {
            r.close();
        }
    }

    private void markUnfinished(String word) {
        for (StageProgress s : stages) {
            if (!s.statusProperty().get().startsWith("done")) {
                s.statusProperty().set(s.statusProperty().get().equals("waiting") ? "not run" : word);
                if (s.progressProperty().get() < 0) {
                    s.progressProperty().set(0);
                }
            }
        }
    }

    /** What stops a build now, as a sentence, or empty. */
    public String missing() {
        if (workspace.sourceProperty().get() == null) {
            return "Apply a package source first (the Source screen).";
        }
        if (workspace.packages().isEmpty()) {
            return "Add at least one package first (the Search screen).";
        }
        if (output.get() == null || output.get().isBlank()) {
            return "Choose where to save the image (Browse...).";
        }
        Path target = Path.of(output.get().strip()).toAbsolutePath();
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            return "The folder " + target.getParent() + " does not exist; choose an existing folder.";
        }
        if (Files.isDirectory(target) && format.get().isFile()) {
            return target + " is a directory; choose a file name for the " + format.get().cliName() + ".";
        }
        return "";
    }

    private ExportResult exportAtomically(Realisation r, LayerPlan plan, Recipe recipe, ExportFormat f, Path target,
                                          ProgressListener p) throws IOException {
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial-" + UUID.randomUUID());
        boolean done = false;
        try {
            ExportResult res = workspace.pipeline().export(r, plan, recipe, f, partial, p);
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException();
            }
            Path old = null;
            if (Files.exists(target)) {
                old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            if (old != null) {
                deleteRecursively(old);
            }
            p.on(ProgressEvent.finished(Stage.EXPORT, "saved " + target));
            return new ExportResult(res.manifestDigest(), res.configDigest(), res.layers(), target, f, res.reference());
        } finally {
            if (!done) {
                deleteRecursively(partial);
            }
        }
    }

    /** Thrown when the build was cancelled after the writer returned but before the output was moved in place. */
    static final class InterruptedIOException extends java.io.InterruptedIOException {
        InterruptedIOException() {
            super("cancelled");
        }

        @Override
        public synchronized Throwable getCause() {
            return new InterruptedException("cancelled");
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void onEvents(List<ProgressEvent> events) {
        List<String> lines = new java.util.ArrayList<>();
        for (ProgressEvent e : events) {
            if (e.kind() == ProgressEvent.Kind.LOG) {
                lines.add(e.message());
                continue;
            }
            lines.add("[" + e.stage().title() + "] " + e.message());
            StageProgress s = byStage.get(e.stage());
            if (s == null) {
                continue;
            }
            switch (e.kind()) {
                case STARTED -> {
                    s.statusProperty().set(e.message());
                    s.progressProperty().set(-1);
                }
                case PROGRESS -> {
                    s.statusProperty().set(e.message());
                    s.progressProperty().set(e.fraction());
                }
                case FINISHED -> {
                    s.statusProperty().set("done: " + e.message());
                    s.progressProperty().set(1);
                }
                default -> { }
            }
            if (e.kind() != ProgressEvent.Kind.FINISHED) {
                status.set(e.stage().title() + ": " + e.message());
            }
        }
        log.addAll(lines);
    }

    /** Stops the build; the screen says "cancelled" once the work has really stopped. */
    public void cancel() {
        if (running != null && running.isRunning()) {
            status.set("Cancelling ...");
            running.cancel(true);
        }
    }

    /** For tests: completes when the current build's worker has returned. */
    public java.util.concurrent.CompletableFuture<Void> workerDone() {
        return running == null ? java.util.concurrent.CompletableFuture.completedFuture(null) : running.workerDone();
    }

    public ObjectProperty<ExportFormat> formatProperty() {
        return format;
    }

    public StringProperty outputProperty() {
        return output;
    }

    public ObservableList<StageProgress> stages() {
        return stages;
    }

    public LogLines log() {
        return log;
    }

    public ObjectProperty<ExportResult> resultProperty() {
        return result;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public Workspace workspace() {
        return workspace;
    }
}
