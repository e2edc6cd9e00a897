package dev.strata.gui.inspect;

import dev.strata.gui.common.Pipeline;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The "Open image…" window (Ctrl+Shift+O from the main window): one per main window, opened
 * again in front when asked twice. It reads images only; the image being composed is untouched,
 * so closing it loses nothing (a read under way is cancelled).
 */
public final class InspectWindow {
    /** The shortcut that opens it, as the main window and the shortcut list name it. */
    public static final KeyCombination SHORTCUT = new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);

    private final InspectViewModel vm;
    private final InspectView view;
    private final Stage stage = new Stage();

    public InspectWindow(Window owner, Pipeline pipeline) {
        vm = new InspectViewModel(pipeline);
        view = new InspectView(vm);
        Scene scene = new Scene(view.root(), 1100, 720);
        var css = InspectWindow.class.getResource("/dev/strata/gui/strata.css");
        if (css != null) {
            scene.getStylesheets().add(css.toExternalForm());
        }
        if (owner != null && owner.getScene() != null && owner.getScene().getRoot().getStyleClass().contains("dark")) {
            view.root().getStyleClass().add("dark");
        }
        stage.setScene(scene);
        stage.setTitle("Inspect an image \u2014 Strata");
        if (owner != null) {
            stage.initOwner(owner);
        }
        stage.setOnHidden(e -> {
            vm.cancel();
            vm.cancelCompare();
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), stage::hide);
    }

    /** Shows the window in front with the reference field focused. */
    public void show() {
        stage.show();
        stage.toFront();
        view.reference().requestFocus();
    }

    public InspectViewModel viewModel() {
        return vm;
    }

    public InspectView view() {
        return view;
    }

    public Stage stage() {
        return stage;
    }
}
