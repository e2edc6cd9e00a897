package dev.strata.gui.config;

import atlantafx.base.theme.Styles;
import dev.strata.gui.common.Ui;
import dev.strata.gui.config.ConfigViewModel.Created;
import dev.strata.gui.config.ConfigViewModel.Field;
import java.util.List;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The image settings screen's view: one labelled field per setting, each with the line under it
 * where its own message appears (a red border marks the field). The line is there whether or not
 * there is a message, so a message appearing while typing never moves the fields below it.
 */
public final class ConfigView {
    /** The height kept under every field for its message: one line of small text. */
    static final double MESSAGE_HEIGHT = 17;

    private final ScrollPane root;
    private final ConfigViewModel vm;
    private final VBox box;

    public ConfigView(ConfigViewModel vm) {
        this.vm = vm;
        GridPane form = new GridPane();
        form.setHgap(12);
        form.setVgap(2);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(140);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().setAll(labels, fields);
        int row = 0;
        row = add(form, row, "Image _name", field("config-tag", Field.TAG, "hello:1.0"), Field.TAG,
                "NAME:TAG the image is saved under, e.g. hello:1.0; lower case. With a registry host it can be pushed, "
                        + "e.g. registry.local:5000/team/hello:1.0. Empty: untagged (loaded as strata/PACKAGE:latest).", null);
        row = add(form, row, "_Entrypoint", field("config-entrypoint", Field.ENTRYPOINT, "/bin/hello"), Field.ENTRYPOINT,
                "The program the container runs. Quote arguments with spaces: sh -c 'echo hi'.",
                vm.entrypointWarningProperty());
        row = add(form, row, "_Command", field("config-cmd", Field.CMD, "--greeting=hi"), Field.CMD,
                "Default arguments for the entrypoint (or the program, when there is no entrypoint).", null);
        row = add(form, row, "En_vironment", area("config-env", Field.ENV, "One KEY=VALUE per line, e.g. LANG=C.UTF-8"),
                Field.ENV, "One KEY=VALUE per line. PATH=/bin is added unless you set PATH.", null);
        row = add(form, row, "_Working directory", field("config-workdir", Field.WORKDIR, "/"), Field.WORKDIR,
                "An absolute path inside the image.", null);
        row = add(form, row, "_User", field("config-user", Field.USER, "1000:1000"), Field.USER,
                "NAME, UID, NAME:GROUP or UID:GID. Empty runs as root.", null);
        row = add(form, row, "_Ports", field("config-ports", Field.PORTS, "8080, 53/udp"), Field.PORTS,
                "Exposed ports, separated by commas: 8080 (tcp), 53/udp.", null);
        add(form, row, "_Labels", area("config-labels", Field.LABELS, "One KEY=VALUE per line, e.g. "
                + "org.opencontainers.image.title=hello"), Field.LABELS,
                "One KEY=VALUE per line, e.g. org.opencontainers.image.source=...", null);

        Label formatTitle = new Label("How the image is written");
        formatTitle.getStyleClass().add(Styles.TITLE_4);
        box = new VBox(12, Ui.header("Image settings", "What the image is called and how a container runs "
                + "it. Checked as you type; the build uses the last valid settings."), form, formatTitle, formatForm());
        box.setPadding(new Insets(20));
        box.setMaxWidth(860);
        root = new ScrollPane(box);
        root.setFitToWidth(true);
        root.setId("config-scroll");
    }

