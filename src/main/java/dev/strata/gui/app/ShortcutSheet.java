package dev.strata.gui.app;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.stage.Window;

/** The keyboard shortcuts, listed (F1). The same list is in docs/gui.md. */
final class ShortcutSheet {
    /** One shortcut and what it does. */
    record Shortcut(String keys, String action) {}

    static final List<Shortcut> ALL = List.of(
            new Shortcut("Ctrl+N", "New image (asks about unsaved changes)"),
            new Shortcut("Ctrl+O", "Open a recipe"),
            new Shortcut("Ctrl+S", "Save the recipe"),
            new Shortcut("Ctrl+Shift+O", "Open an image to look inside (any image, nothing composed)"),
            new Shortcut("Ctrl+Z", "Undo the last change to the image"),
            new Shortcut("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
            new Shortcut("Ctrl+F", "Search packages"),
            new Shortcut("Enter (in the search box)", "Add the top result to the image"),
            new Shortcut("Enter (in the results)", "Add the selected results"),
            new Shortcut("Delete", "Remove the selected package or added file, or unpin the selected pin"),
            new Shortcut("Ctrl+R", "Show the closure (build the packages with Nix)"),
            new Shortcut("Ctrl+B", "Build and send the image"),
            new Shortcut("Alt+1 \u2026 Alt+6", "Go to a screen: Source, Search, Closure, Layers, Image, Build"),
            new Shortcut("F1", "This list"));

    private ShortcutSheet() {}

    static void show(Window owner) {
        GridPane grid = new GridPane();
        grid.setId("shortcut-sheet");
        grid.setHgap(24);
        grid.setVgap(6);
        grid.setPadding(new Insets(8));
        int row = 0;
        for (Shortcut s : ALL) {
            Label keys = new Label(s.keys());
            keys.getStyleClass().add(Styles.TEXT_BOLD);
            Label action = new Label(s.action());
            // Whole, never "Enter (in the s..." (an alert is about 600 px wide by default).
            keys.setMinWidth(Region.USE_PREF_SIZE);
            action.setMinWidth(Region.USE_PREF_SIZE);
            grid.addRow(row++, keys, action);
        }
        Alert alert = new Alert(Alert.AlertType.INFORMATION, "", ButtonType.CLOSE);
        alert.setTitle("Keyboard shortcuts");
        alert.setHeaderText("Keyboard shortcuts");
        alert.getDialogPane().setContent(grid);
        alert.getDialogPane().setMinWidth(Region.USE_PREF_SIZE);
        if (owner != null) {
            alert.initOwner(owner);
        }
        alert.show();
    }
}
