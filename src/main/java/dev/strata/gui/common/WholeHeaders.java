package dev.strata.gui.common;

import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeTableView;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.text.Text;

/**
 * Keeps every column header of a table or tree table readable: a column is never made narrower
 * than its title ("Previous host", not "Previous h…"). The widths come from the header as styled
 * (its font, padding and sort arrow), so they are measured once the table has a skin and again
 * when the columns change; a user can still widen a column, only not cut its title.
 */
public final class WholeHeaders {
    private WholeHeaders() {}

    /** Applies to {@code table} (a TableView or TreeTableView) from its first layout on. */
    public static void keep(Control table) {
        Runnable measure = () -> Platform.runLater(() -> widen(table));
        table.skinProperty().addListener((o, a, b) -> measure.run());
        table.widthProperty().addListener((o, a, b) -> {
            if (a.doubleValue() <= 0 && b.doubleValue() > 0) {
                measure.run();
            }
        });
        table.sceneProperty().addListener((o, a, b) -> measure.run());
        // A column shown later (the Layers screen's "Previous host") is measured when it appears.
        List<? extends TableColumnBase<?, ?>> columns = table instanceof TableView<?> t ? t.getColumns()
                : table instanceof TreeTableView<?> t ? t.getColumns() : List.of();
        for (TableColumnBase<?, ?> c : columns) {
            c.visibleProperty().addListener((o, a, b) -> measure.run());
        }
    }

    /** Sets each visible column's minimum width to what its header needs; returns how many changed. */
    public static int widen(Control table) {
        if (table.getSkin() == null) {
            return 0;
        }
        table.applyCss();
        int changed = 0;
        for (Node n : table.lookupAll(".column-header")) {
            if (!(n instanceof TableColumnHeader header) || header.getTableColumn() == null) {
                continue;
            }
            TableColumnBase<?, ?> column = header.getTableColumn();
            if (!column.getColumns().isEmpty() || !column.isVisible()) {
                continue; // a group's header spans its columns
            }
            Labeled label = titleOf(header);
            if (label == null) {
                continue;
            }
            double need = Math.ceil(label.prefWidth(-1) + header.snappedLeftInset() + header.snappedRightInset()) + 4;
            if (column.getMinWidth() < need) {
                column.setMinWidth(need);
                if (column.getPrefWidth() < need) {
                    column.setPrefWidth(need);
                }
                changed++;
            }
        }
        return changed;
    }

    private static Labeled titleOf(TableColumnHeader header) {
        for (Node n : header.lookupAll(".label")) {
            if (n instanceof Labeled l && n.getParent() != null && n.getParent().getStyleClass().contains("column-header")) {
                return l;
            }
        }
        return null;
    }

    /**
     * The headers whose title is drawn cut (with an ellipsis) now: "title -> what is drawn". For tests
     * and for the check above; a header whose title is a graphic label is checked by that label.
     */
    public static List<String> cut(Control table) {
        List<String> out = new ArrayList<>();
        for (Node n : table.lookupAll(".column-header")) {
            if (!(n instanceof TableColumnHeader header) || header.getTableColumn() == null
                    || !header.getTableColumn().isVisible() || !header.isVisible()) {
                continue;
            }
            Labeled label = titleOf(header);
            List<Labeled> labels = new ArrayList<>();
            if (label != null) {
                labels.add(label);
                if (label.getGraphic() instanceof Labeled g) {
                    labels.add(g);
                }
            }
            for (Labeled l : labels) {
                String drawn = drawnText(l);
                if (l.getText() != null && !l.getText().isEmpty() && !l.getText().equals(drawn)) {
                    out.add(l.getText() + " -> " + drawn);
                }
            }
        }
        return out;
    }

    /** The text a Labeled draws now (its text, or a shortened form with an ellipsis when it does not fit). */
    public static String drawnText(Labeled l) {
        for (Node c : l.getChildrenUnmodifiable()) {
            if (c instanceof Text t && c.isVisible() && c != l.getGraphic()) { // an icon font's glyph is a Text too
                return t.getText();
            }
        }
        return "";
    }
}
