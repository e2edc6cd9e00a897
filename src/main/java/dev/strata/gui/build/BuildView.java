package dev.strata.gui.build;

import atlantafx.base.theme.Styles;
import dev.strata.compose.Sizes;
import dev.strata.gui.common.ExportResult;
import dev.strata.gui.common.Ui;
import dev.strata.gui.common.WarmUp;
import dev.strata.output.daemon.LoadResult;
import dev.strata.output.registry.PushResult;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.geometry.Orientation;
import javafx.scene.layout.Region;
import dev.strata.gui.common.ErrorPanel;
import javafx.scene.control.RadioButton;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;

/**
 * The build screen's view: the destination and its fields (a file, a registry, a Docker daemon),
 * the stages with progress and, for a push or load, one bar per blob, the log, and the result.
 * It only binds to {@link BuildViewModel}, which validates and runs everything.
 */
public final class BuildView {
    private final SplitPane root;
    private final Button build;
    private final ListView<BlobRow> blobs;
    private final BooleanBinding blobsShown;
    private final ListView<String> log;

    public BuildView(BuildViewModel vm) {
        ChoiceBox<Destination> destination = new ChoiceBox<>(FXCollections.observableArrayList(Destination.values()));
        destination.setId("build-destination");
        destination.valueProperty().bindBidirectional(vm.destinationProperty());
        destination.disableProperty().bind(vm.busyProperty());
        destination.setTooltip(Ui.tip("docker-archive: a file for 'docker load' and podman. OCI archive: one tar in "
                + "the OCI layout, for podman, skopeo and containerd. OCI directory: the layout unpacked, for skopeo "
                + "and umoci. Push: straight to a registry, only the blobs it lacks. Load: straight into a Docker "
                + "(or podman) daemon, no file in between."));
        HBox where = new HBox(8, Ui.labelFor("Send _to", destination), destination);
        where.setAlignment(Pos.CENTER_LEFT);

        Node fileForm = fileForm(vm);
        Node pushForm = pushForm(vm);
        Node loadForm = loadForm(vm);
        showOnly(vm, fileForm, pushForm, loadForm);
        StackPane forms = new StackPane(fileForm, pushForm, loadForm);
        forms.setAlignment(Pos.TOP_LEFT);
        forms.disableProperty().bind(vm.busyProperty());

        Label problem = Ui.mutedLabel(vm.problemBinding());
        problem.setId("build-problem");

        build = Ui.button("Build and save", Feather.PACKAGE, "Build the image and send it where 'Send to' says (Ctrl+B)");
        build.setId("build-start");
        build.textProperty().bind(Bindings.createStringBinding(() -> vm.destinationProperty().get().action(),
                vm.destinationProperty()));
        build.getStyleClass().add(Styles.ACCENT);
        build.disableProperty().bind(vm.busyProperty().or(vm.problemBinding().isNotEmpty()));
        build.setOnAction(e -> {
            if (vm.destinationProperty().get().isSaved()
                    && (vm.outputProperty().get() == null || vm.outputProperty().get().isBlank())) {
                choose(vm, build);
            }
            vm.build();
        });
        vm.questionProperty().addListener((o, before, question) -> {
            if (question != null) {
                ask(vm, question, build);
            }
        });
        Button cancel = Ui.button("Cancel", Feather.X_CIRCLE, "Stop the build, push or load; nothing is left behind");
        cancel.setId("build-cancel");
        cancel.getStyleClass().add(Styles.DANGER);
        cancel.disableProperty().bind(vm.busyProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        Label status = Ui.mutedLabel(vm.statusProperty());
        status.setId("build-status");
        build.setMinWidth(Region.USE_PREF_SIZE); // a long status gives way, not the buttons' words
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        status.setMinWidth(0);
        HBox actions = new HBox(10, build, cancel, status);
        actions.setAlignment(Pos.CENTER_LEFT);

        ErrorPanel error = new ErrorPanel("build-error", vm.errorProperty());
        Label estimate = Ui.mutedLabel(vm.workspace().storedSizes().textProperty());
        estimate.setId("build-estimate");

        GridPane stages = new GridPane();
        stages.setId("build-stages");
        stages.setHgap(12);
        stages.setVgap(3);
        vm.stages().addListener((Observable o) -> fillStages(stages, vm));
        fillStages(stages, vm);

        blobs = blobList(vm);
        blobsShown = Bindings.createBooleanBinding(() -> !vm.destinationProperty().get().isSaved(),
                vm.destinationProperty());
        blobs.visibleProperty().bind(blobsShown);

        log = new ListView<>(vm.log().lines());
        log.setId("build-log");
        log.setFixedCellSize(18);
        log.setMinHeight(72);
        log.getStyleClass().add("log");
        log.setAccessibleText("Build log");
        log.setPlaceholder(new Label("The build log appears here"));
        Ui.followEnd(log);
        // A push or load shows its per-blob bars beside the log; a saved file only the log.
        SplitPane bottom = new SplitPane(log);
        bottom.setId("build-bottom");
        Runnable arrange = () -> {
            if (blobsShown.get() && !bottom.getItems().contains(blobs)) {
                bottom.getItems().add(0, blobs);
                bottom.setDividerPositions(0.45);
            } else if (!blobsShown.get()) {
                bottom.getItems().remove(blobs);
            }
        };
        blobsShown.addListener((o, a, b) -> arrange.run());
        arrange.run();

        VBox top = new VBox(8, Ui.header("Build and export", "Builds the image exactly as planned on the Layers screen, "
                + "then saves, pushes or loads it. Cancel stops the work and leaves nothing behind."),
                where, forms, problem, estimate, actions, error, stages);
        Node result = resultPanel(vm);
        top.getChildren().add(result);
        top.setPadding(new Insets(16, 16, 8, 16));
        ScrollPane topScroll = new ScrollPane(top);
        topScroll.setFitToWidth(true);
        topScroll.setId("build-top");
        topScroll.getStyleClass().add("edge-to-edge");
        VBox bottomBox = new VBox(bottom);
        VBox.setVgrow(bottom, Priority.ALWAYS);
        bottomBox.setPadding(new Insets(0, 16, 16, 16));
        // The settings and results above, the bars and the log below; the divider gives either more room.
        root = new SplitPane(topScroll, bottomBox);
        root.setId("build-split");
        root.setOrientation(Orientation.VERTICAL);
        root.setDividerPositions(0.75); // at 1200x800: a saved image's result and its command in view, seven log lines below
        // The window lays every screen out once before it is shown (WarmUp), when the split has no
        // height yet: that moved the divider to about 0.55, so at 1200x800 the Build button of a push
        // and the result under the stages were below it. Put it where it belongs when first shown.
        // (Nothing scrolls on its own: the Send to list and the fields stay where the user left them.)
        boolean[] placed = {false};
        root.heightProperty().addListener((o, a, b) -> {
            var window = root.getScene() == null ? null : root.getScene().getWindow();
            if (!placed[0] && window != null && window.isShowing() && b.doubleValue() > 0) {
                placed[0] = true;
                root.setDividerPositions(0.75);
            }
        });

    }

    private static void showOnly(BuildViewModel vm, Node fileForm, Node pushForm, Node loadForm) {
        Runnable show = () -> {
            Destination d = vm.destinationProperty().get();
            fileForm.setVisible(d.isSaved());
            pushForm.setVisible(d == Destination.REGISTRY);
            loadForm.setVisible(d == Destination.DAEMON);
            for (Node n : new Node[] {fileForm, pushForm, loadForm}) {
                n.setManaged(n.isVisible());
            }
        };
        vm.destinationProperty().addListener((o, a, b) -> show.run());
        show.run();
    }

    private static Node fileForm(BuildViewModel vm) {
        TextField output = new TextField();
        output.setId("build-output");
        output.setPromptText("Where to save the image");
        output.textProperty().bindBidirectional(vm.outputProperty());
        HBox.setHgrow(output, Priority.ALWAYS);
        Button browse = Ui.button("Browse\u2026", Feather.FOLDER, "Choose where to save the image");
        browse.setMinWidth(Region.USE_PREF_SIZE); // the path field gives way at the minimum width, not the word
        browse.setOnAction(e -> choose(vm, browse));
        HBox box = new HBox(8, Ui.labelFor("Save _as", output), output, browse);
        box.setAlignment(Pos.CENTER_LEFT);
        Node origin = origin("build-output-origin", vm.outputEditedProperty(),
                "Named after the image and the format; it follows the Image screen's name.",
                "Named by you.", "Use the image's name", vm::useDerivedOutput);
        return new VBox(4, box, origin);
    }

    /**
     * A line under a destination field saying where its value comes from: derived from the image
     * (and following it), or typed by the user, with a link back to the derived value.
     */
    private static Node origin(String id, javafx.beans.value.ObservableBooleanValue edited, String derived,
                               String typed, String back, Runnable useDerived) {
        Label text = new Label();
        text.setId(id);
        text.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        text.textProperty().bind(Bindings.when(edited).then(typed).otherwise(derived));
        Hyperlink reset = new Hyperlink(back);
        reset.setId(id + "-reset");
        reset.getStyleClass().add(Styles.TEXT_SMALL);
        reset.visibleProperty().bind(edited);
        reset.managedProperty().bind(reset.visibleProperty());
        reset.setOnAction(e -> useDerived.run());
        HBox box = new HBox(6, text, reset);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(0, 0, 0, 60));
        return box;
    }

