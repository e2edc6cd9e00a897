package dev.strata.gui.build;

import atlantafx.base.theme.Styles;
import dev.strata.compose.Sizes;
import dev.strata.gui.common.ExportFormat;
import dev.strata.gui.common.ExportResult;
import dev.strata.gui.common.Ui;
import java.io.File;
import java.nio.file.Path;
import javafx.beans.Observable;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;

/** The build screen's view: where to save, the stages with progress, the log, and the result. */
public final class BuildView {
    private final VBox root;
    private final Button build;

    public BuildView(BuildViewModel vm) {
        ChoiceBox<ExportFormat> format = new ChoiceBox<>(FXCollections.observableArrayList(ExportFormat.values()));
        format.setId("build-format");
        format.valueProperty().bindBidirectional(vm.formatProperty());
        format.setTooltip(Ui.tip("docker-archive: for 'docker load' and podman. OCI archive: one tar in the OCI "
                + "layout, for podman, skopeo and containerd. OCI directory: the layout unpacked, for skopeo and umoci."));
        TextField output = new TextField();
        output.setId("build-output");
        output.setPromptText("Where to save the image");
        output.textProperty().bindBidirectional(vm.outputProperty());
        HBox.setHgrow(output, Priority.ALWAYS);
        Button browse = Ui.button("Browse\u2026", Feather.FOLDER, "Choose where to save the image");
        browse.setOnAction(e -> choose(vm, browse));
        HBox where = new HBox(8, Ui.labelFor("_Format", format), format, Ui.labelFor("Save _to", output), output, browse);
        where.setAlignment(Pos.CENTER_LEFT);

        build = Ui.button("Build image", Feather.PACKAGE, "Build the image and save it (Ctrl+B)");
        build.setId("build-start");
        build.getStyleClass().add(Styles.ACCENT);
        build.disableProperty().bind(vm.busyProperty());
        build.setOnAction(e -> {
            if (vm.outputProperty().get() == null || vm.outputProperty().get().isBlank()) {
                choose(vm, build);
            }
            vm.build();
        });
        Button cancel = Ui.button("Cancel", Feather.X_CIRCLE, "Stop the build; nothing is left behind");
        cancel.setId("build-cancel");
        cancel.getStyleClass().add(Styles.DANGER);
        cancel.disableProperty().bind(vm.busyProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        Label status = Ui.mutedLabel(vm.statusProperty());
        status.setId("build-status");
        HBox actions = new HBox(10, build, cancel, status);
        actions.setAlignment(Pos.CENTER_LEFT);

        GridPane stages = new GridPane();
        stages.setId("build-stages");
        stages.setHgap(12);
        stages.setVgap(6);
        int row = 0;
        for (StageProgress s : vm.stages()) {
            Label title = new Label(s.title());
            title.setMinWidth(200);
            ProgressBar bar = new ProgressBar(0);
            bar.setPrefWidth(220);
            bar.progressProperty().bind(s.progressProperty());
            bar.setAccessibleText(s.title() + " progress");
            Label state = new Label();
            state.textProperty().bind(s.statusProperty());
            state.getStyleClass().add(Styles.TEXT_MUTED);
            stages.addRow(row++, title, bar, state);
        }

        ListView<String> log = new ListView<>(vm.log().lines());
        log.setId("build-log");
        log.setFixedCellSize(18);
        log.getStyleClass().add("log");
        log.setAccessibleText("Build log");
        log.setPlaceholder(new Label("The build log appears here"));
        vm.log().lines().addListener((Observable o) -> {
            if (!log.getItems().isEmpty()) {
                log.scrollTo(log.getItems().size() - 1);
            }
        });
        VBox.setVgrow(log, Priority.ALWAYS);

        Label error = Ui.errorLabel(vm.errorProperty());
        error.setId("build-error");

        TextField digest = readOnly("build-digest");
        TextField command = readOnly("build-command");
        Label resultTitle = new Label("Image saved");
        resultTitle.getStyleClass().addAll(Styles.TITLE_4, Styles.SUCCESS);
        Label details = new Label();
        details.setWrapText(true);
        GridPane result = new GridPane();
        result.setHgap(8);
        result.setVgap(6);
        result.addRow(0, new Label("Digest"), digest, copy(digest, "Copy the manifest digest"));
        result.addRow(1, new Label("Run it"), command, copy(command, "Copy the command"));
        GridPane.setHgrow(digest, Priority.ALWAYS);
        GridPane.setHgrow(command, Priority.ALWAYS);
        VBox resultBox = new VBox(6, resultTitle, details, result);
        resultBox.setId("build-result");
        resultBox.getStyleClass().add("result-panel");
        resultBox.setPadding(new Insets(10));
        resultBox.visibleProperty().bind(vm.resultProperty().isNotNull());
        resultBox.managedProperty().bind(resultBox.visibleProperty());
        vm.resultProperty().addListener((o, a, b) -> show(b, digest, command, details));

        root = new VBox(12, Ui.header("Build and export", "Builds the image exactly as planned on the Layers screen "
                + "and saves it. Cancel stops Nix and the writers and leaves nothing behind."),
                where, actions, error, stages, resultBox, log);
        root.setPadding(new Insets(16));
    }

    private static void show(ExportResult r, TextField digest, TextField command, Label details) {
        if (r == null) {
            return;
        }
        digest.setText(r.manifestDigest());
        command.setText(r.runCommand());
        details.setText(r.output() + " \u2014 " + r.format().cliName() + ", " + r.layers().size() + " layers, "
                + Sizes.human(r.totalSize()) + (r.reference().isBlank() ? "" : ", tagged " + r.reference()));
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
        b.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(f.getText());
            Clipboard.getSystemClipboard().setContent(c);
        });
        return b;
    }

    private static void choose(BuildViewModel vm, Node owner) {
        String current = vm.outputProperty().get();
        File dir = current == null || current.isBlank() ? new File(System.getProperty("user.home"))
                : Path.of(current).toAbsolutePath().getParent().toFile();
        File chosen;
        if (vm.formatProperty().get().isFile()) {
            FileChooser fc = new FileChooser();
            fc.setTitle("Save the image as");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Tar archives", "*.tar"));
            if (dir.isDirectory()) {
                fc.setInitialDirectory(dir);
            }
            fc.setInitialFileName(vm.suggestedName());
            chosen = fc.showSaveDialog(owner.getScene().getWindow());
        } else {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Folder to create the OCI layout in (" + vm.suggestedName() + ")");
            if (dir.isDirectory()) {
                dc.setInitialDirectory(dir);
            }
            File parent = dc.showDialog(owner.getScene().getWindow());
            chosen = parent == null ? null : new File(parent, vm.suggestedName());
        }
        if (chosen != null) {
            vm.outputProperty().set(chosen.getAbsolutePath());
        }
    }

    public Node root() {
        return root;
    }

    public Button buildButton() {
        return build;
    }
}
