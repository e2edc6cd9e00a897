package dev.strata.gui.app;

import atlantafx.base.theme.Styles;
import dev.strata.gui.build.BuildView;
import dev.strata.gui.build.BuildViewModel;
import dev.strata.gui.closure.ClosureView;
import dev.strata.gui.closure.ClosureViewModel;
import dev.strata.gui.common.CpuShare;
import dev.strata.gui.common.Debouncer;
import dev.strata.gui.common.Ui;
import dev.strata.gui.common.WarmUp;
import dev.strata.gui.common.Workspace;
import dev.strata.gui.config.ConfigView;
import dev.strata.gui.config.ConfigViewModel;
import dev.strata.gui.layers.LayersView;
import dev.strata.gui.layers.LayersViewModel;
import dev.strata.gui.search.SearchView;
import dev.strata.gui.search.SearchViewModel;
import dev.strata.gui.source.SourceView;
import dev.strata.gui.source.SourceViewModel;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The one main window: a navigation column with the six screens in the order of the work
 * (source, search, closure, layers, image, build), a toolbar for recipes, and a status line.
 * Shortcuts: Ctrl+F search, Ctrl+R show closure, Ctrl+B build, Ctrl+S save, Ctrl+O open.
 */
public final class MainWindow {
    /** The screens, in the order of the work. */
    public enum Screen {
        SOURCE("Source", Feather.DATABASE), SEARCH("Search", Feather.SEARCH), CLOSURE("Closure", Feather.SHARE_2),
        LAYERS("Layers", Feather.LAYERS), CONFIG("Image", Feather.SLIDERS), BUILD("Build", Feather.PACKAGE);

        final String title;
        final Feather icon;

        Screen(String title, Feather icon) {
            this.title = title;
            this.icon = icon;
        }
    }

    private final AppViewModel app;
    private final Workspace workspace;
    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();
    private final Map<Screen, Node> screens = new EnumMap<>(Screen.class);
    private final Map<Screen, ToggleButton> nav = new EnumMap<>(Screen.class);
    private final SourceViewModel sourceVm;
    private final SearchViewModel searchVm;
    private final ClosureViewModel closureVm;
    private final LayersViewModel layersVm;
    private final ConfigViewModel configVm;
    private final BuildViewModel buildVm;
    private final SourceView sourceView;
    private final SearchView searchView;
    private final ClosureView closureView;
    private final LayersView layersView;
    private final ConfigView configView;
    private final BuildView buildView;
    private Stage stage;

    public MainWindow(AppViewModel app) {
        this.app = app;
        this.workspace = app.workspace();
        sourceVm = new SourceViewModel(workspace);
        searchVm = new SearchViewModel(workspace);
        closureVm = new ClosureViewModel(workspace);
        layersVm = new LayersViewModel(workspace);
        configVm = new ConfigViewModel(workspace);
        buildVm = new BuildViewModel(workspace);
        sourceView = new SourceView(sourceVm);
        searchView = new SearchView(searchVm, this::showClosure);
        closureView = new ClosureView(closureVm);
        layersView = new LayersView(layersVm);
        configView = new ConfigView(configVm);
        buildView = new BuildView(buildVm);
        screens.put(Screen.SOURCE, sourceView.root());
        screens.put(Screen.SEARCH, searchView.root());
        screens.put(Screen.CLOSURE, closureView.root());
        screens.put(Screen.LAYERS, layersView.root());
        screens.put(Screen.CONFIG, configView.root());
        screens.put(Screen.BUILD, buildView.root());

        root.setTop(toolbar());
        root.setLeft(navigation());
        root.setCenter(content);
        content.setAlignment(Pos.TOP_LEFT);
        root.setBottom(statusBar());
        root.getStyleClass().add("strata-main");
        show(Screen.SOURCE);
        // After a source is applied, go on to searching; after a closure, the user looks at it.
        workspace.indexProperty().addListener((o, a, b) -> {
            if (b != null && current == Screen.SOURCE) {
                show(Screen.SEARCH);
                searchView.focusSearch();
            }
        });
    }

    private Screen current;

    public void show(Screen s) {
        current = s;
        content.getChildren().setAll(screens.get(s));
        nav.get(s).setSelected(true);
    }

