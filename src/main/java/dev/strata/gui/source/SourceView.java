package dev.strata.gui.source;

import atlantafx.base.theme.Styles;
import dev.strata.gui.common.Ui;
import java.io.File;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.kordamp.ikonli.feather.Feather;

/** The source screen's view: binds to {@link SourceViewModel}, nothing more. */
public final class SourceView {
    private final VBox root;
    private final Button apply;

    public SourceView(SourceViewModel vm) {
        ToggleGroup group = new ToggleGroup();
        VBox kinds = new VBox(8);
        for (SourceViewModel.Kind k : SourceViewModel.Kind.values()) {
            RadioButton rb = new RadioButton(k.toString());
            rb.setMnemonicParsing(false);
            rb.setUserData(k);
            rb.setToggleGroup(group);
            rb.setTooltip(Ui.tip(k.help()));
            rb.setId("source-" + k.name().toLowerCase());
            Label help = new Label(k.help());
            help.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            kinds.getChildren().add(new VBox(1, rb, help));
            if (vm.kindProperty().get() == k) {
                rb.setSelected(true);
            }
        }
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.kindProperty().set((SourceViewModel.Kind) b.getUserData());
            }
        });
        vm.kindProperty().addListener((o, a, b) -> group.getToggles().stream()
                .filter(t -> t.getUserData() == b).findFirst().ifPresent(t -> t.setSelected(true)));

        TextField channel = field("channel", "nixos-24.05, a nixpkgs commit, or https://.../nixexprs.tar.xz");
        channel.textProperty().bindBidirectional(vm.channelProperty());
        TextField gitUrl = field("git-url", "https://example.org/packages.git or /path/to/repo");
        gitUrl.textProperty().bindBidirectional(vm.gitUrlProperty());
        TextField gitRef = field("git-ref", "branch, tag or 40-hex commit (empty: default branch)");
        gitRef.textProperty().bindBidirectional(vm.gitRefProperty());
        TextField path = field("path-field", "/home/me/my-packages");
        path.textProperty().bindBidirectional(vm.pathProperty());
        Button browse = Ui.button("Browse\u2026", Feather.FOLDER, "Choose a directory holding default.nix");
        browse.setOnAction(e -> chooseDirectory(browse, "Package set directory", vm.pathProperty()));

        TextField flake = field("flake", "/home/me/my-flake, git+file:///repo?rev=..., github:owner/repo/REV");
        flake.textProperty().bindBidirectional(vm.flakeProperty());
        Button browseFlake = Ui.button("Browse\u2026", Feather.FOLDER, "Choose a directory holding flake.nix");
        browseFlake.setOnAction(e -> chooseDirectory(browseFlake, "Flake directory", vm.flakeProperty()));

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        addRow(form, 0, Ui.labelFor("_Channel", channel), channel, null, SourceViewModel.Kind.CHANNEL, vm);
        addRow(form, 1, Ui.labelFor("Git _URL", gitUrl), gitUrl, null, SourceViewModel.Kind.GIT, vm);
        addRow(form, 2, Ui.labelFor("Git _ref", gitRef), gitRef, null, SourceViewModel.Kind.GIT, vm);
        addRow(form, 3, Ui.labelFor("_Directory", path), path, browse, SourceViewModel.Kind.PATH, vm);
        addRow(form, 4, Ui.labelFor("_Flake", flake), flake, browseFlake, SourceViewModel.Kind.FLAKE, vm);

        Label hint = Ui.mutedLabel(vm.refHintProperty());
        hint.setId("source-hint");
        Label inputError = Ui.errorLabel(vm.inputErrorProperty());

        apply = Ui.button("Use this source", Feather.CHECK, "Evaluate the source and list its packages (Enter)");
        apply.getStyleClass().add(Styles.ACCENT);
        apply.setDefaultButton(true);
        apply.setId("source-apply");
        apply.disableProperty().bind(vm.canApply().not());
        apply.setOnAction(e -> vm.apply());
        Button cancel = Ui.button("Cancel", Feather.X, "Stop evaluating the source");
        cancel.visibleProperty().bind(vm.busyProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> vm.cancel());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(20, 20);
        spinner.visibleProperty().bind(vm.busyProperty());
        Label progress = Ui.mutedLabel(vm.progressProperty());
        HBox actions = new HBox(10, apply, cancel, spinner, progress);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label result = Ui.successLabel(vm.resultProperty());
        result.setId("source-result");
        Label error = Ui.errorLabel(vm.errorProperty());
        error.setId("source-error");

        root = new VBox(14, Ui.header("Package source", "Where the packages come from. The source is evaluated "
                + "when you use it, so a mistake shows here and not in the middle of a build."),
                kinds, form, hint, inputError, actions, result, error);
        root.setPadding(new Insets(20));
        root.setMaxWidth(820);
    }

    private static void chooseDirectory(Button owner, String title, javafx.beans.property.StringProperty target) {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(title);
        File current = new File(target.get());
        if (current.isDirectory()) {
            dc.setInitialDirectory(current);
        }
        File chosen = dc.showDialog(owner.getScene().getWindow());
        if (chosen != null) {
            target.set(chosen.getAbsolutePath());
        }
    }

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId("source-" + id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(40);
        GridPane.setHgrow(f, Priority.ALWAYS);
        return f;
    }

    private static void addRow(GridPane form, int row, Label label, TextField field, Node extra,
                               SourceViewModel.Kind kind, SourceViewModel vm) {
        form.add(label, 0, row);
        form.add(field, 1, row);
        if (extra != null) {
            form.add(extra, 2, row);
        }
        for (Node n : extra == null ? new Node[] {label, field} : new Node[] {label, field, extra}) {
            n.visibleProperty().bind(vm.kindProperty().isEqualTo(kind));
            n.managedProperty().bind(n.visibleProperty());
        }
    }

    public Node root() {
        return root;
    }

    public Button applyButton() {
        return apply;
    }
}
