package dev.strata.gui.common;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * An error as every screen shows it: the whole sentence, wrapped (never cut to one line), and,
 * when there is more (the lines the pipeline printed after it, a failing Nix build's last log
 * lines), "Details" that open below it, and a button that copies both. Takes no space while there
 * is no error. The text is an {@link ErrorText}: the first line is the sentence, the rest details.
 */
public final class ErrorPanel extends VBox {
    private final Label sentence = new Label();
    private final TextArea details = new TextArea();
    private final Hyperlink toggle = new Hyperlink("Details");

    /** @param id the id of the sentence's label (the panel is {@code id-panel}, the details {@code id-details}) */
    public ErrorPanel(String id, ObservableStringValue text) {
        StringBinding first = Bindings.createStringBinding(() -> ErrorText.sentence(text.get()), text);
        StringBinding rest = Bindings.createStringBinding(() -> ErrorText.details(text.get()), text);
        sentence.textProperty().bind(first);
        sentence.setWrapText(true);
        sentence.setMaxWidth(Double.MAX_VALUE);
        sentence.setMinHeight(Region.USE_PREF_SIZE); // wrapped lines are never cut off by a crowded screen
        sentence.setId(id);
        sentence.getStyleClass().add("error-text");
        HBox.setHgrow(sentence, Priority.ALWAYS);
        toggle.setId(id + "-toggle");
        toggle.visibleProperty().bind(rest.isNotEmpty());
        toggle.managedProperty().bind(toggle.visibleProperty());
        toggle.setOnAction(e -> setDetailsShown(!details.isVisible()));
        Button copy = Ui.button("", Feather.COPY, "Copy the message and its details");
        copy.setId(id + "-copy");
        copy.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(text.get());
            Clipboard.getSystemClipboard().setContent(c);
        });
        HBox top = new HBox(6, sentence, toggle, copy);
        top.setAlignment(Pos.TOP_LEFT);
        details.setId(id + "-details");
        details.setEditable(false);
        details.setWrapText(false);
        details.setPrefRowCount(8);
        details.getStyleClass().add("mono");
        details.textProperty().bind(rest);
        setDetailsShown(false);
        getChildren().addAll(top, details);
        setSpacing(4);
        setId(id + "-panel");
        getStyleClass().add("error-message");
        setMinHeight(Region.USE_PREF_SIZE);
        visibleProperty().bind(first.isNotEmpty());
        managedProperty().bind(visibleProperty());
        text.addListener((o, a, b) -> setDetailsShown(false));
        setAccessibleText("Error");
    }

    /** Opens or closes the details below the sentence. */
    public void setDetailsShown(boolean shown) {
        details.setVisible(shown);
        details.setManaged(shown);
        toggle.setText(shown ? "Hide details" : "Details");
    }

    public Label sentence() {
        return sentence;
    }

    public TextArea details() {
        return details;
    }
}