    public Screen current() {
        return current;
    }

    private void showClosure() {
        show(Screen.CLOSURE);
        if (workspace.realisationProperty().get() == null && !closureVm.busyProperty().get()) {
            closureVm.realise();
        }
    }

    private Node navigation() {
        ToggleGroup group = new ToggleGroup();
        VBox box = new VBox(4);
        box.setPadding(new Insets(12, 8, 12, 8));
        box.getStyleClass().add("nav");
        int i = 1;
        for (Screen s : Screen.values()) {
            ToggleButton b = new ToggleButton(i++ + "  " + s.title, new FontIcon(s.icon));
            b.setToggleGroup(group);
            b.setId("nav-" + s.name().toLowerCase());
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
            b.getStyleClass().add(Styles.FLAT);
            b.setAccessibleText(s.title + " screen");
            b.setOnAction(e -> show(s));
            nav.put(s, b);
            box.getChildren().add(b);
        }
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null && a != null) {
                a.setSelected(true); // one screen is always shown
            }
        });
        box.setPrefWidth(150);
        return box;
    }

    private Node toolbar() {
        Label brand = new Label("Strata");
        brand.getStyleClass().addAll(Styles.TITLE_4, "brand");
        try {
            var icon = new ImageView(new Image(
                    MainWindow.class.getResourceAsStream("/dev/strata/gui/icons/strata-32.png")));
            icon.setFitWidth(24);
            icon.setFitHeight(24);
            brand.setGraphic(icon);
        } catch (RuntimeException e) {
            // no icon in this build: the name alone will do
        }
        Button open = Ui.button("Open", Feather.FOLDER, "Open a recipe (Ctrl+O)");
        open.setOnAction(e -> openDialog());
        Button save = Ui.button("Save", Feather.SAVE, "Save the recipe (Ctrl+S)");
        save.setId("recipe-save");
        save.setOnAction(e -> save());
        MenuButton recent = new MenuButton("Recent", new FontIcon(Feather.CLOCK));
        recent.setTooltip(Ui.tip("Recently opened or saved recipes"));
        Runnable fillRecent = () -> {
            recent.getItems().clear();
            for (Path p : app.recent()) {
                MenuItem item = new MenuItem(p.getFileName() + "  \u2014  " + p.getParent());
                item.setOnAction(e -> open(p));
                recent.getItems().add(item);
            }
            recent.setDisable(recent.getItems().isEmpty());
        };
        app.recent().addListener((Observable o) -> fillRecent.run());
        fillRecent.run();
        Button build = Ui.button("Build", Feather.PLAY, "Build and save the image (Ctrl+B)");
        build.getStyleClass().add(Styles.ACCENT);
        build.setOnAction(e -> build());
        Label source = new Label();
        source.textProperty().bind(Bindings.createStringBinding(() -> {
            var s = workspace.sourceProperty().get();
            return s == null ? "No source in use" : "Source: " + s.description();
        }, workspace.sourceProperty()));
        source.getStyleClass().add(Styles.TEXT_MUTED);
        HBox bar = new HBox(8, brand, new Separator(Orientation.VERTICAL), open, save, recent,
                new Separator(Orientation.VERTICAL), build, Ui.grow(), source);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 12, 6, 12));
        bar.getStyleClass().add("top-bar");
        return bar;
    }

    private Node statusBar() {
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(workspace.statusProperty());
        Label error = Ui.errorLabel(app.errorProperty());
        error.setId("app-error");
        HBox bar = new HBox(12, status, Ui.grow(), error);
        bar.setPadding(new Insets(4, 12, 4, 12));
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    /** Opens a recipe and applies its source, as a user would expect. */
    public void open(Path file) {
        if (app.open(file)) {
            sourceVm.showSpec(workspace.sourceSpecProperty().get());
            configVm.load();
            sourceVm.apply();
            show(Screen.SEARCH);
        }
    }

    private void openDialog() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a Strata recipe");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Strata recipes", "*.json"));
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            open(f.toPath());
        }
    }

    /** Saves to the recipe's file, asking for one the first time. */
    public void save() {
        if (workspace.recipeFileProperty().get() != null) {
            app.save();
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the recipe");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Strata recipes", "*.json"));
        fc.setInitialFileName((workspace.packages().isEmpty() ? "image" : workspace.packages().get(0)) + ".json");
        File f = fc.showSaveDialog(stage);
        if (f != null) {
            app.saveAs(f.toPath());
        }
    }

    private void build() {
        show(Screen.BUILD);
        if (buildVm.destinationProperty().get().isSaved() && buildVm.outputProperty().get().isBlank()) {
            buildView.buildButton().fire();
        } else {
            buildVm.build();
        }
    }

    /** Sets up the stage: scene, title, icons, shortcuts, remembered size. */
    public Scene install(Stage stage) {
        this.stage = stage;
        Thread favour = new Thread(CpuShare::lowerCompilerThreads, "strata-cpu-share");
        favour.setDaemon(true);
        favour.start();
        Scene scene = new Scene(root, app.settings().width(), app.settings().height());
        scene.getStylesheets().add(MainWindow.class.getResource("/dev/strata/gui/strata.css").toExternalForm());
        stage.setScene(scene);
        // Style and lay out every screen once now, with sample rows in its lists and tables, so the
        // first visit to a screen and the first real rows (often a whole closure arriving while a build
        // runs) do not stall the FX thread with first-time class loading, CSS and layout (WarmUp).
        Screen shown = current;
        Map<Screen, WarmUp> warmUps = Map.of(Screen.SEARCH, searchView::warmUp,
                Screen.CLOSURE, closureView::warmUp, Screen.LAYERS, layersView::warmUp, Screen.BUILD, buildView::warmUp);
        for (Screen s : Screen.values()) {
            show(s);
            Runnable restore = warmUps.containsKey(s) ? warmUps.get(s).fill() : () -> { };
            root.applyCss();
            root.layout();
            restore.run();
            root.applyCss();
            root.layout();
        }
        show(shown);
        stage.titleProperty().bind(app.title());
        stage.setMaximized(app.settings().maximized());
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
            var in = MainWindow.class.getResourceAsStream("/dev/strata/gui/icons/strata-" + size + ".png");
            if (in != null) {
                stage.getIcons().add(new Image(in));
            }
        }
        var acc = scene.getAccelerators();
        acc.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
            show(Screen.SEARCH);
            searchView.focusSearch();
        });
        acc.put(new KeyCodeCombination(KeyCode.B, KeyCombination.SHORTCUT_DOWN), this::build);
        acc.put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), this::save);
        acc.put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::openDialog);
        acc.put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), this::showClosure);
        for (Screen s : Screen.values()) {
            acc.put(new KeyCodeCombination(KeyCode.valueOf("DIGIT" + (s.ordinal() + 1)), KeyCombination.ALT_DOWN),
                    () -> show(s));
        }
        // Remember the size as it changes (a window closed by a signal has no chance to say it).
        Debouncer sizeSaver = new Debouncer(Duration.ofMillis(800));
        InvalidationListener remember = o -> sizeSaver.trigger(() ->
                app.rememberWindow(stage.getWidth(), stage.getHeight(), stage.isMaximized()));
        stage.widthProperty().addListener(remember);
        stage.heightProperty().addListener(remember);
        stage.maximizedProperty().addListener(remember);
        stage.setOnShown(e -> sourceView.applyButton().requestFocus());
        stage.setOnHidden(e -> {
            app.rememberWindow(stage.getWidth(), stage.getHeight(), stage.isMaximized());
            closureVm.cancel();
            buildVm.cancel();
            workspace.realisationProperty().set(null);
        });
        return scene;
    }

    public Parent root() {
        return root;
    }

    public SourceViewModel sourceViewModel() {
        return sourceVm;
    }

    public SearchViewModel searchViewModel() {
        return searchVm;
    }

    public ClosureViewModel closureViewModel() {
        return closureVm;
    }

    public LayersViewModel layersViewModel() {
        return layersVm;
    }

    public ConfigViewModel configViewModel() {
        return configVm;
    }

    public BuildViewModel buildViewModel() {
        return buildVm;
    }

    public LayersView layersView() {
        return layersView;
    }

    public SearchView searchView() {
        return searchView;
    }
}
