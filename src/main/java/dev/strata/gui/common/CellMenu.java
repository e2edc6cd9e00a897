package dev.strata.gui.common;

import java.util.function.Consumer;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.MenuItem;

/**
 * One context menu shared by every cell of a list, table or tree, acting on the item of the cell it
 * was opened on. A ContextMenu is a popup window: one per cell, made as a virtual flow creates
 * cells, cost the FX thread more than the cells themselves when a big table first filled.
 */
public final class CellMenu<T> {
    private final ContextMenu menu = new ContextMenu();
    private T target;

    /** Adds an entry that runs {@code action} on the item of the cell the menu was opened on. */
    public CellMenu<T> item(String text, Consumer<T> action) {
        MenuItem m = new MenuItem(text);
        m.setOnAction(e -> {
            if (target != null) {
                action.accept(target);
            }
        });
        menu.getItems().add(m);
        return this;
    }

    /** Opens the menu on a right-click (or the menu key) over a non-empty cell. */
    public void attach(IndexedCell<T> cell) {
        cell.setOnContextMenuRequested(e -> {
            if (cell.getItem() != null && !cell.isEmpty()) {
                target = cell.getItem();
                menu.show(cell, e.getScreenX(), e.getScreenY());
            }
            e.consume();
        });
    }
}