    private static Node pushForm(BuildViewModel vm) {
        PushSettings s = vm.push();
        TextField registry = new TextField();
        registry.setId("push-registry");
        registry.setPromptText("HOST[:PORT][/NAMESPACE], e.g. 127.0.0.1:5000/tools");
        registry.textProperty().bindBidirectional(s.registryProperty());
        registry.setTooltip(Ui.tip("The registry to push to, and a namespace in it if any; the image's name and tag "
                + "(the Image screen's) complete the reference."));
        TextField reference = new TextField();
        reference.setId("push-reference");
        reference.setPromptText("REGISTRY/REPOSITORY:TAG, e.g. 127.0.0.1:5000/tools/hello:1");
        reference.textProperty().bindBidirectional(s.referenceProperty());
        reference.setTooltip(Ui.tip("Where to push: the registry's host (and port), the repository and the tag. "
                + "Made of the registry and the image's name until you type here."));
        TextField tags = new TextField();
        tags.setId("push-tags");
        tags.setPromptText("e.g. latest, 1.0");
        tags.textProperty().bindBidirectional(s.extraTagsProperty());
        tags.setTooltip(Ui.tip("More tags for the same image, separated by commas or spaces."));

        CheckBox insecure = new CheckBox("_Insecure");
        insecure.setId("push-insecure");
        insecure.selectedProperty().bindBidirectional(s.insecureProperty());
        insecure.setTooltip(Ui.tip("Plain HTTP, or HTTPS without checking the certificate, for this registry only."));
        TextField ca = new TextField();
        ca.setId("push-ca");
        ca.setPromptText("CA certificate (PEM), if the registry's is not trusted by the system");
        ca.textProperty().bindBidirectional(s.caCertProperty());
        HBox.setHgrow(ca, Priority.ALWAYS);
        Button caBrowse = Ui.button("Browse\u2026", Feather.FILE_TEXT, "Choose the registry's CA certificate");
        caBrowse.setMinWidth(Region.USE_PREF_SIZE);
        caBrowse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("The registry's CA certificate");
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Certificates", "*.pem", "*.crt", "*.cer"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File f = fc.showOpenDialog(caBrowse.getScene().getWindow());
            if (f != null) {
                s.caCertProperty().set(f.getAbsolutePath());
            }
        });

        ToggleGroup login = new ToggleGroup();
        RadioButton dockerConfig = new RadioButton("Docker's config (docker login)");
        dockerConfig.setId("push-docker-config");
        dockerConfig.setToggleGroup(login);
        dockerConfig.setTooltip(Ui.tip("What 'docker login' stored: ~/.docker/config.json (or $DOCKER_CONFIG), its "
                + "credential store and helpers. Nothing there: the push goes without credentials."));
        RadioButton typed = new RadioButton("User");
        typed.setId("push-user-password");
        typed.setToggleGroup(login);
        (s.useDockerConfigProperty().get() ? dockerConfig : typed).setSelected(true);
        login.selectedToggleProperty().addListener((o, a, b) -> s.useDockerConfigProperty().set(b == dockerConfig));
        s.useDockerConfigProperty().addListener((o, a, b) -> (b ? dockerConfig : typed).setSelected(true));
        TextField user = new TextField();
        user.setId("push-user");
        user.setPromptText("user name");
        user.textProperty().bindBidirectional(s.usernameProperty());
        PasswordField password = new PasswordField();
        password.setId("push-password");
        password.setPromptText("password or token");
        password.textProperty().bindBidirectional(s.passwordProperty());
        password.setTooltip(Ui.tip("Kept in memory only: never logged, never saved in a recipe or the settings."));
        password.setAccessibleText("Password");
        user.disableProperty().bind(s.useDockerConfigProperty());
        password.disableProperty().bind(s.useDockerConfigProperty());
        HBox credentials = new HBox(8, dockerConfig, typed, user, new Label("Password"), password);
        credentials.setAlignment(Pos.CENTER_LEFT);

        Label warning = new Label("Insecure: plain HTTP, or HTTPS without checking the certificate. Anyone on the "
                + "network path could read or change the image, and read a password sent over plain HTTP.");
        warning.setId("push-insecure-warning");
        warning.setWrapText(true);
        warning.setMinHeight(Region.USE_PREF_SIZE);
        warning.getStyleClass().add("warning-message");
        warning.visibleProperty().bind(s.insecureProperty());
        warning.managedProperty().bind(warning.visibleProperty());

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, Ui.labelFor("Re_gistry", registry), registry, Ui.labelFor("Extra _tags", tags), tags);
        grid.addRow(1, Ui.labelFor("_Reference", reference), reference);
        GridPane.setColumnSpan(reference, 3);
        grid.add(origin("push-reference-origin", s.referenceEditedProperty(),
                "Made of the registry and the image's name; it follows the Image screen's name.",
                "Typed by you.", "Use the registry and the image's name", s::useDerivedReference), 1, 2, 3, 1);
        HBox tls = new HBox(8, insecure, ca, caBrowse);
        tls.setAlignment(Pos.CENTER_LEFT);
        grid.add(new Label("TLS"), 0, 3);
        grid.add(tls, 1, 3, 3, 1);
        grid.add(new Label("Log in with"), 0, 4);
        grid.add(credentials, 1, 4, 3, 1);
        GridPane.setHgrow(registry, Priority.ALWAYS);
        GridPane.setHgrow(reference, Priority.ALWAYS);
        tags.setPrefColumnCount(14);
        return new VBox(8, grid, warning);
    }

    private static Node loadForm(BuildViewModel vm) {
        LoadSettings s = vm.load();
        TextField host = new TextField();
        host.setId("load-host");
        host.setPromptText("unix:///var/run/docker.sock or tcp://HOST:PORT");
        host.textProperty().bindBidirectional(s.dockerHostProperty());
        host.setTooltip(Ui.tip("The daemon to load into. Filled with the one Strata picks by itself: DOCKER_HOST, "
                + "else /var/run/docker.sock, else podman's socket (" + s.defaultHost() + " here)."));
        HBox.setHgrow(host, Priority.ALWAYS);
        Label name = new Label();
        name.setId("load-name");
        name.textProperty().bind(s.nameBinding());
        name.getStyleClass().add("mono");
        Label from = new Label("(the Image screen's tag)");
        from.getStyleClass().add(Styles.TEXT_MUTED);
        TextField timeout = new TextField();
        timeout.setId("load-timeout");
        timeout.setPrefColumnCount(5);
        timeout.textProperty().bindBidirectional(s.timeoutSecondsProperty());
        timeout.setTooltip(Ui.tip("Seconds the daemon may go without progress (connecting, taking the image, "
                + "answering) before the load stops, as strata load --timeout; the wait for its answer grows by "
                + "1 s per 4 MiB of image."));
        HBox box = new HBox(8, Ui.labelFor("Docker _host", host), host, new Label("Loaded as"), name, from,
                Ui.labelFor("_Timeout (s)", timeout), timeout);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static void fillStages(GridPane stages, BuildViewModel vm) {
        stages.getChildren().clear();
        int row = 0;
        for (StageProgress s : vm.stages()) {
            Label title = new Label(s.title());
            title.setMinWidth(200);
            ProgressBar bar = new ProgressBar(0);
            bar.setPrefWidth(200);
            bar.progressProperty().bind(s.progressProperty());
            bar.setAccessibleText(s.title() + " progress");
            Label state = new Label();
            state.textProperty().bind(s.statusProperty());
            state.getStyleClass().add(Styles.TEXT_MUTED);
            state.setMaxWidth(620);
            stages.addRow(row++, title, bar, state);
        }
    }

    private static ListView<BlobRow> blobList(BuildViewModel vm) {
        ListView<BlobRow> list = new ListView<>(vm.blobs());
        list.setId("build-blobs");
        list.setFixedCellSize(24);
        list.setMinHeight(3 * 24 + 4);
        list.setAccessibleText("Progress of each blob");
        list.setPlaceholder(new Label("One bar per blob appears here while it is sent"));
        list.setCellFactory(l -> new ListCell<>() {
            private final Label title = new Label();
            private final ProgressBar bar = new ProgressBar(0);
            private final Label state = new Label();
            private final HBox box = new HBox(8, title, bar, state);

            {
                title.setMinWidth(200);
                title.getStyleClass().add("mono");
                bar.setPrefWidth(120);
                bar.setMinWidth(80);
                state.getStyleClass().add(Styles.TEXT_MUTED);
                box.setAlignment(Pos.CENTER_LEFT);
            }

            @Override
            protected void updateItem(BlobRow r, boolean empty) {
                super.updateItem(r, empty);
                bar.progressProperty().unbind();
                state.textProperty().unbind();
                if (empty || r == null) {
                    setGraphic(null);
                    return;
                }
                title.setText(r.title());
                bar.progressProperty().bind(r.progressProperty());
                state.textProperty().bind(r.statusProperty());
                setGraphic(box);
            }
        });
        return list;
    }

    private static Node resultPanel(BuildViewModel vm) {
        TextField digest = readOnly("build-digest");
        TextField command = readOnly("build-command");
        Label title = new Label();
        title.setId("build-result-title");
        title.getStyleClass().addAll(Styles.TITLE_4, Styles.SUCCESS);
        Label details = new Label();
        details.setId("build-details");
        details.setWrapText(true);
        Label digestLabel = new Label("Digest");
        Label commandLabel = new Label("Run it");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, digestLabel, digest, copy(digest, "Copy"));
        grid.addRow(1, commandLabel, command, copy(command, "Copy the command"));
        GridPane.setHgrow(digest, Priority.ALWAYS);
        GridPane.setHgrow(command, Priority.ALWAYS);
        VBox box = new VBox(6, title, details, grid);
        box.setId("build-result");
        box.getStyleClass().add("result-panel");
        box.setPadding(new Insets(10));
        box.visibleProperty().bind(vm.resultProperty().isNotNull().or(vm.pushResultProperty().isNotNull())
                .or(vm.loadResultProperty().isNotNull()));
        box.managedProperty().bind(box.visibleProperty());
        Runnable show = () -> {
            command.setText(vm.resultCommandProperty().get());
            ExportResult saved = vm.resultProperty().get();
            PushResult pushed = vm.pushResultProperty().get();
            LoadResult loaded = vm.loadResultProperty().get();
            if (saved != null) {
                title.setText("Image saved");
                digestLabel.setText("Digest");
                commandLabel.setText("Run it");
                digest.setText(saved.manifestDigest());
                details.setText(saved.output() + " \u2014 " + saved.format().windowName() + ", " + saved.layers().size()
                        + " layers, " + Sizes.human(saved.totalSize())
                        + (saved.reference().isBlank() ? "" : ", tagged " + saved.reference()));
            } else if (pushed != null) {
                title.setText("Image pushed");
                digestLabel.setText("Digest");
                commandLabel.setText("Pull it");
                digest.setText(pushed.manifestDigest());
                int blobs = pushed.blobsUploaded() + pushed.blobsSkipped();
                details.setText(pushed.reference() + " \u2014 " + blobs + " blobs: " + pushed.blobsUploaded()
                        + " uploaded (" + Sizes.human(pushed.bytesUploaded()) + "), "
                        + (pushed.blobsSkipped() - pushed.blobsMounted()) + " skipped (already there), "
                        + pushed.blobsMounted() + " mounted; tags " + String.join(", ", pushed.tags()));
            } else if (loaded != null) {
                title.setText("Image loaded");
                digestLabel.setText("Image ID");
                commandLabel.setText("Run it");
                digest.setText(loaded.imageId() == null ? "(the daemon did not say)" : loaded.imageId());
                details.setText(String.join(", ", loaded.loaded()) + " \u2014 into " + loaded.daemon() + " through the "
                        + loaded.via() + (loaded.bytesSent() > 0 ? ", " + Sizes.human(loaded.bytesSent()) + " sent" : ""));
            }
        };
        vm.resultCommandProperty().addListener((o, a, b) -> show.run());
        vm.resultProperty().addListener((o, a, b) -> show.run());
        vm.pushResultProperty().addListener((o, a, b) -> show.run());
        vm.loadResultProperty().addListener((o, a, b) -> show.run());
        return box;
    }

    private static TextField readOnly(String id) {
        TextField f = new TextField();
        f.setId(id);
        f.setEditable(false);
        f.getStyleClass().add("mono");
        return f;
    }

    private static Button copy(TextField f, String tip) {
        Button b = Ui.button("", Feather.COPY, tip);
        b.setId(f.getId() + "-copy");
        b.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(f.getText());
            Clipboard.getSystemClipboard().setContent(c);
        });
        return b;
    }

    /** The view model's question about what is already where the image would go, with its answers as buttons. */
    private static void ask(BuildViewModel vm, Question question, Node owner) {
        Map<ButtonType, Answer> answers = new LinkedHashMap<>();
        question.answers().forEach((answer, label) -> answers.put(new ButtonType(label, switch (answer) {
            case ADD -> ButtonBar.ButtonData.OK_DONE;
            case REPLACE -> question.answers().containsKey(Answer.ADD) ? ButtonBar.ButtonData.OTHER
                    : ButtonBar.ButtonData.OK_DONE;
            case CANCEL -> ButtonBar.ButtonData.CANCEL_CLOSE;
        }), answer));
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, question.text(), answers.keySet().toArray(ButtonType[]::new));
        alert.setTitle(question.title());
        alert.setHeaderText(null);
        alert.getDialogPane().setId("build-question");
        alert.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        if (owner.getScene() != null) {
            alert.initOwner(owner.getScene().getWindow());
        }
        alert.setOnHidden(e -> vm.answer(answers.getOrDefault(alert.getResult(), Answer.CANCEL)));
        alert.show();
    }

    private static void choose(BuildViewModel vm, Node owner) {
        String current = vm.outputProperty().get();
        File dir = current == null || current.isBlank() ? new File(System.getProperty("user.home"))
                : Path.of(current).toAbsolutePath().getParent().toFile();
        File chosen;
        if (vm.destinationProperty().get().format().isFile()) {
            FileChooser fc = new FileChooser();
            fc.setTitle("Save the image as");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Tar archives", "*.tar"));
            if (dir.isDirectory()) {
                fc.setInitialDirectory(dir);
            }
            fc.setInitialFileName(vm.suggestedName());
            Path f = Ui.chooseFile(() -> fc.showSaveDialog(owner.getScene().getWindow()));
            chosen = f == null ? null : f.toFile();
        } else {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Folder to create the OCI layout in (" + vm.suggestedName() + ")");
            if (dir.isDirectory()) {
                dc.setInitialDirectory(dir);
            }
            Path p = Ui.chooseFile(() -> dc.showDialog(owner.getScene().getWindow()));
            File parent = p == null ? null : p.toFile();
            chosen = parent == null ? null : new File(parent, vm.suggestedName());
        }
        if (chosen != null) {
            vm.chosen(chosen.toPath());
        }
    }

    public Node root() {
        return root;
    }

    /** Sample rows in the per-blob bars and the log (see {@link dev.strata.gui.common.WarmUp}). */
    public Runnable warmUp() {
        var realBlobs = blobs.getItems();
        var realLog = log.getItems();
        blobs.visibleProperty().unbind();
        blobs.setVisible(true);
        List<BlobRow> sample = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            BlobRow r = new BlobRow("sample-" + i, "layer " + i + "  sha256:0123456789ab", 1L << 20);
            r.progressProperty().set(i / 8.0);
            sample.add(r);
        }
        blobs.setItems(FXCollections.observableArrayList(sample));
        log.setItems(FXCollections.observableArrayList(Collections.nCopies(WarmUp.ROWS,
                "[Writing layers] layer 1 of 27 written (1.2 MiB): sample-1.0")));
        return () -> {
            blobs.setItems(realBlobs);
            log.setItems(realLog);
            blobs.visibleProperty().bind(blobsShown);
        };
    }

    public Button buildButton() {
        return build;
    }
}
