package dev.strata.gui.search;

import atlantafx.base.theme.Styles;
import dev.strata.compose.Sizes;
import dev.strata.gui.common.Plural;
import dev.strata.gui.common.Ui;
import dev.strata.gui.common.WarmUp;
import dev.strata.nix.PackageInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The search screen's view: results and the selected one's details on the left, the image's
 * packages and expressions on the right.
 */
public final class SearchView {
    private final SplitPane root;
    private final TextField query = new TextField();
    private final TableView<PackageInfo> table = new TableView<>();
    private final ListView<String> selection;

    public SearchView(SearchViewModel vm, Runnable showClosure) {
        query.setId("search-field");
        query.setPromptText("Search packages by name or description (Ctrl+F); Enter adds the top result");
        query.textProperty().bindBidirectional(vm.queryProperty());
        query.setAccessibleText("Search packages");
        query.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                vm.addTopHit();
                e.consume();
            } else if (e.getCode() == KeyCode.DOWN) {
                table.requestFocus();
                table.getSelectionModel().selectFirst();
            }
        });
        HBox.setHgrow(query, Priority.ALWAYS);

        table.setId("search-results");
        table.getStyleClass().add(Styles.DENSE);
        SortedList<PackageInfo> sorted = new SortedList<>(vm.results());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label("No packages to show"));
        table.setAccessibleText("Search results");
        TableColumn<PackageInfo, String> attr = column("Attribute", 220, PackageInfo::attrPath,
                "The attribute path: what you write in a recipe or after 'strata build'");
        TableColumn<PackageInfo, String> version = column("Version", 80, PackageInfo::version, null);
        TableColumn<PackageInfo, String> description = column("Description", 360, PackageInfo::description, null);
        TableColumn<PackageInfo, String> license = column("Licence", 110, PackageInfo::license, null);
        TableColumn<PackageInfo, String> flags = column("Flags", 110, SearchView::flags,
                "broken: the package is marked as not building; unfree: its licence is not free");
        flags.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                getStyleClass().removeAll(Styles.DANGER, Styles.WARNING);
                if (!empty && item != null && item.contains("broken")) {
                    getStyleClass().add(Styles.DANGER);
                } else if (!empty && item != null && item.contains("unfree")) {
                    getStyleClass().add(Styles.WARNING);
                }
            }
        });
        TableColumn<PackageInfo, Long> size = sizeColumn(vm);
        attr.setMinWidth(200);
        version.setMinWidth(92);
        license.setMinWidth(100);
        flags.setMinWidth(86);
        description.setMinWidth(160);
        table.getColumns().setAll(List.of(attr, version, size, description, license, flags));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        dev.strata.gui.common.WholeHeaders.keep(table); // no column title is cut
        Tooltip rowTip = Ui.tip("");
        table.setRowFactory(t -> {
            TableRow<PackageInfo> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    vm.add(List.of(row.getItem()));
                }
            });
            row.setOnDragDetected(e -> {
                if (row.isEmpty()) {
                    return;
                }
                Dragboard db = row.startDragAndDrop(TransferMode.COPY);
                ClipboardContent content = new ClipboardContent();
                content.putString(String.join("\n", table.getSelectionModel().getSelectedItems().stream()
                        .map(PackageInfo::attrPath).toList()));
                db.setContent(content);
                e.consume();
            });
            Ui.cellTips(row, rowTip, b -> b.attrPath() + " " + b.version() + "\n" + b.description()
                    + "\nDouble-click, Enter or drag to add it to the image.");
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                vm.add(List.copyOf(table.getSelectionModel().getSelectedItems()));
                e.consume();
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty().set(b));

        Label summary = Ui.mutedLabel(vm.summaryProperty());
        summary.setId("search-summary");
        Button add = Ui.button("Add", Feather.PLUS, "Add the selected packages to the image (Enter)");
        add.setId("search-add");
        add.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        add.setOnAction(e -> vm.add(List.copyOf(table.getSelectionModel().getSelectedItems())));
        HBox searchBar = new HBox(8, query, add);
        searchBar.setAlignment(Pos.CENTER_LEFT);

        SplitPane resultsAndDetails = new SplitPane(table, detailsPane(vm));
        resultsAndDetails.setOrientation(Orientation.VERTICAL);
        resultsAndDetails.setDividerPositions(0.72);
        VBox.setVgrow(resultsAndDetails, Priority.ALWAYS);
        VBox left = new VBox(8, Ui.header("Search", "Find packages in the source; double-click, press Enter "
                + "or drag them to the right to put them in the image."), searchBar, summary, resultsAndDetails);
        left.setPadding(new Insets(16));
        left.setMinWidth(360);

        selection = new ListView<>(vm.selection());
        selection.setId("selection");
        selection.getStyleClass().add(Styles.DENSE);
        selection.setAccessibleText("Packages in the image");
        selection.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        Label empty = new Label("Nothing yet: add packages from the results, or drop them here");
        empty.setWrapText(true);
        empty.setPadding(new Insets(12));
        empty.setTextAlignment(TextAlignment.CENTER);
        selection.setPlaceholder(empty);
        Tooltip selectionTip = Ui.tip("");
        selection.setCellFactory(l -> {
            ListCell<String> cell = new ListCell<>() {
                private final FontIcon noProgram = new FontIcon(Feather.ALERT_TRIANGLE);

                {
                    noProgram.getStyleClass().add("warning-icon");
                }

                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item);
                    List<String> programs = empty || item == null ? null : vm.programsOf(item);
                    setGraphic(programs != null && programs.isEmpty() ? noProgram : null);
                }
            };
            Ui.cellTips(cell, selectionTip, vm::describe);
            return cell;
        });
        vm.programsChanged().addListener((Observable o) -> selection.refresh());
        selection.setOnDragOver(e -> {
            if (e.getDragboard().hasString()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        ReadOnlyStringWrapper dropError = new ReadOnlyStringWrapper("");
        selection.setOnDragDropped(e -> {
            boolean ok = false;
            if (e.getDragboard().hasString()) {
                StringBuilder errors = new StringBuilder();
                for (String name : e.getDragboard().getString().split("\\s+")) {
                    if (!name.isBlank()) {
                        String err = vm.addByName(name.strip());
                        errors.append(err.isEmpty() ? "" : err + " ");
                    }
                }
                dropError.set(errors.toString().strip());
                ok = true;
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        Runnable removeSelected = () -> vm.remove(List.copyOf(selection.getSelectionModel().getSelectedItems()));
        selection.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
                removeSelected.run();
                e.consume();
            }
        });
        VBox.setVgrow(selection, Priority.ALWAYS);
        Button remove = Ui.button("", Feather.TRASH_2, "Remove the selected packages (Delete)");
        remove.setId("selection-remove");
        remove.disableProperty().bind(selection.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> removeSelected.run());
        Button up = Ui.button("", Feather.ARROW_UP, "Move up");
        up.disableProperty().bind(selection.getSelectionModel().selectedItemProperty().isNull());
        up.setOnAction(e -> move(vm, -1));
        Button down = Ui.button("", Feather.ARROW_DOWN, "Move down");
        down.disableProperty().bind(selection.getSelectionModel().selectedItemProperty().isNull());
        down.setOnAction(e -> move(vm, 1));
        Button closure = Ui.button("Show closure", Feather.GIT_MERGE, "Build the packages and show what the image "
                + "will contain (Ctrl+R)");
        closure.setId("show-closure");
        closure.getStyleClass().add(Styles.ACCENT);
        closure.disableProperty().bind(Bindings.isEmpty(vm.selection())
                .and(Bindings.isEmpty(vm.expressions())));
        closure.setOnAction(e -> showClosure.run());
        Label count = new Label();
        count.setId("selection-count");
        count.textProperty().bind(Bindings.createStringBinding(() -> Plural.of(vm.selection().size(), "package"),
                vm.selection()));
        count.getStyleClass().add(Styles.TEXT_MUTED);
        HBox tools = new HBox(6, remove, up, down, Ui.grow(), count);
        tools.setAlignment(Pos.CENTER_LEFT);
        Label title = new Label("In the image");
        title.getStyleClass().add(Styles.TITLE_4);
        CheckBox unfree = new CheckBox("Allow unfree packages");
        unfree.setId("allow-unfree");
        unfree.selectedProperty().bindBidirectional(vm.allowUnfreeProperty());
        unfree.setTooltip(Ui.tip("Packages whose licence is not free (flagged unfree) are built only when this is ticked; "
                + "the recipe remembers it."));
        CheckBox broken = new CheckBox("Allow broken packages");
        broken.setId("allow-broken");
        broken.selectedProperty().bindBidirectional(vm.allowBrokenProperty());
        broken.setTooltip(Ui.tip("Packages marked broken (flagged broken) are built only when this is ticked; "
                + "the recipe remembers it."));
        VBox right = new VBox(8, title, selection, tools, expressionsPane(vm), unfree, broken, Ui.errorLabel(dropError),
                closure);
        closure.setMaxWidth(Double.MAX_VALUE);
        right.setPadding(new Insets(16));
        right.setMinWidth(220);

        root = new SplitPane(left, right);
        root.setDividerPositions(0.74);
    }

    /** The selected result's details: what it is, its licence and homepage, the outputs the image gets. */
    private static Node detailsPane(SearchViewModel vm) {
        Label details = new Label();
        details.setId("search-details");
        details.textProperty().bind(vm.detailsProperty());
        details.setWrapText(true);
        Label outputs = new Label();
        outputs.setId("search-outputs");
        outputs.textProperty().bind(vm.outputsProperty());
        outputs.setWrapText(true);
        outputs.getStyleClass().add(Styles.TEXT_MUTED);
        Label none = new Label("Select a result to see its details.");
        none.getStyleClass().add(Styles.TEXT_MUTED);
        none.visibleProperty().bind(vm.selectedProperty().isNull());
        none.managedProperty().bind(none.visibleProperty());
        VBox box = new VBox(6, none, details, outputs);
        box.setPadding(new Insets(8));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setId("search-details-pane");
        scroll.setMinHeight(60);
        return scroll;
    }

    /** Closure sizes as far as known ("—" until then); sortable, unknown sizes counting as smallest. */
    private static TableColumn<PackageInfo, Long> sizeColumn(SearchViewModel vm) {
        TableColumn<PackageInfo, Long> c = new TableColumn<>();
        Label header = new Label("Size");
        header.setTooltip(Ui.tip("Closure size (NAR), once known: for packages built before, or shown on the Closure "
                + "screen. Click to sort, largest first."));
        c.setGraphic(header);
        c.setId("search-size");
        c.setPrefWidth(80);
        c.setMinWidth(70);
        c.setSortType(TableColumn.SortType.DESCENDING);
        c.setCellValueFactory(d -> Bindings.createObjectBinding(() -> vm.sizeOf(d.getValue()), vm.closureSizes()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Long item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item < 0 ? "\u2014" : Sizes.human(item));
            }
        });
        c.setStyle("-fx-alignment: CENTER-RIGHT;");
        return c;
    }
    /** The image's Nix expressions: a field to add one, a list labelled by derivation name once built. */
    private Node expressionsPane(SearchViewModel vm) {
        Label title = new Label("Expressions");
        title.getStyleClass().add(Styles.TITLE_4);
        TextField field = new TextField();
        field.setId("expression-field");
        field.setPromptText("buildEnv { name = \"tools\"; paths = [ hello curl ]; }");
        field.setAccessibleText("Nix expression to add");
        field.setTooltip(Ui.tip("A Nix expression evaluated with the package set's names in scope (like with pkgs; EXPR) "
                + "that gives a package, e.g. python3.withPackages (ps: [ ps.requests ]). It becomes one more root of "
                + "the image, named by its derivation (--expr in the command line)."));
        field.textProperty().bindBidirectional(vm.expressionTextProperty());
        field.setOnAction(e -> vm.addExpression());
        HBox.setHgrow(field, Priority.ALWAYS);
        Button add = Ui.button("", Feather.PLUS, "Add the expression to the image (Enter)");
        add.setId("expression-add");
        add.setOnAction(e -> vm.addExpression());

        ListView<String> list = new ListView<>(vm.expressions());
        list.setId("expressions");
        list.getStyleClass().add(Styles.DENSE);
        list.setAccessibleText("Nix expressions in the image");
        list.setPrefHeight(90);
        list.setPlaceholder(new Label("No expressions"));
        textCells(list, vm::expressionLabel, text -> text);
        vm.realisationObservable().addListener(o -> list.refresh());
        Button remove = Ui.button("", Feather.TRASH_2, "Remove the selected expression (Delete)");
        remove.setId("expression-remove");
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> vm.removeExpressions(List.copyOf(list.getSelectionModel().getSelectedItems())));
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
                vm.removeExpressions(List.copyOf(list.getSelectionModel().getSelectedItems()));
            }
        });
        HBox entry = new HBox(6, field, add, remove);
        entry.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, title, entry, Ui.errorLabel(vm.expressionErrorProperty()), list);
    }

    /** Cells showing {@code label} of each item, with {@code tip} of it in one shared tooltip. */
    private static void textCells(ListView<String> list, Function<String, String> label, Function<String, String> tip) {
        Tooltip shared = Ui.tip("");
        list.setCellFactory(l -> {
            ListCell<String> cell = new ListCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : label.apply(item));
                }
            };
            Ui.cellTips(cell, shared, tip);
            return cell;
        });
    }

    private void move(SearchViewModel vm, int delta) {
        String item = selection.getSelectionModel().getSelectedItem();
        vm.move(item, delta);
        selection.getSelectionModel().clearAndSelect(selection.getItems().indexOf(item));
    }

    static String flags(PackageInfo p) {
        return (p.broken() ? "broken " : "") + (p.unfree() ? "unfree" : "");
    }

    private static TableColumn<PackageInfo, String> column(String title, double width, Function<PackageInfo, String> value,
                                                       String help) {
        return Ui.textColumn(title, width, value, help);
    }

    public void focusSearch() {
        query.requestFocus();
        query.selectAll();
    }

    public Node root() {
        return root;
    }

    /** Sample rows in the results and the selection (see {@link WarmUp}). */
    public Runnable warmUp() {
        var realResults = table.getItems();
        var realSelection = selection.getItems();
        List<PackageInfo> sample = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < WarmUp.ROWS; i++) {
            sample.add(new PackageInfo("sample" + i, "sample-" + i + "-1.0", "sample-" + i, "1.0", "A sample package",
                    "MIT", "", "", i % 7 == 0, i % 11 == 0));
            names.add("sample" + i);
        }
        table.setItems(FXCollections.observableArrayList(sample));
        selection.setItems(FXCollections.observableArrayList(names));
        return () -> {
            table.setItems(realResults);
            selection.setItems(realSelection);
        };
    }

    public TableView<PackageInfo> table() {
        return table;
    }

    public ListView<String> selection() {
        return selection;
    }
}
