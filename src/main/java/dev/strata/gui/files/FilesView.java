package dev.strata.gui.files;

import atlantafx.base.theme.Styles;
import dev.strata.gui.common.ErrorPanel;
import dev.strata.gui.common.Ui;
import dev.strata.gui.files.FilesViewModel.Field;
import dev.strata.gui.files.FilesViewModel.FileRow;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Files section's view: the added entries as a table (source, place in the image, owner and
 * modes, size), a drop target for files from the desktop's file manager, buttons to choose files or
 * a directory, remove and re-read sizes, and the selected entry's form, each field with its message
 * line under it. The choosers are a seam ({@link Chooser}): a desktop shows its file dialogs, a
 * test hands in files.
 */
public final class FilesView {
    /** Asks the user for files or one directory; an empty list when none was chosen. */
    @FunctionalInterface
    public interface Chooser {
        List<Path> choose(Window owner, boolean directory);
    }

    /** The desktop's own dialogs. */
    public static final Chooser DIALOGS = (owner, directory) -> {
        if (directory) {
            DirectoryChooser d = new DirectoryChooser();
            d.setTitle("Add a directory to the image");
            Path p = Ui.chooseFile(() -> d.showDialog(owner));
            return p == null ? List.of() : List.of(p);
        }
        FileChooser f = new FileChooser();
        f.setTitle("Add files to the image");
        try {
            List<File> files = f.showOpenMultipleDialog(owner);
            return files == null ? List.of() : files.stream().map(File::toPath).toList();
        } catch (RuntimeException e) {
            System.err.println("strata: no file dialog could be shown: " + e);
            return List.of();
        }
    };

    private static final PseudoClass DROP = PseudoClass.getPseudoClass("drop-target");

    private final FilesViewModel vm;
    private final VBox root;
    private final TableView<FileRow> table = new TableView<>();
    private Chooser chooser = DIALOGS;
    private boolean updating;

