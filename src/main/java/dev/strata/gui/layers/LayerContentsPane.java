package dev.strata.gui.layers;

import dev.strata.gui.common.Workspace;
import dev.strata.gui.inspect.FileTree;
import dev.strata.gui.inspect.FileTreePane;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TitledPane;

/**
 * "Files in the selected layer" on the Layers screen: the layer's file tree with sizes and search,
 * before building (its store paths on disk) and as built (the cached layer blob). Folded at first;
 * nothing is read until it is opened.
 */
public final class LayerContentsPane extends TitledPane {
    private final LayerContentsViewModel vm;
    private final FileTreePane before = new FileTreePane("layer-files-before");
    private final FileTreePane after = new FileTreePane("layer-files-after");
    private final TabPane tabs;

    public LayerContentsPane(Workspace workspace) {
        vm = new LayerContentsViewModel(workspace);
        bind(before, vm.beforeProperty(), vm.beforeNoteProperty());
        bind(after, vm.afterProperty(), vm.afterNoteProperty());
        Tab b = new Tab("Before building (store paths)", before);
        b.setId("layer-files-before-tab");
        Tab a = new Tab("Built layer", after);
        a.setId("layer-files-after-tab");
        tabs = new TabPane(b, a);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setPrefHeight(300);
        setText("Files in the selected layer");
        setContent(tabs);
        setId("layer-files");
        setExpanded(false);
        setAnimated(false);
        vm.shownProperty().bind(expandedProperty());
        // Open, it takes room from the table above rather than being squeezed to its title.
        expandedProperty().addListener((o, was, open) -> setMinHeight(open ? 320 : USE_COMPUTED_SIZE));
    }

    private static void bind(FileTreePane pane, ReadOnlyObjectProperty<FileTree> tree, ReadOnlyStringProperty note) {
        pane.setTree(tree.get(), note.get());
        tree.addListener((o, x, t) -> pane.setTree(t, note.get()));
        note.addListener((o, x, n) -> {
            if (tree.get() == null) {
                pane.setTree(null, n);
            }
        });
    }

    /** Shows the files of a layer (position from 1; 0 for none). */
    public void select(int position) {
        vm.select(position);
    }

    public LayerContentsViewModel viewModel() {
        return vm;
    }

    public FileTreePane before() {
        return before;
    }

    public FileTreePane after() {
        return after;
    }

    public TabPane tabs() {
        return tabs;
    }
}
