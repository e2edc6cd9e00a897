package dev.strata.gui.closure;

import atlantafx.base.theme.Styles;
import dev.strata.closure.StorePath;
import dev.strata.compose.Sizes;
import dev.strata.gui.closure.ClosureViewModel.PathRow;
import dev.strata.gui.common.CellMenu;
import dev.strata.gui.common.WarmUp;
import dev.strata.gui.common.Ui;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ScrollPane;
import javafx.geometry.Orientation;
import javafx.beans.binding.Bindings;
import dev.strata.gui.common.ErrorPanel;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The closure screen's view: a nix-tree-like browser (each path's references as children, sizes
 * in columns) beside the drawn graph, both following one selection; the why-depends chain of the
 * selected path below; Nix's build log in a collapsible pane.
 */
public final class ClosureView {
    private final VBox root;
    private final TreeTableView<PathRow> tree = new TreeTableView<>();
    private final GraphView graph = new GraphView();
    private final ListView<String> log;
    private boolean syncing;
    /** The browser of the whole closure, kept while a filter shows matches instead. */
    private TreeItem<PathRow> wholeTree;
    private List<PathRow> wholeTreeRows;

    public ClosureView(ClosureViewModel vm) {
        Button realise = Ui.button("Show closure", Feather.PLAY, "Build the selected packages with Nix and read "
                + "their runtime closure (Ctrl+R)");
        realise.setId("closure-realise");
        realise.getStyleClass().add(Styles.ACCENT);
        realise.disableProperty().bind(vm.busyProperty());
        realise.setOnAction(e -> vm.realise());
        Button cancel = Ui.button("Cancel", Feather.X, "Stop the Nix build");
        cancel.setId("closure-cancel");
        cancel.visibleProperty().bind(vm.busyProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> vm.cancel());
        ProgressBar bar = new ProgressBar();
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.busyProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        bar.setPrefWidth(200);
        Label progress = Ui.mutedLabel(vm.progressTextProperty());
        TextField filter = new TextField();
        filter.setId("closure-filter");
        filter.setPromptText("Filter paths");
        filter.setAccessibleText("Filter store paths by name");
        filter.textProperty().bindBidirectional(vm.filterProperty());
        HBox actions = new HBox(10, realise, cancel, bar, progress, Ui.grow(), filter);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label summary = Ui.mutedLabel(vm.summaryProperty());
        summary.setId("closure-summary");
        ErrorPanel error = new ErrorPanel("closure-error", vm.errorProperty());
        ErrorPanel planError = new ErrorPanel("closure-plan-error", Bindings.createStringBinding(() ->
                vm.planErrorProperty().get().isEmpty() ? "" : "The layers could not be planned, so the graph has no "
                        + "colours: " + vm.planErrorProperty().get(), vm.planErrorProperty()));
        Label hint = Ui.warningLabel(vm.hintProperty());
        hint.setId("closure-hint");

        buildTree(vm);
        graph.setMinSize(200, 200);
        graph.setOnSelect(i -> vm.selectedProperty().set(vm.row(i)));
        vm.layoutProperty().addListener((o, a, b) -> graph.setGraph(b, i -> vm.row(i) == null ? "" : vm.row(i).name(),
                i -> vm.row(i) == null ? "" : ClosureViewModel.tooltipOf(vm.row(i)),
                i -> vm.row(i) != null && vm.row(i).root()));
        vm.layerOfPathProperty().addListener((o, a, b) -> graph.setLayers(b));
        // The graph highlights the chain that answers "why is it in the image?", as the list below it shows.
        vm.whyDepends().addListener((Observable o) -> graph.setChain(vm.whyDepends().stream()
                .mapToInt(PathRow::index).toArray()));
        Button fit = Ui.button("", Feather.MAXIMIZE, "Fit the whole graph in view");
        fit.setOnAction(e -> graph.fit());
        Button zoomIn = Ui.button("", Feather.ZOOM_IN, "Zoom in (or scroll)");
        zoomIn.setOnAction(e -> graph.zoomAt(1.5, graph.getWidth() / 2, graph.getHeight() / 2));
        Button zoomOut = Ui.button("", Feather.ZOOM_OUT, "Zoom out (or scroll)");
        zoomOut.setOnAction(e -> graph.zoomAt(1 / 1.5, graph.getWidth() / 2, graph.getHeight() / 2));
        Label legend = new Label("Size: NAR size \u00b7 colour: layer \u00b7 red: why it is in the image \u00b7 "
                + "drag to pan, scroll to zoom, hover for details");
        legend.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        legend.setMinWidth(0);
        HBox graphTools = new HBox(4, fit, zoomIn, zoomOut, legend);
        graphTools.setAlignment(Pos.CENTER_LEFT);
        VBox graphBox = new VBox(4, graphTools, graph);
        VBox.setVgrow(graph, Priority.ALWAYS);

        SplitPane split = new SplitPane(tree, graphBox);
        split.setDividerPositions(0.5);

        FlowPane chain = new FlowPane(4, 4);
        chain.setId("why-depends");
        vm.whyDepends().addListener((Observable o) -> {
            chain.getChildren().clear();
            List<PathRow> rows = List.copyOf(vm.whyDepends());
            for (int i = 0; i < rows.size(); i++) {
                PathRow r = rows.get(i);
                Button b = new Button(r.name());
                b.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
                b.setTooltip(Ui.tip(ClosureViewModel.tooltipOf(r)));
                b.setOnAction(e -> vm.selectedProperty().set(r));
                chain.getChildren().add(b);
                if (i < rows.size() - 1) {
                    chain.getChildren().add(new Label("\u2192"));
                }
            }
        });
        ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");
        vm.selectedProperty().addListener((o, a, b) -> {
            details.set(b == null ? "" : b.path().path() + " \u2014 NAR " + Sizes.human(b.narSize()) + ", closure "
                    + Sizes.human(b.closureSize()) + ", added " + Sizes.human(b.addedSize())
                    + (vm.layerText(b).isEmpty() ? "" : ", layer " + vm.layerText(b)));
            if (!syncing) {
                syncing = true;
                graph.select(b == null ? -1 : b.index());
                selectInTree(b);
                syncing = false;
            }
        });
        Label why = new Label("Why is it in the image?");
        why.getStyleClass().add(Styles.TEXT_BOLD);
        why.setTooltip(Ui.tip("The shortest chain of references from a package you added to the selected path "
                + "(what 'nix why-depends' prints)."));
        Label detailLabel = Ui.mutedLabel(details.getReadOnlyProperty());
        detailLabel.setId("closure-details");
        VBox whyBox = new VBox(4, why, chain, detailLabel);

        ListView<String> log = new ListView<>(vm.log().lines());
        this.log = log;
        log.setId("closure-log");
        log.setFixedCellSize(18);
        log.setMinHeight(18 * 3 + 4);
        log.getStyleClass().add("log");
        log.setPlaceholder(new Label("Nix's log appears here while it builds"));
        Ui.followEnd(log);
        Label logTitle = new Label("Nix build log");
        logTitle.getStyleClass().add(Styles.TEXT_BOLD);
        VBox logBox = new VBox(4, logTitle, log);
        VBox.setVgrow(log, Priority.ALWAYS);
        ScrollPane whyScroll = new ScrollPane(whyBox);
        whyScroll.setFitToWidth(true);
        whyScroll.getStyleClass().add("edge-to-edge");
        SplitPane bottom = new SplitPane(whyScroll, logBox);
        bottom.setDividerPositions(0.45);
        // Closure above, "why" and the log below: the divider gives either more room.
        SplitPane main = new SplitPane(split, bottom);
        main.setId("closure-split");
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.72);
        VBox.setVgrow(main, Priority.ALWAYS);