    public FilesView(FilesViewModel vm) {
        this.vm = vm;
        Label title = new Label("Files");
        title.getStyleClass().add(Styles.TITLE_4);
        Label explain = new Label("Your own files and directories, each added as a layer of its own above the packages "
                + "(modes, links and empty directories kept; times and order normalised). Drop them here from your file "
                + "manager, or choose them.");
        explain.setWrapText(true);
        explain.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        table.setId("files-table");
        table.getStyleClass().add(Styles.DENSE);
        // The table shows a copy of the rows, refreshed in place, so a size arriving keeps the selection.
        javafx.collections.ObservableList<FileRow> shown = javafx.collections.FXCollections.observableArrayList(vm.rows());
        table.setItems(shown);
        vm.rows().addListener((javafx.beans.Observable o) -> {
            int keep = vm.selectedProperty().get();
            updating = true;
            try {
                shown.setAll(vm.rows());
                if (keep >= 0 && keep < shown.size()) {
                    table.getSelectionModel().clearAndSelect(keep);
                }
            } finally {
                updating = false;
            }
            vm.selectedProperty().set(keep < shown.size() ? keep : -1);
        });
        table.setPrefHeight(150);
        table.setMinHeight(110);
        table.setAccessibleText("Files added to the image");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        Label placeholder = new Label("Drop files or directories here");
        placeholder.getStyleClass().add(Styles.TEXT_MUTED);
        table.setPlaceholder(placeholder);
        TableColumn<FileRow, String> source = Ui.textColumn("Source", 260, FileRow::source,
                "The file or directory on this machine. The recipe stores it relative to the recipe file.");
        TableColumn<FileRow, String> dest = Ui.textColumn("In the image", 200, FileRow::destination,
                "Where it goes in the image: an absolute path. A directory's contents go inside it.");
        TableColumn<FileRow, String> options = Ui.textColumn("Owner and modes", 170, FileRow::options,
                "uid and gid own everything added (default root); mode sets the files' permission bits, dirmode the "
                        + "directories' (default: 0755 for executables and directories, 0644 for other files).");
        TableColumn<FileRow, String> size = new TableColumn<>("Size");
        size.setId("files-size-column");
        size.setPrefWidth(90);
        size.setMinWidth(80);
        size.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(d.getValue().sizeText()));
        size.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                FileRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(empty ? null : item);
                getStyleClass().remove(Styles.DANGER);
                setTooltip(null);
                if (row != null && !row.error().isEmpty()) {
                    getStyleClass().add(Styles.DANGER);
                    setTooltip(new Tooltip(row.error()));
                }
            }
        });
        size.setStyle("-fx-alignment: CENTER-RIGHT;");
        source.setStyle("-fx-text-overrun: leading-ellipsis;"); // the file's name is the part to see
        table.getColumns().setAll(List.of(source, dest, options, size));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (!updating) {
                vm.selectedProperty().set(b.intValue());
            }
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (table.getSelectionModel().getSelectedIndex() != b.intValue() && b.intValue() >= 0
                    && b.intValue() < table.getItems().size()) {
                table.getSelectionModel().clearAndSelect(b.intValue());
            }
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
                removeSelected();
                e.consume();
            }
        });

        Button addFiles = Ui.button("Add files\u2026", Feather.FILE_PLUS, "Choose files to add to the image");
        addFiles.setId("files-add");
        addFiles.setOnAction(e -> choose(false));
        Button addDir = Ui.button("Add directory\u2026", Feather.FOLDER_PLUS, "Choose a directory to add to the image");
        addDir.setId("files-add-directory");
        addDir.setOnAction(e -> choose(true));
        Button remove = Ui.button("Remove", Feather.TRASH_2, "Remove the selected entries from the image (Delete)");
        remove.setId("files-remove");
        remove.disableProperty().bind(table.getSelectionModel().selectedIndexProperty().lessThan(0));
        remove.setOnAction(e -> removeSelected());
        Button refresh = Ui.button("Refresh", Feather.REFRESH_CW, "Read the files' sizes again (they may "
                + "have changed on disk)");
        refresh.setId("files-refresh");
        refresh.setOnAction(e -> vm.refresh());
        ProgressIndicator reading = new ProgressIndicator();
        reading.setPrefSize(18, 18);
        reading.visibleProperty().bind(vm.busyProperty());
        reading.managedProperty().bind(vm.busyProperty());
        Button stop = Ui.button("Stop", Feather.X_CIRCLE, "Stop reading sizes");
        stop.setId("files-stop");
        stop.visibleProperty().bind(vm.busyProperty());
        stop.managedProperty().bind(vm.busyProperty());
        stop.setOnAction(e -> vm.stopSizing());
        Label summary = Ui.mutedLabel(vm.summaryProperty());
        summary.setId("files-summary");
        for (Button b : List.of(addFiles, addDir, remove, refresh, stop)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox buttons = new HBox(8, addFiles, addDir, remove, refresh, reading, stop);
        buttons.setAlignment(Pos.CENTER_LEFT);
        ErrorPanel error = new ErrorPanel("files-error", vm.errorProperty());

        summary.setWrapText(true);
        root = new VBox(8, title, explain, buttons, table, summary, error, form());
        root.setId("files-section");
        root.setPadding(new Insets(8));
        root.setStyle("-fx-border-color: transparent; -fx-border-width: 2; -fx-border-radius: 6;");
        root.setOnDragOver(this::dragOver);
        root.setOnDragEntered(e -> {
            if (e.getDragboard().hasFiles()) {
                root.pseudoClassStateChanged(DROP, true);
                root.setStyle("-fx-border-color: -color-accent-emphasis; -fx-border-width: 2; -fx-border-radius: 6;");
            }
        });
        root.setOnDragExited(e -> {
            root.pseudoClassStateChanged(DROP, false);
            root.setStyle("-fx-border-color: transparent; -fx-border-width: 2; -fx-border-radius: 6;");
        });
        root.setOnDragDropped(this::dropped);
    }

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
        }
        e.consume();
    }

    private void dropped(DragEvent e) {
        boolean done = false;
        if (e.getDragboard().hasFiles()) {
            vm.add(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            done = true;
        }
        e.setDropCompleted(done);
        e.consume();
    }

    /** The selected entry's destination, owner and modes, each checked as typed. */
    private Node form() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(2);
        TextField dest = field("files-destination", Field.DESTINATION, "/app/config.json", 28,
                "Where the selected entry goes in the image: an absolute path. Ending in / puts a file inside that "
                        + "directory under its own name.");
        TextField uid = field("files-uid", Field.UID, "0", 6, "The numeric user that owns what is added (empty: 0, "
                + "root). Use the id of the image's User so it may write there.");
        TextField gid = field("files-gid", Field.GID, "uid", 6, "The numeric group (empty: the uid, or 0).");
        TextField mode = field("files-mode", Field.MODE, "0644", 6, "Permission bits of the added files in octal "
                + "(empty: 0755 for executables, 0644 for others).");
        TextField dirMode = field("files-dirmode", Field.DIRMODE, "0755", 6, "Permission bits of the added directories "
                + "in octal (empty: 0755).");
        Node[] fields = {dest, uid, gid, mode, dirMode};
        String[] labels = {"_Destination", "U_ID", "_GID", "M_ode", "Di_r mode"};
        Field[] keys = {Field.DESTINATION, Field.UID, Field.GID, Field.MODE, Field.DIRMODE};
        HBox options = new HBox(8);
        options.setAlignment(Pos.CENTER_LEFT);
        for (int i = 0; i < fields.length; i++) {
            Label l = Ui.labelFor(labels[i], fields[i]);
            l.setMinWidth(Region.USE_PREF_SIZE);
            Node f = fields[i];
            vm.errorProperty(keys[i]).addListener((o, a, b) -> f.pseudoClassStateChanged(Styles.STATE_DANGER, !b.isEmpty()));
            if (i == 0) {
                Label message = new Label();
                message.setId("files-destination-message");
                message.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
                message.setWrapText(true);
                message.setMinHeight(17);
                message.textProperty().bind(vm.errorProperty(keys[i]));
                grid.add(l, 0, 0);
                grid.add(f, 1, 0);
                grid.add(message, 1, 1);
            } else {
                options.getChildren().addAll(l, f);
            }
        }
        Label optionsLabel = new Label("Owner and modes");
        optionsLabel.setMinWidth(Region.USE_PREF_SIZE);
        grid.add(optionsLabel, 0, 2);
        grid.add(options, 1, 2);
        Label optionsMessage = new Label();
        optionsMessage.setId("files-options-message");
        optionsMessage.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        optionsMessage.setWrapText(true);
        optionsMessage.textProperty().bind(Bindings.createStringBinding(() -> List.of(Field.UID, Field.GID, Field.MODE,
                Field.DIRMODE).stream().map(k -> vm.errorProperty(k).get()).filter(m -> !m.isEmpty()).findFirst()
                .orElse(""), vm.errorProperty(Field.UID), vm.errorProperty(Field.GID), vm.errorProperty(Field.MODE),
                vm.errorProperty(Field.DIRMODE)));
        grid.add(optionsMessage, 1, 3);
        GridPane.setHgrow(dest, Priority.ALWAYS);
        grid.disableProperty().bind(vm.selectedProperty().lessThan(0));
        return grid;
    }

    private TextField field(String id, Field f, String prompt, int columns, String help) {
        TextField t = new TextField();
        t.setId(id);
        t.setPromptText(prompt);
        t.setPrefColumnCount(columns);
        t.setTooltip(Ui.tip(help));
        t.textProperty().bindBidirectional(vm.textProperty(f));
        Ui.markComposition(t);
        t.focusedProperty().addListener((o, a, focused) -> vm.typingIn(focused ? f : null));
        return t;
    }

    private void choose(boolean directory) {
        Window owner = root.getScene() == null ? null : root.getScene().getWindow();
        List<Path> chosen = chooser.choose(owner, directory);
        if (!chosen.isEmpty()) {
            vm.add(chosen);
        }
    }

    private void removeSelected() {
        vm.remove(List.copyOf(table.getSelectionModel().getSelectedIndices()));
    }

    /** Replaces the file dialogs (a test hands in files; FileChooser cannot be driven headless). */
    public void setChooser(Chooser chooser) {
        this.chooser = chooser == null ? DIALOGS : chooser;
    }

    public TableView<FileRow> table() {
        return table;
    }

    public Node root() {
        return root;
    }
}