    /** Compression, manifest format and creation date, each explained. */
    private Node formatForm() {
        ChoiceBox<String> compression = new ChoiceBox<>(FXCollections.observableArrayList("gzip", "zstd", "none"));
        compression.setId("config-compression");
        compression.valueProperty().bindBidirectional(vm.compressionProperty());
        compression.setConverter(labels(List.of("gzip", "gzip (works everywhere)", "zstd", "zstd (smaller, faster; OCI only)",
                "none", "none (plain tars)")));
        compression.setAccessibleText("Compression");
        ChoiceBox<String> manifest = new ChoiceBox<>(FXCollections.observableArrayList("oci", "docker"));
        manifest.setId("config-manifest");
        manifest.valueProperty().bindBidirectional(vm.manifestFormatProperty());
        manifest.setConverter(labels(List.of("oci", "OCI", "docker", "Docker v2 schema 2")));
        manifest.setAccessibleText("Manifest format");
        ToggleGroup createdGroup = new ToggleGroup();
        RadioButton epoch = new RadioButton(Created.EPOCH.toString());
        epoch.setId("config-created-epoch");
        epoch.setUserData(Created.EPOCH);
        RadioButton now = new RadioButton(Created.NOW.toString());
        now.setId("config-created-now");
        now.setUserData(Created.NOW);
        for (RadioButton b : List.of(epoch, now)) {
            b.setToggleGroup(createdGroup);
            b.setSelected(vm.createdProperty().get() == b.getUserData());
        }
        createdGroup.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.createdProperty().set((Created) b.getUserData());
            }
        });
        vm.createdProperty().addListener((o, a, b) -> (b == Created.NOW ? now : epoch).setSelected(true));

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(140);
        grid.getColumnConstraints().setAll(c0);
        grid.addRow(0, Ui.labelFor("Co_mpression", compression), compression);
        grid.addRow(1, Ui.labelFor("Manifest _format", manifest), manifest);
        Label formatError = Ui.errorLabel(vm.formatErrorProperty());
        formatError.setId("config-format-error");
        grid.add(formatError, 1, 2);
        Label createdLabel = new Label("Creation date");
        grid.add(createdLabel, 0, 3);
        grid.add(new HBox(16, epoch, now), 1, 3);
        Label explain = new Label("The date in the image is 1 January 1970 unless you choose otherwise, on purpose: with "
                + "it, the same recipe gives the same image, byte for byte and digest for digest, on any machine and "
                + "any day, so a registry, a cache and a reviewer can tell nothing changed. Docker shows such images as "
                + "created decades ago. The time of the build gives a date that reads right, and an image that differs "
                + "at every build.");
        explain.setWrapText(true);
        explain.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        explain.setMinHeight(Region.USE_PREF_SIZE);
        grid.add(explain, 1, 4);
        Label formats = new Label("Docker 20.10 and older load only gzip or plain layers with Docker manifests from a "
                + "docker-archive; registries, podman, containerd and skopeo take all of these.");
        formats.setWrapText(true);
        formats.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        formats.setMinHeight(Region.USE_PREF_SIZE);
        grid.add(formats, 1, 5);
        GridPane.setHgrow(explain, Priority.ALWAYS);
        return grid;
    }

    private static StringConverter<String> labels(List<String> pairs) {
        return new StringConverter<>() {
            @Override
            public String toString(String value) {
                int i = pairs.indexOf(value);
                return i >= 0 && i % 2 == 0 ? pairs.get(i + 1) : value;
            }

            @Override
            public String fromString(String label) {
                int i = pairs.indexOf(label);
                return i > 0 && i % 2 == 1 ? pairs.get(i - 1) : label;
            }
        };
    }

    /**
     * A row: the label, the field and under it the message line (the field's error, else a warning
     * about it such as an entrypoint missing from the image), which is always there.
     */
    private int add(GridPane form, int row, String label, TextInputControl field, Field f, String help,
                    ObservableStringValue warning) {
        Label l = Ui.labelFor(label, field);
        l.setTooltip(Ui.tip(help));
        field.setTooltip(Ui.tip(help));
        Label message = new Label();
        message.setId(field.getId() + "-message");
        message.getStyleClass().add(Styles.TEXT_SMALL);
        message.setWrapText(true);
        message.setMinHeight(MESSAGE_HEIGHT);
        message.setMaxWidth(Double.MAX_VALUE);
        Runnable show = () -> {
            String error = vm.errorProperty(f).get();
            String warn = warning == null ? "" : warning.get();
            message.setText(!error.isEmpty() ? error : warn);
            message.getStyleClass().removeAll(Styles.DANGER, Styles.WARNING);
            message.getStyleClass().add(!error.isEmpty() ? Styles.DANGER : Styles.WARNING);
            field.pseudoClassStateChanged(Styles.STATE_DANGER, !error.isEmpty());
            field.pseudoClassStateChanged(Styles.STATE_WARNING, error.isEmpty() && !warn.isEmpty());
        };
        vm.errorProperty(f).addListener((o, a, b) -> show.run());
        if (warning != null) {
            warning.addListener((o, a, b) -> show.run());
        }
        show.run();
        VBox cell = new VBox(2, field, message);
        GridPane.setValignment(l, javafx.geometry.VPos.TOP);
        l.setPadding(new Insets(6, 0, 0, 0));
        form.add(l, 0, row);
        form.add(cell, 1, row);
        return row + 1;
    }

    private TextField field(String id, Field f, String prompt) {
        TextField t = new TextField();
        t.setId(id);
        t.setPromptText(prompt);
        bind(t, f);
        return t;
    }

    private TextArea area(String id, Field f, String prompt) {
        TextArea a = new TextArea();
        a.setId(id);
        a.setPromptText(prompt);
        a.setPrefRowCount(3);
        bind(a, f);
        return a;
    }

    /** Binds a field to its setting; typing in it is one step of undo, and Ctrl+Z there undoes the image. */
    private void bind(TextInputControl t, Field f) {
        StringProperty p = vm.textProperty(f);
        t.textProperty().bindBidirectional(p);
        Ui.markComposition(t);
        t.focusedProperty().addListener((o, a, focused) -> vm.typingIn(focused ? f : null));
    }

    /** Adds a section under the settings (the base image, the added files: their own packages). */
    public void addSection(Node section) {
        box.getChildren().add(section);
    }

    public Node root() {
        return root;
    }
}
