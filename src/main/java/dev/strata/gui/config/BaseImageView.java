package dev.strata.gui.config;

import atlantafx.base.theme.Styles;
import dev.strata.compose.Sizes;
import dev.strata.gui.common.ErrorPanel;
import dev.strata.gui.common.Ui;
import dev.strata.gui.config.BaseImageViewModel.BaseLayer;
import dev.strata.gui.config.BaseImageViewModel.Kept;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The base image section of the Image screen: the reference field with its message line, Read and
 * Cancel with a progress bar while reading, what was read (platform, layers, digest), and the
 * base's runtime settings with what the image does with each. {@link #layersPane} is the list of
 * the base's layers, greyed, that the Layers screen shows under Strata's own.
 */
public final class BaseImageView {
    private final BaseImageViewModel vm;
    private final VBox root;

    public BaseImageView(BaseImageViewModel vm) {
        this.vm = vm;
        Label title = new Label("Base image");
        title.getStyleClass().add(Styles.TITLE_4);
        Label explain = new Label("An image to build on, as docker build's FROM: its layers are kept byte for byte under "
                + "the packages, and its settings below stay unless you set them above. Empty: an image of the packages "
                + "alone.");
        explain.setWrapText(true);
        explain.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        TextField field = new TextField();
        field.setId("base-reference");
        field.setPromptText("oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE, HOST/REPO:TAG, docker-daemon:NAME:TAG");
        field.setTooltip(Ui.tip("Where the base image is: oci:DIR[:TAG] (an OCI layout), oci-archive:FILE, "
                + "docker-archive:FILE, docker://HOST/REPO:TAG or HOST/REPO:TAG (a registry; log in with docker login), "
                + "docker-daemon:NAME:TAG (the local Docker). Press Enter or Read to use it."));
        field.textProperty().bindBidirectional(vm.referenceProperty());
        field.setOnAction(e -> vm.apply());
        field.focusedProperty().addListener((o, a, focused) -> {
            if (!focused && vm.referenceErrorProperty().get().isEmpty()) {
                String t = field.getText() == null ? "" : field.getText().strip();
                String now = vm.workspace().fromProperty().get();
                if (!t.equals(now == null ? "" : now)) {
                    vm.apply();
                }
            }
        });
        Ui.markComposition(field);
        HBox.setHgrow(field, Priority.ALWAYS);
        Button read = Ui.button("Read", Feather.DOWNLOAD_CLOUD, "Use this base image and read its manifest and config "
                + "(a tag is looked up again)");
        read.setId("base-read");
        read.setOnAction(e -> vm.apply());
        Button cancel = Ui.button("Cancel", Feather.X_CIRCLE, "Stop reading the base image");
        cancel.setId("base-cancel");
        cancel.visibleProperty().bind(vm.busyProperty());
        cancel.managedProperty().bind(vm.busyProperty());
        cancel.setOnAction(e -> vm.cancel());
        Button clear = Ui.button("None", Feather.SLASH, "Build without a base image");
        clear.setId("base-clear");
        clear.disableProperty().bind(vm.workspace().fromProperty().isNull());
        clear.setOnAction(e -> vm.clear());
        HBox line = new HBox(8, Ui.labelFor("_Base image", field), field, read, cancel, clear);
        line.setAlignment(Pos.CENTER_LEFT);

        Label message = new Label();
        message.setId("base-reference-message");
        message.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        message.setWrapText(true);
        message.setMinHeight(17);
        message.textProperty().bind(vm.referenceErrorProperty());
        vm.referenceErrorProperty().addListener((o, a, b) -> field.pseudoClassStateChanged(Styles.STATE_DANGER, !b.isEmpty()));

        ProgressBar bar = new ProgressBar();
        bar.setId("base-progress");
        bar.progressProperty().bind(vm.progressProperty());
        bar.setPrefWidth(160);
        Label progressText = Ui.mutedLabel(vm.progressTextProperty());
        HBox progress = new HBox(8, bar, progressText);
        progress.setAlignment(Pos.CENTER_LEFT);
        progress.visibleProperty().bind(vm.busyProperty());
        progress.managedProperty().bind(vm.busyProperty());

        Label description = new Label();
        description.setId("base-description");
        description.textProperty().bind(vm.descriptionProperty());
        description.managedProperty().bind(vm.descriptionProperty().isNotEmpty());
        description.visibleProperty().bind(vm.descriptionProperty().isNotEmpty());
        ErrorPanel readError = new ErrorPanel("base-error", vm.readErrorProperty());
        ErrorPanel platformError = new ErrorPanel("base-platform-error", vm.platformErrorProperty());

        GridPane kept = new GridPane();
        kept.setId("base-kept");
        kept.setHgap(12);
        kept.setVgap(2);
        vm.kept().addListener((javafx.beans.Observable o) -> showKept(kept, vm.kept()));
        kept.managedProperty().bind(Bindings.isNotEmpty(vm.kept()));
        kept.visibleProperty().bind(Bindings.isNotEmpty(vm.kept()));

        root = new VBox(6, title, explain, line, message, progress, readError, platformError, description, kept);
        root.setId("base-section");
        root.setPadding(new Insets(8));
    }

