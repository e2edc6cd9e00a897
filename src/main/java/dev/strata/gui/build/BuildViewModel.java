package dev.strata.gui.build;

import dev.strata.compose.PipelineStep;
import dev.strata.compose.Composer;
import dev.strata.compose.ProgressEvent;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.compose.Sizes;
import dev.strata.compose.TransferProgress;
import dev.strata.gui.common.ErrorText;
import dev.strata.gui.common.ExportFormat;
import dev.strata.gui.common.ExportResult;
import dev.strata.gui.common.LogLines;
import dev.strata.gui.common.Tasks;
import dev.strata.gui.common.Workspace;
import dev.strata.layering.LayerPlan;
import dev.strata.nix.Realisation;
import dev.strata.output.ImageBlob;
import dev.strata.output.LoadableImage;
import dev.strata.output.OutputMode;
import dev.strata.output.OutputTarget;
import dev.strata.output.PushableImage;
import dev.strata.output.daemon.DockerHost;
import dev.strata.output.daemon.LoadResult;
import dev.strata.output.registry.PushOptions;
import dev.strata.output.registry.PushResult;
import dev.strata.output.registry.RegistryReference;
import dev.strata.source.ResolvedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
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
 * The build and export screen: builds the planned image and sends it to one of five destinations:
 * saved as a docker-archive, an OCI archive or an OCI directory, pushed to a registry, or loaded
 * into a Docker daemon. Progress is shown per stage from the pipeline's events and, for a push or
 * load, per blob; Nix's and the writers' log lines go to a bounded log; cancel interrupts the
 * worker, which stops Nix, the writers, the uploads and the daemon stream.
 *
 * <p>No partial output, ever: a saved image is written as {@code strata build} writes it (the same
 * {@code compose} call), complete or not at all. When an OCI layout is already where the image goes,
 * the screen asks first ({@link #layoutQuestionProperty()}): add this image to it, replace it, or
 * cancel; {@link #answer} continues. A push stores its tags only after every blob arrived. The plan
 * built is the workspace's plan, the one the layers screen shows.
 */
public final class BuildViewModel {
    static final List<PipelineStep> BUILD_STAGES = List.of(PipelineStep.NIX_BUILD, PipelineStep.PLAN, PipelineStep.LAYERS, PipelineStep.IMAGE);
    /** Progress totals above this are byte counts, which change too often to be logged line by line. */
    private static final long BYTE_COUNT = 1 << 20;

    private final Workspace workspace;
    private final ObjectProperty<Destination> destination = new SimpleObjectProperty<>(Destination.DOCKER_ARCHIVE);
    private final StringProperty output = new SimpleStringProperty("");
    private final PushSettings push = new PushSettings();
    private final LoadSettings load;
    private final ObservableList<StageProgress> stages = FXCollections.observableArrayList();
    private final Map<PipelineStep, StageProgress> byStage = new EnumMap<>(PipelineStep.class);
    private final TransferBoard board = new TransferBoard();
    private final LogLines log = new LogLines(5000);
    private final ObjectProperty<ExportResult> result = new SimpleObjectProperty<>();
    private final ObjectProperty<PushResult> pushResult = new SimpleObjectProperty<>();
    private final ObjectProperty<LoadResult> loadResult = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper resultCommand = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper layoutQuestion = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringBinding problem;
    private Tasks.PipelineTask<Object> running;
    private String lastLogged = "";

    public BuildViewModel(Workspace workspace) {
        this.workspace = workspace;
        this.load = new LoadSettings(workspace);
        for (PipelineStep s : List.of(PipelineStep.NIX_BUILD, PipelineStep.PLAN, PipelineStep.LAYERS, PipelineStep.IMAGE, PipelineStep.EXPORT, PipelineStep.PUSH,
                PipelineStep.LOAD)) {
            byStage.put(s, new StageProgress(s));
        }
        showStages(destination.get());
        destination.addListener((o, a, b) -> {
            if (b.isSaved()) {
                output.set(adjustExtension(output.get(), b.format()));
            }
            showStages(b);
        });
        problem = Bindings.createStringBinding(() -> switch (destination.get()) {
            case REGISTRY -> push.problemProperty().get();
            case DAEMON -> load.problemProperty().get();
            default -> "";
        }, destination, push.problemProperty(), load.problemProperty());
    }

    private void showStages(Destination d) {
        List<StageProgress> shown = new ArrayList<>();
        for (PipelineStep s : BUILD_STAGES) {
            shown.add(byStage.get(s));
        }
        shown.add(byStage.get(d.lastStage()));
        stages.setAll(shown);
    }

    /** A default output file name from the tag: {@code hello-latest.tar} or {@code hello-latest-oci}. */
    public String suggestedName() {
        String t = workspace.tagProperty().get();
        String base = t == null || t.isBlank() ? (workspace.packages().isEmpty() ? "image" : workspace.packages().get(0))
                : t.replaceAll(".*/", "").replace(':', '-');
        base = base.replaceAll("[^A-Za-z0-9._-]", "-");
        ExportFormat f = destination.get().format();
        return f == null || f.isFile() ? base + ".tar" : base + "-oci";
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

    /**
     * Builds and sends the image where the destination says; does nothing but explain when something
     * is missing, or ask ({@link #layoutQuestionProperty()}) when an OCI layout is where it would be saved.
     */
    public void build() {
        build(null);
    }

    /** Answers the question about an existing layout: add the image to it, replace it, or build nothing. */
    public void answer(LayoutChoice choice) {
        if (layoutQuestion.get().isEmpty()) {
            return;
        }
        layoutQuestion.set("");
        switch (choice) {
            case ADD -> build(OutputMode.ADD);
            case REPLACE -> build(OutputMode.REPLACE);
            case CANCEL -> status.set("Cancelled; nothing was written.");
        }
    }

    /** @param mode what to do with an OCI layout at the output path; null: ask when there is one */
    private void build(OutputMode mode) {
        error.set("");
        layoutQuestion.set("");
        String problem = missing();
        if (!problem.isEmpty()) {
            error.set(problem);
            return;
        }
        Destination d = destination.get();
        Recipe recipe = workspace.toRecipe();
        Send send;
        Runnable precheck = switch (d) {
            case REGISTRY -> push.options().tls()::check;
            case DAEMON -> () -> workspace.pipeline().checkLoad(load.hostOrNull());
            default -> () -> { };
        };
        try {
            send = switch (d) {
                case REGISTRY -> pushTo(push.target(), push.options(), push.referenceProperty().get().strip());
                case DAEMON -> loadInto(load.hostOrNull(), load.nameBinding().get(), load.timeout());
                default -> save(recipe, d.format(), mode);
            };
        } catch (RuntimeException e) {
            error.set(ErrorText.of(e));
            return;
        }
        if (send == null) {
            return; // the question is asked; the answer builds
        }
        ResolvedSource source = workspace.sourceProperty().get();
        Realisation realised = workspace.realisationProperty().get();
        LayerPlan planned = workspace.planProperty().get();
        result.set(null);
        pushResult.set(null);
        loadResult.set(null);
        resultCommand.set("");
        log.clear();
        lastLogged = "";
        board.reset();
        for (StageProgress s : stages) {
            s.statusProperty().set("waiting");
            s.progressProperty().set(0);
        }
        busy.set(true);
        status.set("Building " + Composer.roots(recipe) + " ...");
        final Realisation[] made = new Realisation[1];
        running = Tasks.<Object>of(p -> {
            precheck.run(); // what can be refused before the build (a CA file, a daemon socket) is, off the FX thread
            Realisation r = realised;
            if (r == null) {
                r = workspace.pipeline().realise(source, recipe, p);
                made[0] = r;
            } else {
                p.on(ProgressEvent.finished(PipelineStep.NIX_BUILD, "already built: " + r.closure().size() + " store paths"));
            }
            LayerPlan plan = planned;
            if (plan == null) {
                p.on(ProgressEvent.started(PipelineStep.PLAN, "Planning layers"));
                plan = workspace.pipeline().plan(r, recipe);
            }
            p.on(ProgressEvent.finished(PipelineStep.PLAN, plan.layers().size() + " store layers"));
            return send.send(r, plan, recipe, p);
        }).onEvents(this::onEvents)
                .onSuccess(res -> {
                    if (made[0] != null) {
                        workspace.realisationProperty().set(made[0]);
                    }
                    board.sync();
                    show(res);
                    workspace.statusProperty().set(status.get());
                })
                .onError(m -> {
                    closeQuietly(made[0]);
                    error.set(m);
                    status.set(switch (d) {
                        case REGISTRY -> "The push failed; " + tagsStored() + ".";
                        case DAEMON -> "The load failed.";
                        default -> "The build failed; nothing was written.";
                    });
                    markUnfinished("failed");
                })
                .onCancelled(() -> {
                    closeQuietly(made[0]);
                    status.set(switch (d) {
                        case REGISTRY -> "Cancelled; the push stopped and " + tagsStored() + ".";
                        case DAEMON -> "Cancelled; the load stopped.";
                        default -> "Cancelled; nothing was written.";
                    });
                    markUnfinished("cancelled");
                })
                .onFinally(() -> busy.set(false))
                .start();
    }

    /** What a push that stopped stored: "no tag was stored", or which tags were. */
    private String tagsStored() {
        List<String> tags = board.tagged();
        return tags.isEmpty() ? "no tag was stored" : "the tags " + String.join(", ", tags) + " were stored";
    }

    /** The last step of a build: save, push or load the planned image. Runs on the worker. */
    @FunctionalInterface
    private interface Send {
        Object send(Realisation r, LayerPlan plan, Recipe recipe, ProgressListener p) throws Exception;
    }

    /** The save step, or null after asking what to do with an OCI layout at the path ({@code mode} null). */
    private Send save(Recipe recipe, ExportFormat format, OutputMode mode) {
        Path target = Path.of(output.get().strip()).toAbsolutePath();
        OutputTarget there = workspace.pipeline().checkExport(recipe, format, target);
        if (there.existing() == OutputTarget.Existing.LAYOUT && mode == null) {
            layoutQuestion.set(question(there));
            return null;
        }
        OutputMode m = mode == null ? OutputMode.ADD : mode;
        return (r, plan, rec, p) -> workspace.pipeline().export(r, plan, rec, format, target, m, p);
    }

    private Send pushTo(RegistryReference target, PushOptions options, String typed) {
        return (r, plan, recipe, p) -> {
            PushableImage image = workspace.pipeline().preparePush(r, plan, recipe, p);
            List<ImageBlob> blobs = image.blobsInPushOrder();
            long total = blobs.stream().mapToLong(ImageBlob::size).sum();
            p.on(ProgressEvent.started(PipelineStep.PUSH, "Pushing " + blobs.size() + " blobs (" + Sizes.human(total) + ") to "
                    + target));
            TransferProgress overall = new TransferProgress(p, PipelineStep.PUSH, total);
            board.logTo(line -> p.on(ProgressEvent.log(PipelineStep.PUSH, line)));
            board.expect(image.layers(), image.config());
            PushResult res = workspace.pipeline().push(image, target, options, e -> {
                board.on(e);
                overall.on(e);
            }, w -> p.on(ProgressEvent.log(PipelineStep.PUSH, "warning: " + w)));
            p.on(ProgressEvent.finished(PipelineStep.PUSH, "pushed " + res.reference() + "@" + res.manifestDigest()));
            return new Pushed(res, typed);
        };
    }

    private Send loadInto(String host, String name, java.time.Duration timeout) {
        return (r, plan, recipe, p) -> {
            LoadableImage image = workspace.pipeline().prepareLoad(r, plan, recipe, name, p);
            p.on(ProgressEvent.started(PipelineStep.LOAD, "Loading " + image.name() + " ("
                    + (image.size() < 0 ? "size unknown" : Sizes.human(image.size())) + ") into "
                    + (host == null ? load.defaultHost() : host)));
            TransferProgress overall = new TransferProgress(p, PipelineStep.LOAD, image.size());
            board.logTo(line -> p.on(ProgressEvent.log(PipelineStep.LOAD, line)));
            board.expectArchive("docker-archive  " + image.name(), image.size());
            LoadResult res = workspace.pipeline().load(image, host, timeout, e -> {
                board.on(e);
                overall.on(e);
            });
            p.on(ProgressEvent.finished(PipelineStep.LOAD, "loaded " + (res.loaded().isEmpty() ? image.name()
                    : String.join(", ", res.loaded())) + " into " + res.daemon()));
            return new Loaded(res, image.name());
        };
    }

    /** A push's result with the reference as the user typed it (for the pull command). */
    private record Pushed(PushResult result, String typed) {}

    /** A load's result with the name the archive carried. */
    private record Loaded(LoadResult result, String name) {}

    private void show(Object res) {
        if (res instanceof ExportResult saved) {
            result.set(saved);
            resultCommand.set(saved.runCommand());
            status.set("Saved " + saved.output() + " (" + Sizes.human(saved.totalSize()) + " in "
                    + saved.layers().size() + " layers).");
        } else if (res instanceof Pushed pushed) {
            PushResult r = pushed.result();
            resultCommand.set(pullCommand(pushed.typed()));
            pushResult.set(r);
            status.set("Pushed " + r.reference() + ": " + r.blobsUploaded() + " blobs sent ("
                    + Sizes.human(r.bytesUploaded()) + "), " + r.blobsSkipped() + " already there"
                    + (r.blobsMounted() > 0 ? " or mounted" : "") + ".");
        } else if (res instanceof Loaded loaded) {
            LoadResult r = loaded.result();
            String name = r.loaded().isEmpty() ? loaded.name() : r.loaded().get(0);
            resultCommand.set(runCommand(name, r.daemon()));
            loadResult.set(r);
            status.set("Loaded " + name + " into " + r.daemon() + ".");
        }
    }

    /** The command that pulls a pushed image. */
    static String pullCommand(String reference) {
        return "docker pull " + ExportResult.quote(reference);
    }

    /** The command that runs a loaded image, against the daemon it went to (unless that is Docker's default). */
    static String runCommand(String name, String daemon) {
        boolean usual = daemon == null || daemon.equals("unix://" + DockerHost.DOCKER_SOCKET);
        return "docker " + (usual ? "" : "-H " + ExportResult.quote(daemon) + " ") + "run --rm --network none "
                + ExportResult.quote(name);
    }

    private static void closeQuietly(Realisation r) {
        if (r != null) {
            r.close();
        }
    }

    private void markUnfinished(String word) {
        board.sync();
        board.markUnfinished(word);
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
        if (workspace.nothingSelected()) {
            return "Add at least one package or expression first (the Search screen).";
        }
        if (!destination.get().isSaved()) {
            return problem.get();
        }
        ExportFormat format = destination.get().format();
        if (output.get() == null || output.get().isBlank()) {
            return "Choose where to save the image (Browse...).";
        }
        Path target = Path.of(output.get().strip()).toAbsolutePath();
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            return "The folder " + target.getParent() + " does not exist; choose an existing folder.";
        }
        if (Files.isDirectory(target) && format.isFile()) {
            return target + " is a directory; choose a file name for the " + format.cliName() + ".";
        }
        return "";
    }

    /** The question for an OCI layout at the output path, naming its images. */
    static String question(OutputTarget layout) {
        int n = layout.images().size();
        return layout.path() + " already holds an OCI layout with " + n + (n == 1 ? " image" : " images")
                + (n == 0 ? "" : " (" + String.join(", ", layout.images()) + ")") + ". Add this image to it (an image "
                + "of the same name is replaced), or replace the whole layout with this image?";
    }

    private void onEvents(List<ProgressEvent> events) {
        List<String> lines = new ArrayList<>();
        boolean transfer = false;
        for (ProgressEvent e : events) {
            if (e.kind() == ProgressEvent.Kind.LOG) {
                lines.add(e.message());
                continue;
            }
            if (loggable(e)) {
                String line = "[" + e.stage().title() + "] " + e.message();
                if (!line.equals(lastLogged)) {
                    lines.add(line);
                    lastLogged = line;
                }
            }
            transfer |= e.stage() == PipelineStep.PUSH || e.stage() == PipelineStep.LOAD;
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
        if (transfer) {
            board.sync();
        }
        log.addAll(lines);
    }

    /**
     * Whether a stage event goes to the log: starts, ends and counted steps (a layer written, a
     * package built) do; byte counts, which arrive many times a second, only move the bars.
     */
    static boolean loggable(ProgressEvent e) {
        if (e.kind() != ProgressEvent.Kind.PROGRESS) {
            return true;
        }
        boolean bytes = e.stage() == PipelineStep.PUSH || e.stage() == PipelineStep.LOAD || e.total() > BYTE_COUNT
                || e.message().startsWith("read ");
        return !bytes;
    }

    /** Stops the build; the screen says "cancelled" once the work has really stopped. */
    public void cancel() {
        if (running != null && running.isRunning()) {
            status.set("Cancelling ...");
            running.cancel(true);
        }
    }

    /** For tests: completes when the current build's worker has returned. */
    public CompletableFuture<Void> workerDone() {
        return running == null ? CompletableFuture.completedFuture(null) : running.workerDone();
    }

    public ObjectProperty<Destination> destinationProperty() {
        return destination;
    }

    public PushSettings push() {
        return push;
    }

    public LoadSettings load() {
        return load;
    }

    /** What is wrong with the push or load fields now, as a sentence, or empty (always empty for files). */
    public StringBinding problemBinding() {
        return problem;
    }

    /** The per-blob bars of the running or last push or load. */
    public ObservableList<BlobRow> blobs() {
        return board.rows();
    }

    public ObjectProperty<PushResult> pushResultProperty() {
        return pushResult;
    }

    public ObjectProperty<LoadResult> loadResultProperty() {
        return loadResult;
    }

    /** The command for the result panel: how to run a saved or loaded image, or pull a pushed one. */
    public ReadOnlyStringProperty resultCommandProperty() {
        return resultCommand.getReadOnlyProperty();
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

    /**
     * The question to answer ({@link #answer}) before the image is saved: an OCI layout is where it
     * would go. Empty when there is none; nothing runs while there is one.
     */
    public ReadOnlyStringProperty layoutQuestionProperty() {
        return layoutQuestion.getReadOnlyProperty();
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
