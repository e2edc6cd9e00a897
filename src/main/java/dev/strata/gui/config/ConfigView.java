package dev.strata.gui.config;

import dev.strata.gui.common.Ui;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The image settings screen's view: one labelled field per setting, errors under the form. */
public final class ConfigView {
    private final ScrollPane root;

    public ConfigView(ConfigViewModel vm) {
        GridPane form = new GridPane();
        form.setHgap(12);
        form.setVgap(10);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(130);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().setAll(labels, fields);
        TextField tag = field("config-tag", vm.tagProperty(), "hello:latest");
        int row = 0;
        row = add(form, row, "Image _name", tag, "NAME:TAG the image is saved under, e.g. hello:1.0; lower case. "
                + "With a registry host it can be pushed, e.g. registry.local:5000/team/hello:1.0.");
        Label tagError = Ui.errorLabel(vm.tagErrorProperty());
        tagError.setId("config-tag-error");
        form.getChildren().remove(tag);
        form.add(new VBox(4, tag, tagError), 1, row - 1);
        row = add(form, row, "_Entrypoint", field("config-entrypoint", vm.entrypointProperty(), "/bin/hello"),
                "The program the container runs. Quote arguments with spaces: sh -c 'echo hi'.");
        row = add(form, row, "_Command", field("config-cmd", vm.cmdProperty(), "--greeting=hi"),
                "Default arguments for the entrypoint (or the program, when there is no entrypoint).");
        TextArea env = area("config-env", vm.envProperty(), "LANG=C.UTF-8\nTZ=UTC");
        row = add(form, row, "En_vironment", env, "One KEY=VALUE per line. PATH=/bin is added unless you set PATH.");
        row = add(form, row, "_Working directory", field("config-workdir", vm.workingDirProperty(), "/"),
                "An absolute path inside the image.");
        row = add(form, row, "_User", field("config-user", vm.userProperty(), "1000:1000"),
                "NAME, UID, NAME:GROUP or UID:GID. Empty runs as root.");
        row = add(form, row, "_Ports", field("config-ports", vm.portsProperty(), "8080, 53/udp"),
                "Exposed ports, separated by commas: 8080 (tcp), 53/udp.");
        TextArea labelsArea = area("config-labels", vm.labelsProperty(), "org.opencontainers.image.title=hello");
        add(form, row, "_Labels", labelsArea, "One KEY=VALUE per line, e.g. org.opencontainers.image.source=...");

        Label error = Ui.errorLabel(vm.errorProperty());
        error.setId("config-error");
        VBox box = new VBox(12, Ui.header("Image settings", "What the image is called and how a container runs "
                + "it. Checked as you type; the build uses the last valid settings."), form, error);
        box.setPadding(new Insets(20));
        box.setMaxWidth(820);
        root = new ScrollPane(box);
        root.setFitToWidth(true);
    }

    private static int add(GridPane form, int row, String label, TextInputControl field, String help) {
        Label l = Ui.labelFor(label, field);
        l.setTooltip(Ui.tip(help));
        field.setTooltip(Ui.tip(help));
        form.add(l, 0, row);
        form.add(field, 1, row);
        return row + 1;
    }

    private static TextField field(String id, StringProperty p, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.textProperty().bindBidirectional(p);
        return f;
    }

    private static TextArea area(String id, StringProperty p, String prompt) {
        TextArea a = new TextArea();
        a.setId(id);
        a.setPromptText(prompt);
        a.setPrefRowCount(3);
        a.textProperty().bindBidirectional(p);
        return a;
    }

    public Node root() {
        return root;
    }
}