    private static void showKept(GridPane grid, List<Kept> rows) {
        grid.getChildren().clear();
        int r = 0;
        for (Kept k : rows) {
            Label name = new Label(k.setting());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            Label value = new Label(k.value());
            value.setId("base-kept-" + k.setting().toLowerCase(java.util.Locale.ROOT));
            value.setWrapText(true);
            Label fate = new Label(k.fate());
            fate.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            grid.addRow(r++, name, value, fate);
            GridPane.setHgrow(value, Priority.ALWAYS);
        }
    }

    /**
     * The base's layers for the Layers screen: greyed (they are not planned, only kept), bottom
     * first, with their stored sizes, and how the layer budget is spent.
     */
    public static Node layersPane(BaseImageViewModel vm) {
        Label title = new Label();
        title.getStyleClass().add(Styles.TEXT_BOLD);
        title.textProperty().bind(Bindings.createStringBinding(() -> vm.summaryProperty().get() == null ? ""
                : "Base image " + vm.summaryProperty().get().reference() + ": kept as it is, under the layers above",
                vm.summaryProperty()));
        TableView<BaseLayer> table = new TableView<>(vm.layers());
        table.setId("layers-base-table");
        table.getStyleClass().add(Styles.DENSE);
        table.setAccessibleText("Layers of the base image");
        table.setOpacity(0.55); // greyed: fixed by the base, not part of the plan
        table.setFixedCellSize(24);
        table.prefHeightProperty().bind(Bindings.size(vm.layers()).multiply(24).add(40).map(h -> Math.min(h.doubleValue(),
                24 * 5 + 40)));
        table.minHeightProperty().bind(table.prefHeightProperty()); // the plan's table above grows; this one keeps its rows
        var pos = Ui.<BaseLayer>textColumn("Base layer", 90, l -> Integer.toString(l.position()), "Position in the base "
                + "image, bottom first; the image's first layers.");
        var size = Ui.<BaseLayer>textColumn("Size", 100, l -> Sizes.human(l.size()), "Stored (compressed) size, as the "
                + "registry has it; pushed or pulled only where a host lacks it.");
        size.setStyle("-fx-alignment: CENTER-RIGHT;");
        var digest = Ui.<BaseLayer>textColumn("Digest", 480, BaseLayer::digest, "Kept byte for byte: same digest in "
                + "your image.");
        table.getColumns().setAll(List.of(pos, size, digest));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label budget = Ui.mutedLabel(vm.budgetProperty());
        budget.setId("layers-budget");
        budget.setWrapText(true);
        VBox box = new VBox(4, title, table, budget);
        box.setId("layers-base");
        table.managedProperty().bind(Bindings.isNotEmpty(vm.layers()));
        table.visibleProperty().bind(Bindings.isNotEmpty(vm.layers()));
        title.managedProperty().bind(Bindings.isNotEmpty(vm.layers()));
        box.managedProperty().bind(vm.budgetProperty().isNotEmpty().or(Bindings.isNotEmpty(vm.layers())));
        box.visibleProperty().bind(box.managedProperty());
        return box;
    }

    public Node root() {
        return root;
    }
}
