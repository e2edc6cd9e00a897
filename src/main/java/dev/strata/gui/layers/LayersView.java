package dev.strata.gui.layers;

import atlantafx.base.theme.Styles;
import dev.strata.closure.StorePath;
import dev.strata.compose.Recipe;
import dev.strata.compose.Sizes;
import dev.strata.gui.common.Pipeline;
import dev.strata.gui.common.CellMenu;
import dev.strata.gui.common.ErrorPanel;
import dev.strata.gui.common.Ui;
import dev.strata.gui.common.WarmUp;
import dev.strata.gui.layers.LayersViewModel.Comparison;
import dev.strata.gui.layers.LayersViewModel.LayerRow;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;

/** The layers screen's view: controls, the proportional bar, the table, pins and the comparison. */
public final class LayersView {
    private final VBox root;
    private final TableView<LayerRow> table = new TableView<>();
    private final TitledPane comparePane;
    private final LayerContentsPane contentsPane;

    public LayersView(LayersViewModel vm) {
        ComboBox<Pipeline.StrategyChoice> strategy = new ComboBox<>(vm.strategies());
        strategy.setId("layers-strategy");
        strategy.setAccessibleText("Layering strategy");
        strategy.setTooltip(Ui.tip("How the closure is grouped into layers; hover a strategy in the list to read "
                + "what it does."));
        Tooltip strategyTip = Ui.tip("");
        strategy.setCellFactory(l -> {
            ListCell<Pipeline.StrategyChoice> cell = new ListCell<>() {
                @Override
                protected void updateItem(Pipeline.StrategyChoice item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item.name());
                }
            };
            Ui.cellTips(cell, strategyTip, Pipeline.StrategyChoice::description);
            return cell;
        });
        Runnable selectStrategy = () -> vm.strategies().stream()
                .filter(s -> s.name().equals(vm.workspace().strategyProperty().get())).findFirst()
                .ifPresent(s -> strategy.getSelectionModel().select(s));
        selectStrategy.run();
        vm.workspace().strategyProperty().addListener((o, a, b) -> selectStrategy.run());
        strategy.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.workspace().strategyProperty().set(b.name());
            }
        });
        Spinner<Integer> maxLayers = new Spinner<>(2, Recipe.MAX_LAYERS_LIMIT, vm.workspace().maxLayersProperty().get());
        maxLayers.setId("layers-max");
        maxLayers.setEditable(true);
        maxLayers.setPrefWidth(90);
        maxLayers.setAccessibleText("Maximum number of layers");
        Ui.markComposition(maxLayers);
        maxLayers.setTooltip(Ui.tip("Layers in total, including the top symlink layer (2 to "
                + Recipe.MAX_LAYERS_LIMIT + "). Docker and most registries refuse more than 125."));
        // Typed text that is not a number keeps the budget and says so (the default converter threw
        // NumberFormatException on the FX thread, leaving "abc" in the field).
        maxLayers.getValueFactory().setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Integer value) {
                return value == null ? "" : value.toString();
            }

            @Override
            public Integer fromString(String text) {
                String typed = text == null ? "" : text.strip();
                try {
                    return Integer.valueOf(typed);
                } catch (NumberFormatException e) {
                    Integer kept = maxLayers.getValue();
                    vm.workspace().statusProperty().set("Max layers takes a whole number from 2 to "
                            + Recipe.MAX_LAYERS_LIMIT + "; '" + typed + "' is not one, so it stays " + kept + ".");
                    maxLayers.getEditor().setText(toString(kept));
                    return kept;
                }
            }
        });
        maxLayers.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.workspace().maxLayersProperty().set(b);
            }
        });
        vm.workspace().maxLayersProperty().addListener((o, a, b) -> maxLayers.getValueFactory().setValue(b.intValue()));
        Button compare = Ui.button("Compare strategies", Feather.COLUMNS, "Plan this closure with every strategy, side by side");
        compare.setId("layers-compare");
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(vm.busyProperty());
        HBox controls = new HBox(10, Ui.labelFor("_Strategy", strategy), strategy,
                Ui.labelFor("_Max layers", maxLayers), maxLayers, spinner, Ui.grow(), compare);
        controls.setAlignment(Pos.CENTER_LEFT);

        StackedBar bar = new StackedBar();
        bar.setId("layers-bar");
        vm.workspace().planProperty().addListener((o, a, b) -> bar.setPlan(b));
        bar.setPlan(vm.workspace().planProperty().get());
        bar.setOnSelect(i -> {
            table.getSelectionModel().select(i - 1);
            table.scrollTo(i - 1);
        });

        table.setId("layers-table");
        table.getStyleClass().add(Styles.DENSE);
        table.setItems(vm.rows());
        table.setPlaceholder(new Label("No plan yet"));
        table.setAccessibleText("Layers of the image");
        TableColumn<LayerRow, Integer> pos = new TableColumn<>("Layer");
        pos.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().position()));
        pos.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Integer item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                } else {
                    setText(item.toString());
                    Rectangle swatch = new Rectangle(10, 10, StackedBar.colour(item - 1));
                    setGraphic(swatch);
                }
            }
        });
        pos.setPrefWidth(70);
        TableColumn<LayerRow, String> paths = column("Paths", 60, r -> Integer.toString(r.paths()), null);
        TableColumn<LayerRow, String> size = column("Size", 90, r -> Sizes.human(r.narSize()),
                "NAR size of the layer's store paths: about the size of its uncompressed tar.");
        TableColumn<LayerRow, String> share = column("Share", 70, r -> LayersViewModel.share(r.share()),
                "The layer's part of the image's store paths, by size.");
        TableColumn<LayerRow, String> stored = column("Compressed", 100, r -> "", "What the layer weighs in the "
                + "registry and on the wire: exact when the cache holds the layer, else estimated (\u2248) from its "
                + "NAR size.");
        stored.setCellValueFactory(d -> javafx.beans.binding.Bindings.createStringBinding(() -> {
            LayersViewModel.StoredSize z = vm.storedSize(d.getValue().position());
            return z == null ? "" : (z.exact() ? "" : "\u2248 ") + Sizes.human(z.size());
        }, vm.estimateProperty()));
        TableColumn<LayerRow, String> contents = column("Contents", 300, LayerRow::contents, null);
        TableColumn<LayerRow, String> reason = column("Why", 220, LayerRow::reason,
                "Why the strategy made this layer.");
        TableColumn<LayerRow, String> onHost = column("Previous host", 170, LayerRow::onHost,
                "What a host that holds the previous build does with this layer: reused (it has the layer), or "
                        + "pulled. By digest (containerd, podman, Docker 29+) a layer is reused when the host has it; "
                        + "by ChainID (older Docker) only when every layer below it is the same too.");
        onHost.setId("layers-on-host");
        onHost.setMinWidth(120);
        onHost.visibleProperty().bind(vm.previousSourceProperty().isNotEmpty());
        for (TableColumn<LayerRow, String> c : List.of(paths, size, share, stored)) {
            c.setStyle("-fx-alignment: CENTER-RIGHT;");
        }
        pos.setMinWidth(70);
        paths.setMinWidth(78);
        size.setMinWidth(86);
        share.setMinWidth(76);
        stored.setMinWidth(100);
        table.getColumns().setAll(List.of(pos, paths, size, stored, share, onHost, contents, reason));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        dev.strata.gui.common.WholeHeaders.keep(table); // no column title is cut

        ListView<StorePath> layerPaths = new ListView<>();
        layerPaths.setId("layer-paths");
        layerPaths.getStyleClass().add(Styles.DENSE);
        layerPaths.setAccessibleText("Store paths of the selected layer");
        layerPaths.setPlaceholder(new Label("Select a layer to see its paths"));
        Tooltip pathTip = Ui.tip("");
        CellMenu<StorePath> pathMenu = new CellMenu<StorePath>().item("Pin to its own layer", p -> vm.pin(p.path()));
        layerPaths.setCellFactory(l -> {
            ListCell<StorePath> cell = new ListCell<>() {
                @Override
                protected void updateItem(StorePath item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item.name());
                }
            };
            Ui.cellTips(cell, pathTip, p -> p.path() + "\nRight-click or drag onto \"Pinned\" to give it a layer of its own.");
            pathMenu.attach(cell);
            cell.setOnDragDetected(e -> {
                if (cell.getItem() != null) {
                    ClipboardContent c = new ClipboardContent();
                    c.putString(cell.getItem().path());
                    cell.startDragAndDrop(TransferMode.LINK).setContent(c);
                    e.consume();
                }
            });
            return cell;
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) ->
                layerPaths.getItems().setAll(b == null ? List.of() : vm.pathsOf(b.position())));

        ListView<String> pins = new ListView<>(vm.pins());
        pins.setId("layer-pins");
        pins.getStyleClass().add(Styles.DENSE);
        pins.setAccessibleText("Pinned packages and paths");
        pins.setPrefHeight(120);
        pins.setMinHeight(90);
        pins.setPlaceholder(new Label("Drop a path here to pin it\nto a layer of its own"));
        Tooltip pinTip = Ui.tip("");
        CellMenu<String> pinMenu = new CellMenu<String>().item("Unpin (Delete)", vm::unpin);
        pins.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        pins.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.DELETE || e.getCode() == javafx.scene.input.KeyCode.BACK_SPACE) {
                vm.unpin(List.copyOf(pins.getSelectionModel().getSelectedItems()));
                e.consume();
            }
        });
        pins.setCellFactory(l -> {
            ListCell<String> cell = new ListCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : dev.strata.gui.common.Workspace.shortName(item));
                }
            };
            Ui.cellTips(cell, pinTip, s -> s);
            pinMenu.attach(cell);
            return cell;
        });
        pins.setOnDragOver(e -> {
            if (e.getDragboard().hasString()) {
                e.acceptTransferModes(TransferMode.ANY);
            }
            e.consume();
        });
        pins.setOnDragDropped(e -> {
            if (e.getDragboard().hasString()) {
                for (String s : e.getDragboard().getString().split("\\s+")) {
                    vm.pin(s.strip());
                }
            }
            e.setDropCompleted(true);
            e.consume();
        });
        Label pinsTitle = new Label("Pinned (own layer)");
        pinsTitle.getStyleClass().add(Styles.TEXT_BOLD);
        pinsTitle.setTooltip(Ui.tip("Packages or store paths that get a layer of their own, e.g. an application "
                + "that changes often. Each pin uses one layer of the budget."));
        Label pathsTitle = new Label("Paths in the selected layer");
        pathsTitle.getStyleClass().add(Styles.TEXT_BOLD);
        VBox side = new VBox(6, pathsTitle, layerPaths, pinsTitle, pins);
        VBox.setVgrow(layerPaths, Priority.ALWAYS);
        side.setPadding(new Insets(0, 0, 0, 8));
        SplitPane split = new SplitPane(table, side);
        split.setDividerPositions(0.72);
        VBox.setVgrow(split, Priority.ALWAYS);

        VBox compareBox = new VBox(8);
        compareBox.setId("layers-comparison");
        vm.comparisons().addListener((Observable o) -> showComparison(compareBox, vm.comparisons()));
        comparePane = new TitledPane("Strategies side by side", compareBox);
        comparePane.setExpanded(false);
        comparePane.setAnimated(false);
        compare.setOnAction(e -> {
            vm.compare();
            comparePane.setExpanded(true);
        });

        Label summary = Ui.mutedLabel(vm.summaryProperty());
        summary.setId("layers-summary");
        Label estimate = Ui.mutedLabel(vm.estimateTextProperty());
        estimate.setId("layers-estimate");
        Node previous = previousControls(vm);
        ErrorPanel error = new ErrorPanel("layers-error", vm.errorProperty());
        contentsPane = new LayerContentsPane(vm.workspace());
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> contentsPane.select(b == null ? 0 : b.position()));
        root = new VBox(10, Ui.header("Layers", "How the closure is split into image layers. Layers that other "
                + "images share are downloaded once; fewer, balanced layers make pulls faster."),
                controls, bar, summary, estimate, previous, error, split, contentsPane, comparePane);
        root.setPadding(new Insets(16));
    }

    /** The previous build the plan keeps layers of, a field to name another, and what a host holding it pulls. */
    private Node previousControls(LayersViewModel vm) {
        TextField field = new TextField();
        field.setId("layers-previous-field");
        field.setPromptText("plan-v1.json, oci-archive:v1.tar ...");
        field.setPrefColumnCount(18);
        field.setAccessibleText("Previous build: a plan JSON or an image file");
        field.setTooltip(Ui.tip("A previous build of this image: the JSON of strata plan --json or build --json, or an "
                + "image file (oci-archive:FILE, docker-archive:FILE, oci:DIR). Its still-valid layers are kept as they "
                + "were, and the table says what a host that holds it pulls. It is saved in the recipe. Empty: none (the last "
                + "build of this recipe, if any, is shown for its cost only)."));
        field.setText(vm.previousSpecProperty().get() == null ? "" : vm.previousSpecProperty().get());
        vm.previousSpecProperty().addListener((o, a, b) -> field.setText(b == null ? "" : b));
        Button use = Ui.button("Use", Feather.CHECK, "Plan against this previous build");
        use.setId("layers-previous-use");
        use.setOnAction(e -> vm.choosePrevious(field.getText()));
        field.setOnAction(e -> vm.choosePrevious(field.getText()));
        Button choose = Ui.button("File…", Feather.FOLDER, "Choose a plan JSON or an image archive");
        choose.setId("layers-previous-choose");
        choose.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Previous build: plan JSON or image archive");
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Plans and image archives", "*.json",
                    "*.tar"), new FileChooser.ExtensionFilter("All files", "*"));
            File f = fc.showOpenDialog(root.getScene().getWindow());
            if (f != null) {
                field.setText(f.getPath());
                vm.choosePrevious(f.getPath());
            }
        });
        Label source = new Label();
        source.setId("layers-previous-source");
        source.textProperty().bind(Bindings.when(vm.previousSourceProperty().isEmpty())
                .then("none (this recipe was not built yet)").otherwise(vm.previousSourceProperty()));
        Label cost = Ui.mutedLabel(vm.pullCostProperty());
        cost.setId("layers-pull-cost");
        cost.setWrapText(true);
        cost.setMinHeight(Region.USE_PREF_SIZE); // wraps instead of ending in "..."
        source.setMinWidth(0);
        source.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS); // a long file name gives way, the layer count stays
        source.setTooltip(Ui.tip(""));
        source.getTooltip().textProperty().bind(source.textProperty());
        Label title = Ui.labelFor("_Previous build", field);
        title.setMinWidth(Region.USE_PREF_SIZE);
        // At the window's minimum width the field gives way, never the buttons' words.
        use.setMinWidth(Region.USE_PREF_SIZE);
        choose.setMinWidth(Region.USE_PREF_SIZE);
        field.setMinWidth(120);
        HBox line = new HBox(8, title, source, Ui.grow(), field, use, choose);
        line.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(4, line, cost);
        cost.managedProperty().bind(vm.pullCostProperty().isNotEmpty());
        return box;
    }

    private static void showComparison(VBox box, List<Comparison> all) {
        box.getChildren().clear();
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(6);
        String[] heads = {"Strategy", "Layers", "Largest", "Median", "Plan"};
        for (int c = 0; c < heads.length; c++) {
            Label h = new Label(heads[c]);
            h.getStyleClass().add(Styles.TEXT_BOLD);
            grid.add(h, c, 0);
        }
        int row = 1;
        for (Comparison c : all) {
            grid.add(new Label(c.strategy()), 0, row);
            if (c.plan() == null) {
                Label err = new Label(c.error());
                err.getStyleClass().add(Styles.DANGER);
                grid.add(err, 1, row, 4, 1);
            } else {
                grid.add(new Label(Integer.toString(c.layers())), 1, row);
                grid.add(new Label(Sizes.human(c.largest())), 2, row);
                grid.add(new Label(Sizes.human(c.median())), 3, row);
                StackedBar bar = new StackedBar();
                bar.setPrefHeight(22);
                bar.setPlan(c.plan());
                bar.setPrefWidth(520);
                GridPane.setHgrow(bar, Priority.ALWAYS);
                grid.add(bar, 4, row);
            }
            row++;
        }
        box.getChildren().add(grid);
    }

    private static TableColumn<LayerRow, String> column(String title, double width, Function<LayerRow, String> value,
                                                       String help) {
        return Ui.textColumn(title, width, value, help);
    }

    /** Adds a pane under the plan's table (the base image's layers, which are kept, not planned). */
    public void addBelowPlan(Node pane) {
        root.getChildren().add(root.getChildren().indexOf(comparePane), pane);
    }

    public Node root() {
        return root;
    }

    /** Sample rows in the layer table (see {@link dev.strata.gui.common.WarmUp}). */
    public Runnable warmUp() {
        var real = table.getItems();
        List<LayerRow> sample = new ArrayList<>();
        for (int i = 1; i <= WarmUp.ROWS; i++) {
            sample.add(new LayerRow(i, 3, 1L << 20, 0.01, "a sample layer", "sample-" + i, "reused"));
        }
        table.setItems(FXCollections.observableArrayList(sample));
        return () -> table.setItems(real);
    }

    public TableView<LayerRow> table() {
        return table;
    }

    /** The selected layer's files, before and after building. */
    public LayerContentsPane contentsPane() {
        return contentsPane;
    }

    public TitledPane comparePane() {
        return comparePane;
    }
}
