package dev.strata.gui.inspect;

import atlantafx.base.theme.Styles;
import dev.strata.closure.StorePath;
import dev.strata.compose.Sizes;
import dev.strata.gui.common.ErrorPanel;
import dev.strata.gui.common.Ui;
import dev.strata.gui.inspect.InspectViewModel.ClosureRow;
import dev.strata.gui.inspect.InspectViewModel.Fact;
import dev.strata.gui.inspect.InspectViewModel.LayerRow;
import dev.strata.gui.inspect.InspectViewModel.LicenceRow;
import dev.strata.gui.inspect.InspectViewModel.PackageChange;
import dev.strata.inspect.ImageDiff;
import dev.strata.inspect.WastedFiles;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The "Open image…" window's content: a reference line (with the insecure switch and Docker host
 * a registry or daemon may need), progress and Cancel, errors as sentences, and tabs: Overview,
 * Layers (with each layer's file tree), Wasted, Licences, Closure and Compare (a diff of two images).
 */
public final class InspectView {
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final TableView<LayerRow> layerTable = new TableView<>();
    private final FileTreePane files = new FileTreePane("inspect-files");
    private final TextField reference = new TextField();

    public InspectView(InspectViewModel vm) {
        reference.setId("inspect-reference");
        reference.setPromptText("oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE, HOST/REPO:TAG, docker-daemon:NAME:TAG");
        reference.setAccessibleText("Image reference");
        reference.textProperty().bindBidirectional(vm.referenceProperty());
        reference.setOnAction(e -> vm.open());
        HBox.setHgrow(reference, Priority.ALWAYS);
        Button open = Ui.button("Read", Feather.BOOK_OPEN, "Read the image and show what is inside (Enter)");
        open.setId("inspect-open");
        open.getStyleClass().add(Styles.ACCENT);
        open.setOnAction(e -> vm.open());
        open.disableProperty().bind(vm.busyProperty());
        Button cancel = Ui.button("Cancel", Feather.X_CIRCLE, "Stop reading the image");
        cancel.setId("inspect-cancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.visibleProperty().bind(vm.busyProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        CheckBox insecure = new CheckBox("Insecure");
        insecure.setId("inspect-insecure");
        insecure.selectedProperty().bindBidirectional(vm.insecureProperty());
        insecure.setTooltip(Ui.tip("Plain HTTP, or HTTPS without checking the certificate, for this registry only."));
        TextField dockerHost = new TextField();
        dockerHost.setId("inspect-docker-host");
        dockerHost.setPromptText("Docker host (default)");
        dockerHost.setPrefColumnCount(16);
        dockerHost.setAccessibleText("Docker host for docker-daemon: images");
        dockerHost.textProperty().bindBidirectional(vm.dockerHostProperty());
        dockerHost.setTooltip(Ui.tip("The daemon docker-daemon: images are read from, e.g. unix:///run/docker.sock; "
                + "empty: DOCKER_HOST, else the default socket."));
        HBox line = new HBox(8, Ui.labelFor("_Image", reference), reference, insecure, dockerHost, open, cancel);
        line.setAlignment(Pos.CENTER_LEFT);
        ProgressBar bar = new ProgressBar();
        bar.setId("inspect-progress");
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.busyProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        bar.setPrefWidth(160);
        Label message = Ui.mutedLabel(vm.messageProperty());
        message.setId("inspect-message");
        HBox status = new HBox(8, bar, message);
        status.setAlignment(Pos.CENTER_LEFT);
        ErrorPanel error = new ErrorPanel("inspect-error", vm.errorProperty());
        VBox top = new VBox(8, Ui.header("Inspect an image", "What is inside any image: its layers and their files, "
                + "its config, wasted bytes, licences and closure. Nothing is composed or written."), line, status, error);
        top.setPadding(new Insets(12, 12, 8, 12));

        tabs.setId("inspect-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().setAll(tab("Overview", "inspect-tab-overview", overview(vm)),
                tab("Layers", "inspect-tab-layers", layers(vm)),
                tab("Wasted", "inspect-tab-wasted", wasted(vm)),
                tab("Licences", "inspect-tab-licences", licences(vm)),
                tab("Closure", "inspect-tab-closure", closure(vm)),
                tab("Compare", "inspect-tab-compare", compare(vm)));
        root.setTop(top);
        root.setCenter(tabs);
        root.setPrefSize(1100, 720);
    }

    private static Tab tab(String title, String id, Node content) {
        Tab t = new Tab(title, content);
        t.setId(id);
        return t;
    }

    private static <T> TableView<T> table(String id, ObservableList<T> items, String placeholder) {
        TableView<T> t = new TableView<>(items);
        t.setId(id);
        t.getStyleClass().add(Styles.DENSE);
        t.setPlaceholder(new Label(placeholder));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return t;
    }

    private static <T> javafx.scene.control.TableColumn<T, String> col(String title, double width, Function<T, String> value) {
        return Ui.textColumn(title, width, value, null);
    }

    private static <T> javafx.scene.control.TableColumn<T, String> right(String title, double width, Function<T, String> value) {
        var c = Ui.<T>textColumn(title, width, value, null);
        c.setStyle("-fx-alignment: CENTER-RIGHT;");
        return c;
    }

    private Node overview(InspectViewModel vm) {
        GridPane facts = new GridPane();
        facts.setId("inspect-facts");
        facts.setHgap(16);
        facts.setVgap(4);
        Runnable fill = () -> {
            facts.getChildren().clear();
            if (vm.facts().isEmpty()) {
                facts.add(Ui.mutedLabel(new ReadOnlyStringWrapper("Open an image to see its digests and config.")), 0, 0);
            }
            int row = 0;
            for (Fact f : vm.facts()) {
                Label name = new Label(f.name());
                name.getStyleClass().add(Styles.TEXT_BOLD);
                name.setMinWidth(Region.USE_PREF_SIZE);
                // Selectable, so a digest can be copied.
                TextField value = new TextField(f.value());
                value.setEditable(false);
                value.setId("inspect-fact-" + f.name().toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
                value.setStyle("-fx-background-color: transparent; -fx-border-color: transparent; -fx-padding: 1 0 1 0;");
                GridPane.setHgrow(value, Priority.ALWAYS);
                facts.addRow(row++, name, value);
            }
        };
        vm.facts().addListener((javafx.beans.Observable o) -> fill.run());
        fill.run();
        TextArea config = new TextArea();
        config.setId("inspect-config");
        config.setEditable(false);
        config.getStyleClass().add("mono");
        config.textProperty().bind(vm.configJsonProperty());
        Label configTitle = new Label("Config (entrypoint, environment, user, ...)");
        configTitle.getStyleClass().add(Styles.TEXT_BOLD);
        VBox box = new VBox(8, facts, configTitle, config);
        VBox.setVgrow(config, Priority.ALWAYS);
        box.setPadding(new Insets(10));
        return box;
    }

    private Node layers(InspectViewModel vm) {
        layerTable.setItems(vm.layers());
        layerTable.setId("inspect-layers");
        layerTable.getStyleClass().add(Styles.DENSE);
        layerTable.setPlaceholder(new Label("Open an image to see its layers"));
        layerTable.getColumns().setAll(List.of(right("#", 40, r -> Integer.toString(r.position())),
                col("Digest", 170, r -> shortDigest(r.digest())),
                right("Size", 80, r -> Sizes.human(r.size())),
                right("Unpacked", 85, r -> Sizes.human(r.uncompressedSize())),
                right("Files", 60, r -> Integer.toString(r.files())),
                col("Media type", 230, LayerRow::mediaType),
                col("Store paths", 260, LayerRow::storeNames)));
        layerTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        javafx.scene.control.Tooltip rowTip = Ui.tip("");
        layerTable.setRowFactory(t -> {
            TableRow<LayerRow> row = new TableRow<>();
            Ui.cellTips(row, rowTip, b -> "digest " + b.digest() + "\ndiffID " + b.diffId()
                    + (b.storePaths().isEmpty() ? "" : "\n" + String.join("\n", b.storePaths().stream().map(StorePath::path).toList())));
            return row;
        });
        layerTable.getSelectionModel().selectedItemProperty().addListener((o, a, b) ->
                vm.selectLayer(b == null ? 0 : b.position()));
        vm.layerTreeProperty().addListener((o, a, b) -> files.setTree(b, vm.layerTreeNoteProperty().get()));
        vm.layerTreeNoteProperty().addListener((o, a, b) -> {
            if (vm.layerTreeProperty().get() == null) {
                files.setTree(null, b);
            }
        });
        files.setTree(null, vm.layerTreeNoteProperty().get());
        SplitPane split = new SplitPane(layerTable, files);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.38);
        split.setPadding(new Insets(10));
        return split;
    }

    static String shortDigest(String d) {
        return d.startsWith("sha256:") && d.length() > 19 ? d.substring(0, 19) + "\u2026" : d;
    }

    private Node wasted(InspectViewModel vm) {
        TableView<WastedFiles.Wasted> t = table("inspect-wasted", vm.wasted(), "Nothing wasted");
        t.getColumns().setAll(List.of(col("Path", 360, WastedFiles.Wasted::path),
                right("Layer", 60, w -> Integer.toString(w.layer() + 1)),
                right("Size", 90, w -> Sizes.human(w.size())),
                col("What happened", 200, w -> w.by() + " by layer " + (w.byLayer() + 1))));
        Label summary = Ui.mutedLabel(vm.wastedSummaryProperty());
        summary.setId("inspect-wasted-summary");
        summary.setWrapText(true);
        VBox box = new VBox(8, summary, t);
        VBox.setVgrow(t, Priority.ALWAYS);
        box.setPadding(new Insets(10));
        return box;
    }

    private Node licences(InspectViewModel vm) {
        TableView<LicenceRow> t = table("inspect-licences", vm.licences(), "No packages");
        t.getColumns().setAll(List.of(col("Licence", 220, LicenceRow::licence),
                right("Packages", 80, r -> Integer.toString(r.packages())),
                col("Free", 70, r -> r.unfree() ? "UNFREE" : "yes"),
                col("Which", 400, LicenceRow::names)));
        t.setRowFactory(x -> new TableRow<>() {
            @Override
            protected void updateItem(LicenceRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove(Styles.DANGER);
                if (!empty && item != null && item.unfree()) {
                    getStyleClass().add(Styles.DANGER);
                }
            }
        });
        Label summary = Ui.mutedLabel(vm.licenceSummaryProperty());
        summary.setId("inspect-licence-summary");
        summary.setWrapText(true);
        VBox box = new VBox(8, summary, t);
        VBox.setVgrow(t, Priority.ALWAYS);
        box.setPadding(new Insets(10));
        return box;
    }

    /** Store paths with what each references: the requested packages at the top, their dependencies below. */
    private Node closure(InspectViewModel vm) {
        TreeView<ClosureRow> tree = new TreeView<>();
        tree.setId("inspect-closure");
        tree.setShowRoot(false);
        tree.getStyleClass().add(Styles.DENSE);
        tree.setCellFactory(t -> new javafx.scene.control.TreeCell<>() {
            @Override
            protected void updateItem(ClosureRow item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name() + (item.version().isEmpty() ? "" : " " + item.version())
                        + (item.licences().isEmpty() ? "" : "  (" + item.licences() + ")") + "    " + item.path().path());
            }
        });
        Runnable fill = () -> {
            TreeItem<ClosureRow> root = new TreeItem<>();
            List<ClosureRow> rows = vm.closure();
            boolean anyRoot = rows.stream().anyMatch(ClosureRow::root);
            for (ClosureRow r : rows) {
                if (r.root() || !anyRoot) {
                    root.getChildren().add(new ReferenceItem(vm, r));
                }
            }
            tree.setRoot(root);
        };
        vm.closure().addListener((javafx.beans.Observable o) -> fill.run());
        Label summary = Ui.mutedLabel(vm.closureSummaryProperty());
        summary.setId("inspect-closure-summary");
        summary.setWrapText(true);
        VBox box = new VBox(8, summary, tree);
        VBox.setVgrow(tree, Priority.ALWAYS);
        box.setPadding(new Insets(10));
        return box;
    }

    /** A store path whose children (what it references) are made when it is opened. */
    private static final class ReferenceItem extends TreeItem<ClosureRow> {
        private final InspectViewModel vm;
        private boolean made;

        ReferenceItem(InspectViewModel vm, ClosureRow row) {
            super(row);
            this.vm = vm;
        }

        @Override
        public boolean isLeaf() {
            return getValue().references().isEmpty();
        }

        @Override
        public ObservableList<TreeItem<ClosureRow>> getChildren() {
            if (!made) {
                made = true;
                for (StorePath p : getValue().references()) {
                    ClosureRow r = vm.closureRow(p);
                    if (r != null) {
                        super.getChildren().add(new ReferenceItem(vm, r));
                    }
                }
            }
            return super.getChildren();
        }
    }

    private Node compare(InspectViewModel vm) {
        TextField from = new TextField();
        from.setId("inspect-diff-from");
        from.setPromptText("the image a host holds, e.g. oci-archive:v1.tar");
        from.textProperty().bindBidirectional(vm.diffFromProperty());
        TextField to = new TextField();
        to.setId("inspect-diff-to");
        to.setPromptText("the image it pulls next, e.g. oci-archive:v2.tar");
        to.textProperty().bindBidirectional(vm.diffToProperty());
        to.setOnAction(e -> vm.compare());
        HBox.setHgrow(from, Priority.ALWAYS);
        HBox.setHgrow(to, Priority.ALWAYS);
        Button go = Ui.button("Compare", Feather.COLUMNS, "What a host holding From pulls for To, and the packages changed");
        go.setId("inspect-diff-go");
        go.setOnAction(e -> vm.compare());
        go.disableProperty().bind(vm.diffBusyProperty());
        Button cancel = Ui.button("Cancel", Feather.X_CIRCLE, "Stop comparing");
        cancel.setId("inspect-diff-cancel");
        cancel.setOnAction(e -> vm.cancelCompare());
        cancel.visibleProperty().bind(vm.diffBusyProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        HBox line = new HBox(8, Ui.labelFor("_From", from), from, Ui.labelFor("_To", to), to, go, cancel);
        line.setAlignment(Pos.CENTER_LEFT);
        Label summary = Ui.mutedLabel(vm.diffSummaryProperty());
        summary.setId("inspect-diff-summary");
        summary.setWrapText(true);
        ErrorPanel error = new ErrorPanel("inspect-diff-error", vm.diffErrorProperty());
        TableView<ImageDiff.LayerChange> layers = table("inspect-diff-layers", vm.diffLayers(), "Compare two images");
        layers.getColumns().setAll(List.of(col("Layer", 90, ImageDiff.LayerChange::change),
                col("Digest", 220, l -> shortDigest(l.digest())),
                right("Size", 90, l -> Sizes.human(l.size())),
                col("DiffID", 220, l -> shortDigest(l.diffId()))));
        TableView<PackageChange> packages = table("inspect-diff-packages", vm.packageChanges(), "No package changed");
        packages.getColumns().setAll(List.of(col("Package", 200, PackageChange::name),
                col("Change", 90, PackageChange::change), col("From", 150, PackageChange::from),
                col("To", 150, PackageChange::to)));
        SplitPane split = new SplitPane(layers, packages);
        VBox box = new VBox(8, line, error, summary, split);
        VBox.setVgrow(split, Priority.ALWAYS);
        box.setPadding(new Insets(10));
        return box;
    }

    public BorderPane root() {
        return root;
    }

    public TabPane tabs() {
        return tabs;
    }

    public TableView<LayerRow> layerTable() {
        return layerTable;
    }

    public FileTreePane files() {
        return files;
    }

    public TextField reference() {
        return reference;
    }
}
