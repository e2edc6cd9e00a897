package dev.strata.gui.inspect;

import dev.strata.gui.common.Pipeline;
import javafx.beans.value.ObservableValue;
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
 *
 * <p>Its colours are the application's: the Primer stylesheet the main window sets is the whole
 * application's, and the window's root carries the main window's {@code dark} mark, following the
 * theme switch and the desktop's setting while it is open and whenever it is shown again.
 */
public final class InspectWindow {
    /** The shortcut that opens it, as the main window and the shortcut list name it. */
    public static final KeyCombination SHORTCUT = new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);

    private final InspectViewModel vm;
    private final InspectView view;
    private final Stage stage = new Stage();
    private final Window owner;
    private final ObservableValue<Boolean> dark;

    /** A window that takes the owner's colours when it is shown (without a theme to follow). */
    public InspectWindow(Window owner, Pipeline pipeline) {
        this(owner, pipeline, null);
    }

    /**
     * @param dark whether the application is dark now (the main window's theme, or the desktop's
     *     when following it); null to take the owner's colours when shown
     */
    public InspectWindow(Window owner, Pipeline pipeline, ObservableValue<Boolean> dark) {
        this.owner = owner;
        this.dark = dark;
        vm = new InspectViewModel(pipeline);
        view = new InspectView(vm);
        Scene scene = new Scene(view.root(), 1100, 720);
        var css = InspectWindow.class.getResource("/dev/strata/gui/strata.css");
        if (css != null) {
            scene.getStylesheets().add(css.toExternalForm());
        }
        if (dark != null) {
            dark.addListener((o, a, b) -> applyTheme(Boolean.TRUE.equals(b)));
        }
        applyTheme(isDark());
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
        applyTheme(isDark());
        stage.show();
        stage.toFront();
        view.reference().requestFocus();
    }

    private boolean isDark() {
        if (dark != null) {
            return Boolean.TRUE.equals(dark.getValue());
        }
        return owner != null && owner.getScene() != null && owner.getScene().getRoot().getStyleClass().contains("dark");
    }

    private void applyTheme(boolean on) {
        view.root().getStyleClass().remove("dark");
        if (on) {
            view.root().getStyleClass().add("dark");
        }
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