        root = new VBox(8, Ui.header("Closure", "Everything the image will contain: the packages you chose and "
                + "every store path they need at run time."), actions, summary, hint, error, planError, main);
        root.setPadding(new Insets(16));
    }

    private void buildTree(ClosureViewModel vm) {
        tree.setId("closure-tree");
        tree.getStyleClass().add(Styles.DENSE);
        tree.setShowRoot(false);
        // Rows of one height: the flow need not ask every new cell for its preferred height.
        tree.setFixedCellSize(24);
        tree.setAccessibleText("Closure browser");
        tree.setPlaceholder(new Label("No closure yet"));
        TreeTableColumn<PathRow, String> name = column("Store path", 240, PathRow::name,
                "The store path's name (without its hash). Expand a path to see what it references.");
        TreeTableColumn<PathRow, String> nar = column("NAR", 80, r -> Sizes.human(r.narSize()), ClosureViewModel.NAR_HELP);
        TreeTableColumn<PathRow, String> closure = column("Closure", 80, r -> Sizes.human(r.closureSize()),
                ClosureViewModel.CLOSURE_HELP);
        TreeTableColumn<PathRow, String> added = column("Added", 80, r -> Sizes.human(r.addedSize()),
                ClosureViewModel.ADDED_HELP);
        TreeTableColumn<PathRow, String> layer = column("Layer", 55, vm::layerText,
                "The image layer this path is written into (1 = the base layer).");
        // Follows re-planning without rebuilding the rows (TreeTableView.refresh() recreates every cell).
        layer.setCellValueFactory(d -> {
            PathRow r = d.getValue().getValue();
            return Bindings.createStringBinding(() -> r == null ? "" : vm.layerText(r),
                    vm.layerOfPathProperty());
        });
        for (TreeTableColumn<PathRow, String> c : List.of(nar, closure, added, layer)) {
            c.setStyle("-fx-alignment: CENTER-RIGHT;");
        }
        tree.getColumns().setAll(List.of(name, nar, closure, added, layer));
        nar.setMinWidth(78);
        closure.setMinWidth(84);
        added.setMinWidth(80);
        layer.setMinWidth(72);
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_SUBSEQUENT_COLUMNS);
        dev.strata.gui.common.WholeHeaders.keep(tree); // no column title is cut
        Tooltip rowTip = Ui.tip("");
        CellMenu<PathRow> menu = new CellMenu<PathRow>()
                .item("Pin to its own layer", vm::pin)
                .item("Copy store path", r -> {
                    ClipboardContent c = new ClipboardContent();
                    c.putString(r.path().path());
                    Clipboard.getSystemClipboard().setContent(c);
                });
        tree.setRowFactory(t -> {
            TreeTableRow<PathRow> row = new TreeTableRow<>();
            Ui.cellTips(row, rowTip, ClosureViewModel::tooltipOf);
            menu.attach(row);
            row.setOnDragDetected(e -> {
                if (row.getItem() != null) {
                    ClipboardContent c = new ClipboardContent();
                    c.putString(row.getItem().path().path());
                    row.startDragAndDrop(TransferMode.LINK).setContent(c);
                    e.consume();
                }
            });
            return row;
        });
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!syncing) {
                syncing = true;
                vm.selectedProperty().set(b == null ? null : b.getValue());
                graph.select(b == null || b.getValue() == null ? -1 : b.getValue().index());
                syncing = false;
            }
        });
        // The browser of the whole closure is made once per closure and kept while a filter shows its
        // flat list of matches, so clearing the filter brings back the tree as it was left: expanded
        // where it was expanded, scrolled where it was.
        Runnable rebuild = () -> {
            String f = vm.filterProperty().get();
            if (f == null || f.isBlank()) {
                if (wholeTree == null || !vm.rows().equals(wholeTreeRows)) {
                    TreeItem<PathRow> rootItem = new TreeItem<>();
                    for (PathRow r : vm.rootRows()) {
                        rootItem.getChildren().add(new LazyItem(r, vm));
                    }
                    if (rootItem.getChildren().size() == 1) {
                        rootItem.getChildren().get(0).setExpanded(true);
                    }
                    wholeTree = rootItem;
                    wholeTreeRows = List.copyOf(vm.rows());
                }
                if (tree.getRoot() != wholeTree) {
                    PathRow keep = vm.selectedProperty().get();
                    tree.setRoot(wholeTree);
                    selectInTree(keep);
                }
            } else {
                TreeItem<PathRow> rootItem = new TreeItem<>();
                for (PathRow r : vm.filteredRows()) {
                    rootItem.getChildren().add(new TreeItem<>(r));
                }
                tree.setRoot(rootItem);
            }
        };
        // filteredRows changes whenever rows or the filter do: one rebuild per change.
        vm.filteredRows().addListener((Observable o) -> rebuild.run());
        rebuild.run();
    }

    private void selectInTree(PathRow r) {
        if (r == null || tree.getRoot() == null) {
            tree.getSelectionModel().clearSelection();
            return;
        }
        TreeItem<PathRow> item = findShown(tree.getRoot(), r);
        if (item == null) {
            tree.getSelectionModel().clearSelection();
            return;
        }
        tree.getSelectionModel().select(item);
        tree.scrollTo(Math.max(0, tree.getRow(item) - 3));
    }

    /** The item of a row among the items shown now (top level and expanded ones), or null. */
    private static TreeItem<PathRow> findShown(TreeItem<PathRow> parent, PathRow r) {
        for (TreeItem<PathRow> item : parent.getChildren()) {
            if (item.getValue() == r) {
                return item;
            }
            if (item.isExpanded()) {
                TreeItem<PathRow> inside = findShown(item, r);
                if (inside != null) {
                    return inside;
                }
            }
        }
        return null;
    }

    /** A tree item that loads its children (the path's references) when first expanded. */
    private static final class LazyItem extends TreeItem<PathRow> {
        private final ClosureViewModel vm;
        private boolean loaded;

        LazyItem(PathRow row, ClosureViewModel vm) {
            super(row);
            this.vm = vm;
        }

        @Override
        public boolean isLeaf() {
            return getValue().references() == 0;
        }

        @Override
        public ObservableList<TreeItem<PathRow>> getChildren() {
            if (!loaded) {
                loaded = true;
                super.getChildren().setAll(vm.referencesOf(getValue()).stream()
                        .map(r -> (TreeItem<PathRow>) new LazyItem(r, vm)).toList());
            }
            return super.getChildren();
        }
    }

    private static TreeTableColumn<PathRow, String> column(String title, double width, Function<PathRow, String> value,
                                                          String help) {
        TreeTableColumn<PathRow, String> c = new TreeTableColumn<>();
        Label header = new Label(title);
        header.setTooltip(Ui.tip(help));
        c.setGraphic(header);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().getValue() == null ? ""
                : value.apply(d.getValue().getValue())));
        return c;
    }

    public Node root() {
        return root;
    }

    /** Sample rows in the tree and the log (see {@link WarmUp}). */
    public Runnable warmUp() {
        TreeItem<PathRow> real = tree.getRoot();
        TreeItem<PathRow> sample = new TreeItem<>();
        int i = 0;
        for (StorePath p : WarmUp.samplePaths(WarmUp.ROWS)) {
            sample.getChildren().add(new TreeItem<>(new PathRow(i++, p, 1L << 20, 1L << 22, 1L << 20, 2, 1, true)));
        }
        tree.setRoot(sample);
        var lines = log.getItems();
        log.setItems(FXCollections.observableArrayList(Collections.nCopies(WarmUp.ROWS,
                "building '/nix/store/sample.drv'...")));
        return () -> {
            tree.setRoot(real);
            log.setItems(lines);
        };
    }

    public GraphView graph() {
        return graph;
    }

    public TreeTableView<PathRow> tree() {
        return tree;
    }
}
