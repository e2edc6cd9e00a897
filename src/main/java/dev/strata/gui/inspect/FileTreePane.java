package dev.strata.gui.inspect;

import atlantafx.base.theme.Styles;
import dev.strata.compose.Sizes;
import dev.strata.gui.common.Debouncer;
import dev.strata.gui.common.Plural;
import dev.strata.gui.common.Tasks;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * A layer's file tree with sizes and a search box. Tree items make their children only when
 * opened, so a layer of a hundred thousand files costs the FX thread only what is on screen; the
 * tree itself ({@link FileTree}) and every search are built on a worker thread (a newer search
 * cancels an older one).
 */
public final class FileTreePane extends VBox {
    private final TextField search = new TextField();
    private final TreeTableView<FileTree.Entry> table = new TreeTableView<>();
    private final Label summary = new Label();
    private final Debouncer debounce = new Debouncer(Duration.ofMillis(200));
    private FileTree tree;
    private Tasks.PipelineTask<FileTree> filtering;
    private long generation;

    public FileTreePane(String id) {
        setId(id);
        search.setId(id + "-search");
        search.setPromptText("Search files (name, or a path with /)");
        search.setAccessibleText("Search the files");
        search.textProperty().addListener((o, a, b) -> debounce.trigger(this::applyFilter));
        search.setOnAction(e -> {
            debounce.cancel();
            applyFilter();
        });
        HBox.setHgrow(search, Priority.ALWAYS);
        summary.setId(id + "-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        HBox top = new HBox(8, search, summary);
        top.setAlignment(Pos.CENTER_LEFT);
        table.setId(id + "-tree");
        table.getStyleClass().add(Styles.DENSE);
        table.setShowRoot(true);
        table.setPlaceholder(new Label("No files"));
        table.setAccessibleText("Files");
        TreeTableColumn<FileTree.Entry, String> name = column("Name", 320, FileTreePane::nameOf);
        TreeTableColumn<FileTree.Entry, String> size = column("Size", 90, e -> Sizes.human(e.size()));
        size.setStyle("-fx-alignment: CENTER-RIGHT;");
        TreeTableColumn<FileTree.Entry, String> files = column("Files", 70,
                e -> e.isDirectory() ? Long.toString(e.files()) : "");
        files.setStyle("-fx-alignment: CENTER-RIGHT;");
        TreeTableColumn<FileTree.Entry, String> mode = column("Mode", 70,
                e -> e.path().isEmpty() || e.isDirectory() && e.mode() == 0 ? "" : e.isDirectory() || e.type().equals("file")
                        ? String.format(Locale.ROOT, "%04o", e.mode()) : e.type());
        table.getColumns().setAll(List.of(name, size, files, mode));
        table.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(table, Priority.ALWAYS);
        setSpacing(6);
        getChildren().addAll(top, table);
        setTree(null, "");
    }

    private static String nameOf(FileTree.Entry e) {
        String n = e.path().isEmpty() ? "/" : e.name() + (e.isDirectory() ? "/" : "");
        return e.linkTarget().isEmpty() ? n : n + " \u2192 " + e.linkTarget();
    }

    private static TreeTableColumn<FileTree.Entry, String> column(String title, double width,
                                                                  java.util.function.Function<FileTree.Entry, String> value) {
        TreeTableColumn<FileTree.Entry, String> c = new TreeTableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue() == null || d.getValue().getValue() == null ? ""
                : value.apply(d.getValue().getValue())));
        return c;
    }

    /** Shows a tree (null: none, with {@code placeholder} saying why); the search box's text stays and applies. */
    public void setTree(FileTree t, String placeholder) {
        tree = t;
        table.setPlaceholder(new Label(placeholder));
        applyFilter();
    }

    private void applyFilter() {
        long gen = ++generation;
        if (filtering != null) {
            filtering.cancel(true);
            filtering = null;
        }
        FileTree t = tree;
        if (t == null) {
            table.setRoot(null);
            summary.setText("");
            return;
        }
        String q = search.getText();
        if (q == null || q.isBlank()) {
            show(t, "");
            return;
        }
        filtering = Tasks.of(p -> t.filter(q))
                .onSuccess(f -> {
                    if (gen == generation) {
                        show(f, q.strip());
                    }
                })
                .onError(m -> {
                    if (gen == generation) {
                        summary.setText(m);
                    }
                })
                .start();
    }

    private void show(FileTree t, String query) {
        TreeItem<FileTree.Entry> root = new LazyItem(t.root());
        root.setExpanded(true);
        table.setRoot(root);
        if (query.isEmpty()) {
            summary.setText(Plural.of(t.root().files(), "file") + ", " + Sizes.human(t.root().size()));
        } else if (t.matches() == 0) {
            summary.setText("Nothing matches \u201c" + query + "\u201d");
        } else {
            summary.setText(Plural.of(t.matches(), "match", "matches") + (t.capped() ? " (the first "
                    + FileTree.MAX_MATCHES + " shown)" : ""));
        }
    }

    /** A tree item that makes its children when first asked (when opened), and opens those a search leads to. */
    static final class LazyItem extends TreeItem<FileTree.Entry> {
        private boolean made;

        LazyItem(FileTree.Entry e) {
            super(e);
            setExpanded(e.expanded());
        }

        @Override
        public boolean isLeaf() {
            return getValue().children().isEmpty();
        }

        @Override
        public ObservableList<TreeItem<FileTree.Entry>> getChildren() {
            if (!made) {
                made = true;
                super.getChildren().setAll(getValue().children().stream().map(c -> (TreeItem<FileTree.Entry>) new LazyItem(c))
                        .toList());
            }
            return super.getChildren();
        }
    }

    public TextField searchField() {
        return search;
    }

    public TreeTableView<FileTree.Entry> treeTable() {
        return table;
    }

    public Label summary() {
        return summary;
    }

    /** The tree shown, filtered as the search box says (null while none). */
    public FileTree.Entry shownRoot() {
        return table.getRoot() == null ? null : table.getRoot().getValue();
    }
}
