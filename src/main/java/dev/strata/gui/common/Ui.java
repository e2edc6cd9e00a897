package dev.strata.gui.common;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Small building blocks every screen uses, so they look and read alike. */
public final class Ui {
    private Ui() {}

    /** A screen's title and one line saying what the screen is for. */
    public static Node header(String title, String subtitle) {
        Label t = new Label(title);
        t.getStyleClass().add(Styles.TITLE_3);
        Label s = new Label(subtitle);
        s.getStyleClass().add(Styles.TEXT_MUTED);
        s.setWrapText(true);
        VBox box = new VBox(2, t, s);
        box.setPadding(new Insets(0, 0, 8, 0));
        return box;
    }

    /** A red message that takes no space while empty. */
    public static Label errorLabel(ObservableStringValue text) {
        Label l = messageLabel(text);
        l.getStyleClass().addAll(Styles.DANGER, "error-message");
        l.setId(null);
        return l;
    }

    /** A green message that takes no space while empty. */
    public static Label successLabel(ObservableStringValue text) {
        Label l = messageLabel(text);
        l.getStyleClass().add(Styles.SUCCESS);
        return l;
    }

    /** An amber note (a hint about the image, not an error) that takes no space while empty. */
    public static Label warningLabel(ObservableStringValue text) {
        Label l = messageLabel(text);
        l.getStyleClass().add("warning-message");
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    public static Label mutedLabel(ObservableStringValue text) {
        Label l = messageLabel(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        return l;
    }

    private static Label messageLabel(ObservableStringValue text) {
        Label l = new Label();
        l.textProperty().bind(text);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    public static Button button(String text, Feather icon, String tooltip) {
        Button b = new Button(text, icon == null ? null : new FontIcon(icon));
        if (tooltip != null) {
            b.setTooltip(tip(tooltip));
        }
        b.setAccessibleText(text.isEmpty() ? tooltip : text);
        return b;
    }

    public static Tooltip tip(String text) {
        Tooltip t = new Tooltip(text);
        t.setShowDelay(Duration.millis(300));
        t.setShowDuration(Duration.seconds(30));
        t.setWrapText(true);
        t.setMaxWidth(480);
        return t;
    }

    /**
     * Gives the cells of one list or table a tooltip saying what the hovered cell's item is. One
     * tooltip serves every cell and its text is made when the pointer enters a cell: a Tooltip is a
     * popup window, and one per cell, made as cells are created, stalled the FX thread.
     */
    public static <T> void cellTips(IndexedCell<T> cell, Tooltip shared,
                                    Function<T, String> text) {
        cell.setOnMouseEntered(e -> {
            T item = cell.getItem();
            if (item == null || cell.isEmpty()) {
                cell.setTooltip(null);
            } else {
                shared.setText(text.apply(item));
                if (cell.getTooltip() != shared) {
                    cell.setTooltip(shared);
                }
            }
        });
    }

    /** A table column of text computed from the row, with its header's tooltip (help may be null). */
    public static <T> TableColumn<T, String> textColumn(String title, double width,
            Function<T, String> value, String help) {
        TableColumn<T, String> c = new TableColumn<>();
        Label header = new Label(title);
        if (help != null) {
            header.setTooltip(tip(help));
        }
        c.setGraphic(header);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    /**
     * Keeps a log list scrolled to its end as lines arrive. The scroll waits until the list has taken
     * the new lines in (one pending scroll at most, after a layout of the list alone): done at once,
     * it aimed at the old end and the newest lines stayed below the view.
     */
    public static <T> void followEnd(ListView<T> list) {
        boolean[] pending = {false};
        InvalidationListener follow = o -> {
            if (!pending[0]) {
                pending[0] = true;
                Platform.runLater(() -> {
                    pending[0] = false;
                    scrollToEnd(list);
                });
            }
        };
        list.getItems().addListener(follow);
        list.heightProperty().addListener(follow); // a panel appearing above shrinks the list: keep its end in view
        list.itemsProperty().addListener((o, a, b) -> {
            if (a != null) {
                a.removeListener(follow);
            }
            if (b != null) {
                b.addListener(follow);
            }
            follow.invalidated(o);
        });
    }

    private static void scrollToEnd(ListView<?> list) {
        if (!list.getItems().isEmpty()) {
            list.layout(); // the flow counts the new lines only when laid out; the list alone is cheap
            list.scrollTo(list.getItems().size() - 1); // the last index scrolls to the very end
            list.layout(); // a long line may have brought a horizontal bar that covers the last line: again
            list.scrollTo(list.getItems().size() - 1);
        }
    }

    private static final String COMPOSITION = "strata.composition-field";

    /**
     * Marks a control as an image setting: Ctrl+Z there undoes the image's last change (the text
     * field's own undo would go behind the history's back).
     */
    public static void markComposition(Node control) {
        control.getProperties().put(COMPOSITION, Boolean.TRUE);
    }

    /** True when the node, or a control it is part of (a spinner's editor), is marked as an image setting. */
    public static boolean isCompositionField(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n.getProperties().containsKey(COMPOSITION)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Shows a file chooser and returns the chosen path, or null when none was chosen or no chooser
     * can be shown (a desktop without a file dialog says so in the status line instead of failing).
     */
    public static java.nio.file.Path chooseFile(java.util.function.Supplier<java.io.File> chooser) {
        try {
            java.io.File f = chooser.get();
            return f == null ? null : f.toPath();
        } catch (RuntimeException e) {
            System.err.println("strata: no file dialog could be shown: " + e);
            return null;
        }
    }

    public static Region grow() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        VBox.setVgrow(r, Priority.ALWAYS);
        return r;
    }

    /** A label whose text names a control, for screen readers and mnemonic focus. */
    public static Label labelFor(String text, Node control) {
        Label l = new Label(text);
        l.setLabelFor(control);
        l.setMnemonicParsing(true);
        control.setAccessibleText(text.replace("_", ""));
        return l;
    }
}
