package dev.strata.gui.app;

import java.util.Map;
import java.util.function.Consumer;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/**
 * The question before work on screen is replaced or closed: Save, Discard or Cancel. Asked without
 * blocking (the answer is a callback), so the window keeps painting while it waits.
 */
final class UnsavedChanges {
    /** The answers, in the order the buttons show them. */
    enum Answer { SAVE, DISCARD, CANCEL }

    static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.YES);
    static final ButtonType DISCARD = new ButtonType("Discard", ButtonBar.ButtonData.NO);
    static final ButtonType CANCEL = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);

    private UnsavedChanges() {}

    /**
     * @param name the recipe's file name, or "Untitled"
     * @param what what would happen to it: "opening another recipe", "closing the window"
     */
    static void ask(Window owner, String name, String what, Consumer<Answer> then) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", SAVE, DISCARD, CANCEL);
        alert.setTitle("Unsaved changes");
        alert.setHeaderText("Save the changes to " + name + " before " + what + "?");
        alert.setContentText("Discard loses them; Cancel goes back to the image.");
        alert.getDialogPane().setId("unsaved-changes");
        if (owner != null) {
            alert.initOwner(owner);
        }
        Map<ButtonType, Answer> answers = Map.of(SAVE, Answer.SAVE, DISCARD, Answer.DISCARD, CANCEL, Answer.CANCEL);
        alert.setOnHidden(e -> then.accept(answers.getOrDefault(alert.getResult(), Answer.CANCEL)));
        alert.show();
    }
}
