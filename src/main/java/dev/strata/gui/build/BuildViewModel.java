package dev.strata.gui.build;

import dev.strata.compose.PipelineStep;
import dev.strata.compose.Composer;
import dev.strata.compose.Exports;
import dev.strata.compose.ProgressEvent;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.compose.Sizes;
import dev.strata.compose.TransferProgress;
import dev.strata.gui.common.ErrorText;
import dev.strata.gui.common.ExportFormat;
import dev.strata.gui.common.ExportResult;
import dev.strata.gui.common.LogLines;
import dev.strata.gui.common.Plural;
import dev.strata.gui.common.Tasks;
import dev.strata.gui.common.Workspace;
import dev.strata.layering.LayerPlan;
import dev.strata.nix.Realisation;
import dev.strata.output.ImageBlob;
import dev.strata.output.LoadableImage;
import dev.strata.output.OutputMode;
import dev.strata.output.OutputTarget;
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
    private final PushSettings push;
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
    private final ObjectProperty<Question> question = new SimpleObjectProperty<>();
    private final BooleanProperty outputEdited = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper derivedOutput = new ReadOnlyStringWrapper("");
    /** The folder a derived output goes to: where the last one chosen was, else the home folder. */
    private Path folder = Path.of(System.getProperty("user.home"));
    private boolean settingOutput;
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringBinding problem;
    private Tasks.PipelineTask<Object> running;
    private String lastLogged = "";

    public BuildViewModel(Workspace workspace) {
        this.workspace = workspace;
        this.load = new LoadSettings(workspace);
        this.push = new PushSettings(workspace);
        for (PipelineStep s : List.of(PipelineStep.NIX_BUILD, PipelineStep.PLAN, PipelineStep.LAYERS, PipelineStep.IMAGE,
                PipelineStep.EXPORT, PipelineStep.PUSH, PipelineStep.LOAD)) {
            byStage.put(s, new StageProgress(s));
        }
        showStages(destination.get());
        destination.addListener((o, a, b) -> {
            if (b.isSaved() && outputEdited.get()) {
                setOutput(adjustExtension(output.get(), b.format()));
            }
            showStages(b);
            // What the screen said of the last destination is not about this one.
            result.set(null);
            pushResult.set(null);
            loadResult.set(null);
            resultCommand.set("");
            error.set("");
            question.set(null);
        });
        // The file name follows the image's name and the format until the user edits it.
        for (javafx.beans.Observable o : new javafx.beans.Observable[] {destination, workspace.tagProperty(),
                workspace.packages()}) {
            o.addListener(x -> deriveOutput());
        }
        output.addListener((o, a, b) -> {
            if (!settingOutput) {
                outputEdited.set(b != null && !b.strip().equals(derivedOutput.get()));
                if (b != null && !b.isBlank() && outputEdited.get()) {
                    Path parent = Path.of(b.strip()).toAbsolutePath().getParent();
                    if (parent != null && Files.isDirectory(parent)) {
                        folder = parent;
                    }
                }
            }
        });
        deriveOutput();
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

    /**
     * The output's name derived from the image's name and the format, so that no format overwrites
     * another's file: {@code hello-1.0.tar} (docker-archive), {@code hello-1.0.oci.tar} (OCI
     * archive), {@code hello-1.0-oci} (OCI layout directory).
     */
    public String suggestedName() {
        return suggestedName(workspace.tagProperty().get(), workspace.packages(), destination.get().format());
    }

    static String suggestedName(String tag, List<String> packages, ExportFormat f) {
        String base = tag == null || tag.isBlank() ? (packages.isEmpty() ? "image" : packages.get(0))
                : tag.strip().replaceAll(".*/", "").replace(':', '-');
        base = base.replaceAll("[^A-Za-z0-9._-]", "-");
        if (f == null) {
            return base;
        }
        return switch (f) {
            case DOCKER_ARCHIVE -> base + ".tar";
            case OCI_ARCHIVE -> base + ".oci.tar";
            case OCI_DIR -> base + "-oci";
        };
    }

    /** Sets the output to the derived name in the current folder, unless the user has edited it. */
    private void deriveOutput() {
        derivedOutput.set(destination.get().isSaved() ? folder.resolve(suggestedName()).toString() : "");
        if (!outputEdited.get() && destination.get().isSaved()) {
            setOutput(derivedOutput.get());
        }
    }

    private void setOutput(String path) {
        settingOutput = true;
        try {
            output.set(path);
        } finally {
            settingOutput = false;
        }
    }

    /** Goes back to the name derived from the image's name and format (in the folder of the current output). */
    public void useDerivedOutput() {
        String current = output.get();
        if (current != null && !current.isBlank()) {
            Path parent = Path.of(current.strip()).toAbsolutePath().getParent();
            if (parent != null) {
                folder = parent;
            }
        }
        outputEdited.set(false);
        deriveOutput();
    }

    /**
     * A path chosen in a file dialog: its folder becomes the folder of derived names; the output
     * counts as edited only when the name differs from the derived one.
     */
    public void chosen(Path path) {
        Path p = path.toAbsolutePath();
        if (p.getParent() != null) {
            folder = p.getParent();
        }
        derivedOutput.set(folder.resolve(suggestedName()).toString());
        outputEdited.set(!p.toString().equals(derivedOutput.get()));
        setOutput(p.toString());
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
     * is missing, or ask ({@link #questionProperty()}) when something is already where it would go:
     * a file, an OCI layout, a tag in the registry, a name in Docker.
     */
    public void build() {
        build(null);
    }

    /** Answers the question about what is already there: add to it, replace it, or build nothing. */
    public void answer(Answer a) {
        if (question.get() == null) {
            return;
        }
        question.set(null);
        if (a == Answer.CANCEL) {
            status.set("Cancelled; nothing was written.");
            workspace.statusProperty().set(status.get());
        } else {
            build(a);
        }
    }

    /** @param confirmed the answer to the question about what is there, or null: ask when something is */
    private void build(Answer confirmed) {
        error.set("");
        question.set(null);
        String problem = missing();
        if (!problem.isEmpty()) {
            error.set(problem);
            return;
        }
        Destination d = destination.get();
        Recipe recipe;
        Send send;
        Runnable precheck = switch (d) {
            case REGISTRY -> push.options().tls()::check;
            case DAEMON -> () -> workspace.pipeline().checkLoad(load.hostOrNull());
            default -> () -> { };
        };
        try {
            recipe = workspace.toRecipe();
            send = switch (d) {
                case REGISTRY -> {
                    if (confirmed == null) {
                        checkTags(push.target(), push.options());
                        yield null;
                    }
                    yield pushTo(push.target(), push.options(), push.referenceProperty().get().strip());
                }
                case DAEMON -> {
                    Exports.checkLoadable(recipe); // zstd layers: said now, not after the build
                    if (confirmed == null) {
                        checkName(load.hostOrNull(), load.nameBinding().get());
                        yield null;
                    }
                    yield loadInto(load.hostOrNull(), load.nameBinding().get(), load.timeout());
                }
                default -> save(recipe, d.format(), confirmed);
            };
        } catch (RuntimeException e) {
            error.set(ErrorText.of(e));
            return;
        }
        if (send != null) {
            start(recipe, d, send, precheck);
        }
    }

    /** Asks the registry which of the push's tags exist (a HEAD per tag) and asks before moving them. */
    private void checkTags(RegistryReference target, PushOptions options) {
        busy.set(true);
        status.set("Checking whether " + target + " exists ...");
        running = Tasks.<Object>of(p -> workspace.pipeline().existingTags(target, options))
                .onSuccess(found -> {
                    @SuppressWarnings("unchecked")
                    List<String> tags = (List<String>) found;
                    busy.set(false);
                    status.set("");
                    if (tags.isEmpty()) {
                        build(Answer.REPLACE);
                    } else {
                        ask(Question.replaceOrCancel("The tag exists", target.registry() + "/" + target.repository()
                                + (tags.size() == 1 ? " already has the tag " : " already has the tags ")
                                + String.join(", ", tags) + ". Pushing moves " + (tags.size() == 1 ? "it" : "them")
                                + " to this image; the image " + (tags.size() == 1 ? "it names" : "they name")
                                + " now stays in the registry under its digest.", "Push and move the tag"));
                    }
                })
                .onError(m -> {
                    busy.set(false);
                    error.set(m);
                    status.set("The push failed before anything was sent; no tag was stored.");
                })
                .onCancelled(() -> {
                    busy.set(false);
                    status.set("Cancelled; nothing was pushed.");
                })
                .start();
    }

    /** Asks the daemon whether it has an image of the load's name, and asks before giving the name to this one. */
    private void checkName(String host, String name) {
        busy.set(true);
        status.set("Checking whether Docker has " + name + " ...");
        running = Tasks.<Object>of(p -> {
            String id = workspace.pipeline().existingImageId(host, name);
            return id == null ? "" : id;
        })
                .onSuccess(id -> {
                    busy.set(false);
                    status.set("");
                    if (((String) id).isEmpty()) {
                        build(Answer.REPLACE);
                    } else {
                        ask(Question.replaceOrCancel("The name is taken", "Docker already has an image named " + name
                                + " (" + shortId((String) id) + "). Loading gives the name to this image; the other "
                                + "stays, untagged unless another name holds it.", "Load and take the name"));
                    }
                })
                .onError(m -> {
                    busy.set(false);
                    build(Answer.REPLACE); // the load itself will say what is wrong with the daemon
                })
                .onCancelled(() -> {
                    busy.set(false);
                    status.set("Cancelled; nothing was loaded.");
                })
                .start();
    }

    private static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    private void ask(Question q) {
        status.set("Waiting for an answer ...");
        question.set(q);
    }

    private void start(Recipe recipe, Destination d, Send send, Runnable precheck) {
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
                p.on(ProgressEvent.finished(PipelineStep.NIX_BUILD, "already built: " + Plural.of(r.closure().size(),
                        "store path")));
            }
            LayerPlan plan = planned;
            if (plan == null) {
                p.on(ProgressEvent.started(PipelineStep.PLAN, "Planning layers"));
                plan = workspace.pipeline().plan(r, recipe);
            }
            p.on(ProgressEvent.finished(PipelineStep.PLAN, Plural.of(plan.layers().size(), "store layer")));
            Object sent = send.send(r, plan, recipe, p);
            return new Sent(sent, r, workspace.pipeline().programs(r));
        }).onEvents(this::onEvents)
                .onSuccess(res -> {
                    Sent sent = (Sent) res;
                    if (made[0] != null) {
                        workspace.realisationProperty().set(made[0]);
                    }
                    board.sync();
                    show(sent.result(), recipe, sent.programs());
                    workspace.statusProperty().set(status.get());
                    workspace.storedSizes().update(); // every layer is in the cache now: the size is exact
                })
                .onError(m -> {
                    closeQuietly(made[0]);
                    error.set(m);
                    status.set(switch (d) {
                        case REGISTRY -> "The push failed; " + tagsStored() + ".";
                        case DAEMON -> "The load failed.";
                        default -> "The build failed; nothing was written.";
                    });
                    workspace.statusProperty().set(status.get());
                    markUnfinished("failed");
                })
                .onCancelled(() -> {
                    closeQuietly(made[0]);
                    status.set(switch (d) {
                        case REGISTRY -> "Cancelled; the push stopped and " + tagsStored() + ".";
                        case DAEMON -> "Cancelled; the load stopped.";
                        default -> "Cancelled; nothing was written.";
                    });
                    workspace.statusProperty().set(status.get());
                    markUnfinished("cancelled");
                })
                .onFinally(() -> busy.set(false))
                .start();
    }

    /** What a build sent, with the realisation it used and its packages' programs (for the run command). */
    private record Sent(Object result, Realisation realisation, java.util.Map<String, List<String>> programs) {}

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

    /**
     * The save step; null after asking what to do with what is at the path ({@code confirmed} null):
     * an OCI layout (add to it or replace it) or a file (replace it).
     */
    private Send save(Recipe recipe, ExportFormat format, Answer confirmed) {
        Path target = Path.of(output.get().strip()).toAbsolutePath();
        OutputTarget there = workspace.pipeline().checkExport(recipe, format, target);
        if (confirmed == null && there.existing() == OutputTarget.Existing.LAYOUT) {
            Map<Answer, String> answers = new java.util.LinkedHashMap<>();
            answers.put(Answer.ADD, "Add this image");
            answers.put(Answer.REPLACE, "Replace the layout");
            answers.put(Answer.CANCEL, "Cancel");
            ask(new Question("An OCI layout is there already", question(there), answers));
            return null;
        }
        if (confirmed == null && there.existing() == OutputTarget.Existing.FILE) {
            ask(Question.replaceOrCancel("The file exists", there.path() + " exists already. Replace it with this image "
                    + "(" + format.windowName() + ")?", "Replace the file"));
            return null;
        }
        OutputMode m = confirmed == Answer.REPLACE ? OutputMode.REPLACE : OutputMode.ADD;
        return (r, plan, rec, p) -> workspace.pipeline().export(r, plan, rec, format, target, m, p);
    }

    private Send pushTo(RegistryReference target, PushOptions options, String typed) {
        return (r, plan, recipe, p) -> {
            // Built and pushed at once, as strata push does: each layer goes up as soon as it is written.
            p.on(ProgressEvent.started(PipelineStep.PUSH, "Pushing to " + target + ", each layer as soon as it is written"));
            TransferProgress overall = new TransferProgress(p, PipelineStep.PUSH, -1);
            board.logTo(line -> p.on(ProgressEvent.log(PipelineStep.PUSH, line)));
            PushResult res = workspace.pipeline().buildAndPush(r, plan, recipe, target, options, p, board::expectLayer,
                    image -> {
                        List<ImageBlob> blobs = image.blobsInPushOrder();
                        long total = blobs.stream().mapToLong(ImageBlob::size).sum();
                        overall.total(total);
                        board.expect(image.layers(), image.config());
                        p.on(ProgressEvent.log(PipelineStep.PUSH, "the image is " + blobs.size() + " blobs ("
                                + Sizes.human(total) + ")"));
                    }, e -> {
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

    private void show(Object res, Recipe recipe, java.util.Map<String, List<String>> programs) {
        String program = RunCommands.defaultProgram(recipe, programs, workspace.indexProperty().get());
        if (res instanceof ExportResult saved) {
            result.set(saved);
            resultCommand.set(RunCommands.forSaved(saved, program));
            status.set("Saved " + saved.output() + " (" + Sizes.human(saved.totalSize()) + " in "
                    + Plural.of(saved.layers().size(), "layer") + ").");
        } else if (res instanceof Pushed pushed) {
            PushResult r = pushed.result();
            resultCommand.set(pullCommand(pushed.typed()));
            pushResult.set(r);
            status.set("Pushed " + r.reference() + ": " + Plural.of(r.blobsUploaded(), "blob") + " sent ("
                    + Sizes.human(r.bytesUploaded()) + "), " + r.blobsSkipped() + " already there"
                    + (r.blobsMounted() > 0 ? " or mounted" : "") + ".");
        } else if (res instanceof Loaded loaded) {
            LoadResult r = loaded.result();
            String name = r.loaded().isEmpty() ? loaded.name() : r.loaded().get(0);
            resultCommand.set(RunCommands.forLoaded(name, r.daemon(), program));
            loadResult.set(r);
            status.set("Loaded " + name + " into " + r.daemon() + ".");
        }
    }

    /** The command that pulls a pushed image. */
    static String pullCommand(String reference) {
        return "docker pull " + ExportResult.quote(reference);
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
            return target + " is a directory; choose a file name for the " + format.windowName() + ".";
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
     * The question to answer ({@link #answer}) before the image is sent: something is already where
     * it would go. Null when there is none; nothing runs while there is one.
     */
    public ObjectProperty<Question> questionProperty() {
        return question;
    }

    /** True when the output path was typed or chosen rather than derived from the image's name and format. */
    public BooleanProperty outputEditedProperty() {
        return outputEdited;
    }

    /** The output path derived from the image's name and format (what {@link #useDerivedOutput} goes back to). */
    public ReadOnlyStringProperty derivedOutputProperty() {
        return derivedOutput.getReadOnlyProperty();
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
