package dev.strata.gui.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import dev.strata.gui.build.BuildView;
import dev.strata.gui.build.BuildViewModel;
import dev.strata.gui.closure.ClosureView;
import dev.strata.gui.closure.ClosureViewModel;
import dev.strata.gui.closure.GraphView;
import dev.strata.gui.common.CpuShare;
import dev.strata.gui.common.Debouncer;
import dev.strata.gui.common.ErrorPanel;
import dev.strata.gui.common.FxTrace;
import dev.strata.gui.common.Ui;
import dev.strata.gui.common.WarmUp;
import dev.strata.gui.common.Workspace;
import dev.strata.gui.config.BaseImageView;
import dev.strata.gui.config.BaseImageViewModel;
import dev.strata.gui.config.ConfigView;
import dev.strata.gui.config.ConfigViewModel;
import dev.strata.gui.files.FilesView;
import dev.strata.gui.files.FilesViewModel;
import dev.strata.gui.inspect.InspectWindow;
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
import java.util.List;
import java.util.Map;
import javafx.application.Application;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The one main window: a navigation column with the six screens in the order of the work
 * (source, search, closure, layers, image, build), a toolbar for recipes and undo, and a status
 * line. Work on screen is never lost without asking: opening, a new image and closing the window ask
 * Save / Discard / Cancel when the image differs from its recipe file. Shortcuts: F1 lists them.
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
    private final BaseImageViewModel baseVm;
    private final FilesViewModel filesVm;
    private final FilesView filesView;
    private Stage stage;
    private Screen current;

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
        // Issue 13 in the window: the base image and the added files on the Image screen, the base's layers on the Layers screen.
        baseVm = new BaseImageViewModel(workspace);
        filesVm = new FilesViewModel(workspace);
        filesView = new FilesView(filesVm);
        configView.addSection(new BaseImageView(baseVm).root());
        configView.addSection(filesView.root());
        layersView.addBelowPlan(BaseImageView.layersPane(baseVm));
        screens.put(Screen.SOURCE, sourceView.root());
        screens.put(Screen.SEARCH, searchView.root());
        screens.put(Screen.CLOSURE, closureView.root());
        screens.put(Screen.LAYERS, layersView.root());
        screens.put(Screen.CONFIG, configView.root());
        screens.put(Screen.BUILD, buildView.root());

        root.setTop(new VBox(toolbar(), notice(), appError()));
        root.setLeft(navigation());
        // A screen taller or wider than the window (the Layers screen at the minimum size) scrolls as
        // a whole; at any size where it fits it fills the window exactly as before.
        javafx.scene.control.ScrollPane fit = new javafx.scene.control.ScrollPane(content);
        fit.setId("screen-scroll");
        fit.setFitToWidth(true);
        fit.setFitToHeight(true);
        fit.getStyleClass().add("edge-to-edge");
        root.setCenter(fit);
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
        // The screens set their defaults (the first strategy, the image settings' normal form): that
        // is where a new window starts, unmodified.
        workspace.startFresh();
    }

    public void show(Screen s) {
        FxTrace.span(FxTrace.ON ? "show screen " + s : "", () -> {
            current = s;
            content.getChildren().setAll(screens.get(s));
            nav.get(s).setSelected(true);
        });
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
            b.setTooltip(Ui.tip(s.title + " (Alt+" + (s.ordinal() + 1) + ")"));
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
        box.setMinWidth(130);
        return box;
    }

    private Node toolbar() {
        Label brand = new Label("Strata");
        brand.getStyleClass().addAll(Styles.TITLE_4, "brand");
        var in = MainWindow.class.getResourceAsStream("/dev/strata/gui/icons/strata-32.png");
        if (in != null) {
            ImageView icon = new ImageView(new Image(in));
            icon.setFitWidth(24);
            icon.setFitHeight(24);
            brand.setGraphic(icon);
        }
        Button fresh = Ui.button("New", Feather.FILE_PLUS, "Start a new image (Ctrl+N)");
        fresh.setId("recipe-new");
        fresh.setOnAction(e -> newImage());
        Button open = Ui.button("Open", Feather.FOLDER, "Open a recipe (Ctrl+O)");
        open.setId("recipe-open");
        open.setOnAction(e -> openDialog());
        Button save = Ui.button("Save", Feather.SAVE, "Save the recipe (Ctrl+S)");
        save.setId("recipe-save");
        save.setOnAction(e -> save());
        Button inspect = Ui.button("", Feather.EYE, "Open image…: look inside any image (layers, files, config, "
                + "licences, closure) and compare two (Ctrl+Shift+O)");
        inspect.setId("open-image");
        inspect.setOnAction(e -> openImage());
        MenuButton recent = new MenuButton("Recent", new FontIcon(Feather.CLOCK));
        recent.setId("recipe-recent");
        recent.setTooltip(Ui.tip("Recently opened or saved recipes"));
        Runnable fillRecent = () -> {
            recent.getItems().clear();
            for (Path p : app.recent()) {
                MenuItem item = new MenuItem(p.getFileName() + "  \u2014  " + p.getParent());
                item.setMnemonicParsing(false);
                item.setOnAction(e -> open(p));
                recent.getItems().add(item);
            }
            recent.setDisable(recent.getItems().isEmpty());
        };
        app.recent().addListener((Observable o) -> fillRecent.run());
        fillRecent.run();
        Button undo = Ui.button("", Feather.CORNER_UP_LEFT, "Undo the last change to the image (Ctrl+Z)");
        undo.setId("undo");
        undo.disableProperty().bind(workspace.canUndoProperty().not());
        undo.setOnAction(e -> undo());
        Button redo = Ui.button("", Feather.CORNER_UP_RIGHT, "Redo (Ctrl+Shift+Z or Ctrl+Y)");
        redo.setId("redo");
        redo.disableProperty().bind(workspace.canRedoProperty().not());
        redo.setOnAction(e -> redo());
        Button build = Ui.button("Build", Feather.PLAY, "Build and send the image (Ctrl+B)");
        build.getStyleClass().add(Styles.ACCENT);
        build.setOnAction(e -> build());
        Label source = new Label();
        source.textProperty().bind(Bindings.createStringBinding(() -> {
            var s = workspace.sourceProperty().get();
            return s == null ? "No source in use" : s.description();
        }, workspace.sourceProperty()));
        source.setGraphic(new FontIcon(Feather.DATABASE));
        source.setId("toolbar-source");
        source.getStyleClass().add(Styles.TEXT_MUTED);
        source.setMinWidth(0);
        // A long URL keeps its start and its end (host and ref) when it has to give way.
        source.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_WORD_ELLIPSIS);
        HBox.setHgrow(source, javafx.scene.layout.Priority.SOMETIMES);
        // The theme is a small icon menu, not a wide choice box: the source's name needs the room.
        MenuButton theme = new MenuButton();
        theme.setId("theme");
        theme.getStyleClass().add(Styles.FLAT);
        ToggleGroup themes = new ToggleGroup();
        for (Theme t : Theme.values()) {
            javafx.scene.control.RadioMenuItem item = new javafx.scene.control.RadioMenuItem(t.toString());
            item.setId("theme-" + t.id());
            item.setToggleGroup(themes);
            item.setOnAction(e -> app.themeProperty().set(t));
            theme.getItems().add(item);
        }
        Runnable showTheme = () -> {
            Theme t = app.themeProperty().get();
            theme.setGraphic(new FontIcon(t == Theme.DARK ? Feather.MOON : t == Theme.LIGHT ? Feather.SUN : Feather.MONITOR));
            theme.setAccessibleText("Theme: " + t);
            theme.getItems().forEach(i -> ((javafx.scene.control.RadioMenuItem) i).setSelected(
                    i.getId().equals("theme-" + t.id())));
        };
        app.themeProperty().addListener((Observable o) -> showTheme.run());
        showTheme.run();
        theme.setTooltip(Ui.tip("Colours: like the desktop (its light or dark setting), light or dark"));
        Button help = Ui.button("", Feather.HELP_CIRCLE, "Keyboard shortcuts (F1)");
        help.setId("help");
        help.setOnAction(e -> ShortcutSheet.show(stage));
        HBox bar = new HBox(8, brand, new Separator(Orientation.VERTICAL), fresh, open, save, recent, inspect,
                new Separator(Orientation.VERTICAL), undo, redo, new Separator(Orientation.VERTICAL), build, Ui.grow(),
                source, theme, help);
        bar.setId("toolbar");
        // At the default width the source's name gives way (it has a tooltip), never a button's text.
        for (Control c : List.of(brand, fresh, open, save, recent, inspect, undo, redo, build, theme, help)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        source.setTooltip(Ui.tip(""));
        source.getTooltip().textProperty().bind(Bindings.concat("Package source in use: ", source.textProperty()));
        source.setAccessibleText("Package source in use");
        // The brand is its icon alone (the title bar says Strata): the source's name needs the room.
        if (brand.getGraphic() != null) {
            brand.setText("");
            brand.setTooltip(Ui.tip("Strata"));
        }
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 12, 6, 12));
        bar.getStyleClass().add("top-bar");
        compactWhenNarrow(bar, root, List.of(fresh, open, save, recent, build));
        return bar;
    }

    /**
     * Below the width the toolbar needs with its words (about 920 px, more than the window's
     * minimum of 900), these buttons show their icons only (their tooltips and accessible names
     * still say what they do), so that no button is cut off at the window's edge.
     */
    private static void compactWhenNarrow(HBox bar, Region window, List<javafx.scene.control.Labeled> buttons) {
        double[] needed = {0};
        InvalidationListener fit = o -> {
            double width = window.getWidth(); // the bar itself is never laid out narrower than its minimum
            if (width <= 0) {
                return;
            }
            boolean compact = buttons.get(0).getContentDisplay() == javafx.scene.control.ContentDisplay.GRAPHIC_ONLY;
            if (!compact) {
                needed[0] = bar.minWidth(-1); // with the words, as styled now
            }
            boolean shouldBe = width < needed[0];
            if (shouldBe != compact) {
                for (javafx.scene.control.Labeled b : buttons) {
                    b.setContentDisplay(shouldBe ? javafx.scene.control.ContentDisplay.GRAPHIC_ONLY
                            : javafx.scene.control.ContentDisplay.LEFT);
                    if (b.getAccessibleText() == null) {
                        b.setAccessibleText(b.getText());
                    }
                }
            }
        };
        window.widthProperty().addListener(fit);
        bar.needsLayoutProperty().addListener(fit);
    }

    /** The note of something the window did on its own (a new source lacked packages), with Undo. */
    private Node notice() {
        Label text = new Label();
        text.setId("notice-text");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        text.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox.setHgrow(text, javafx.scene.layout.Priority.ALWAYS);
        Hyperlink undo = new Hyperlink("Undo");
        undo.setId("notice-undo");
        undo.setOnAction(e -> {
            workspace.note(null);
            undo();
        });
        Button close = Ui.button("", Feather.X, "Dismiss");
        close.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        close.setOnAction(e -> workspace.note(null));
        HBox box = new HBox(8, new FontIcon(Feather.INFO), text, undo, close);
        box.setId("notice");
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(6, 12, 6, 12));
        box.getStyleClass().add("notice");
        Runnable showNotice = () -> {
            Workspace.Notice n = workspace.noticeProperty().get();
            box.setVisible(n != null);
            box.setManaged(n != null);
            text.setText(n == null ? "" : n.text());
            undo.setVisible(n != null && n.undoable());
            undo.setManaged(undo.isVisible());
        };
        workspace.noticeProperty().addListener((Observable o) -> showNotice.run());
        showNotice.run();
        return box;
    }

    private Node appError() {
        ErrorPanel error = new ErrorPanel("app-error", app.errorProperty());
        VBox box = new VBox(error);
        box.setPadding(new Insets(6, 12, 0, 12));
        box.visibleProperty().bind(error.visibleProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Node statusBar() {
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(workspace.statusProperty());
        status.setMinWidth(0);
        HBox bar = new HBox(12, status);
        bar.setPadding(new Insets(4, 12, 4, 12));
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    /** Opens a recipe and applies its source, as a user would expect; asks first about unsaved changes. */
    public void open(Path file) {
        afterAsking("opening " + file.getFileName(), () -> {
            if (app.open(file)) {
                sourceVm.showSpec(workspace.sourceSpecProperty().get());
                configVm.load();
                sourceVm.apply();
                show(Screen.SEARCH);
            }
        });
    }

    private void openDialog() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a Strata recipe");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Strata recipes", "*.json"));
        Path f = Ui.chooseFile(() -> fc.showOpenDialog(stage));
        if (f != null) {
            open(f);
        }
    }

    /** A new, empty image from the source in use; asks first about unsaved changes. */
    public void newImage() {
        afterAsking("starting a new image", () -> {
            app.newComposition();
            configVm.load();
            show(workspace.indexProperty().get() == null ? Screen.SOURCE : Screen.SEARCH);
        });
    }

    /**
     * Runs {@code action} when nothing on screen would be lost, or after the user chose Save (and
     * the save worked) or Discard; Cancel, or a save that did not happen, runs nothing.
     */
    void afterAsking(String what, Runnable action) {
        // A base image typed but not applied yet is an edit like the others: apply it (one step of
        // the history), and when it is refused, ask anyway rather than lose the text.
        boolean refusedText = baseVm.pending() && !baseVm.apply();
        if (!workspace.dirtyProperty().get() && !refusedText) {
            action.run();
            return;
        }
        Path file = workspace.recipeFileProperty().get();
        UnsavedChanges.ask(stage, file == null ? "Untitled" : file.getFileName().toString(), what, answer -> {
            switch (answer) {
                case SAVE -> {
                    if (save()) {
                        action.run();
                    }
                }
                case DISCARD -> action.run();
                case CANCEL -> workspace.statusProperty().set("Nothing changed: the image is as it was.");
            }
        });
    }

    /** Saves to the recipe's file, asking for one the first time; false when nothing was saved. */
    public boolean save() {
        if (workspace.recipeFileProperty().get() != null) {
            return app.save();
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the recipe");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Strata recipes", "*.json"));
        fc.setInitialFileName((workspace.packages().isEmpty() ? "image" : workspace.packages().get(0)) + ".json");
        Path f = Ui.chooseFile(() -> fc.showSaveDialog(stage));
        if (f == null) {
            workspace.statusProperty().set("Not saved: no file was chosen.");
            return false;
        }
        return app.saveAs(f);
    }

    /** Undoes the last change of the image; a source it brings back is evaluated again. */
    public void undo() {
        if (workspace.undo()) {
            afterRestore("Undone");
        }
    }

    public void redo() {
        if (workspace.redo()) {
            afterRestore("Redone");
        }
    }

    private void afterRestore(String what) {
        workspace.statusProperty().set(what + ".");
        if (workspace.sourceProperty().get() == null && !sourceVm.busyProperty().get()) {
            sourceVm.showSpec(workspace.sourceSpecProperty().get());
            sourceVm.apply(); // the source on screen is another one now: evaluate it
        }
    }

    private InspectWindow inspectWindow;

    /** Opens the "Open image…" window (one per main window), which reads images without composing. */
    public InspectWindow openImage() {
        if (inspectWindow == null) {
            inspectWindow = new InspectWindow(stage, workspace.pipeline(), app.darkBinding());
        }
        inspectWindow.show();
        return inspectWindow;
    }

    private void build() {
        show(Screen.BUILD);
        buildView.buildButton().fire();
    }

    /** Sets up the stage: scene, title, icons, shortcuts, remembered place and size. */
    public Scene install(Stage stage) {
        this.stage = stage;
        Thread favour = new Thread(CpuShare::lowerCompilerThreads, "strata-cpu-share");
        favour.setDaemon(true);
        favour.start();
        GraphView.warmUp();
        Settings settings = app.settings();
        Scene scene = new Scene(root);
        scene.getStylesheets().add(MainWindow.class.getResource("/dev/strata/gui/strata.css").toExternalForm());
        stage.setScene(scene);
        applyTheme(app.darkBinding().get());
        app.darkBinding().addListener((o, a, b) -> applyTheme(b));
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
        stage.setMinWidth(Settings.MIN_WIDTH);
        stage.setMinHeight(Settings.MIN_HEIGHT);
        // The stage's size (with its frame), as saved: sizing the scene instead made every start
        // open larger by the window frame, since the stage's size is what is remembered.
        stage.setWidth(settings.width());
        stage.setHeight(settings.height());
        place(stage, settings);
        for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
            var icon = MainWindow.class.getResourceAsStream("/dev/strata/gui/icons/strata-" + size + ".png");
            if (icon != null) {
                stage.getIcons().add(new Image(icon));
            }
        }
        shortcuts(scene);
        // Remember the size and place as they change (a window closed by a signal has no chance to
        // say it), but only once it is on screen: while a window manager sets it up, a window passes
        // through sizes nobody chose (the minimum, say), which must not become the next start's.
        Debouncer sizeSaver = new Debouncer(Duration.ofMillis(800));
        InvalidationListener remember = o -> {
            if (stage.isShowing() && !stage.isIconified()) {
                sizeSaver.trigger(() -> rememberGeometry(stage));
            }
        };
        for (Observable o : new Observable[] {stage.widthProperty(), stage.heightProperty(), stage.maximizedProperty(),
                stage.xProperty(), stage.yProperty()}) {
            o.addListener(remember);
        }
        stage.setOnShown(e -> sourceView.applyButton().requestFocus());
        stage.setOnCloseRequest(e -> {
            if (workspace.dirtyProperty().get() || baseVm.pending()) {
                e.consume();
                afterAsking("closing the window", stage::hide);
            }
        });
        stage.setOnHidden(e -> {
            sizeSaver.cancel();
            rememberGeometry(stage);
            closureVm.cancel();
            buildVm.cancel();
            workspace.realisationProperty().set(null);
        });
        return scene;
    }

    private void rememberGeometry(Stage stage) {
        app.rememberWindow(stage.getWidth(), stage.getHeight(), stage.isMaximized());
        if (!stage.isMaximized() && !Double.isNaN(stage.getX())) {
            app.rememberPlace(stage.getX(), stage.getY());
        }
    }

    /** Puts the window where it was, if that place is still on a screen; else the window manager chooses. */
    private static void place(Stage stage, Settings settings) {
        if (settings.x() != null && settings.y() != null) {
            Rectangle2D wanted = new Rectangle2D(settings.x(), settings.y(), settings.width(), settings.height());
            boolean onScreen = javafx.stage.Screen.getScreens().stream().anyMatch(s -> s.getVisualBounds().intersects(
                    wanted.getMinX(), wanted.getMinY(), Math.min(wanted.getWidth(), 200), Math.min(wanted.getHeight(), 100)));
            if (onScreen) {
                stage.setX(settings.x());
                stage.setY(settings.y());
            }
        }
        stage.setMaximized(settings.maximized());
    }

    private void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        root.getStyleClass().remove("dark");
        if (dark) {
            root.getStyleClass().add("dark");
        }
        closureView.graph().setDark(dark);
    }

    private void shortcuts(Scene scene) {
        var acc = scene.getAccelerators();
        acc.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
            show(Screen.SEARCH);
            searchView.focusSearch();
        });
        acc.put(new KeyCodeCombination(KeyCode.B, KeyCombination.SHORTCUT_DOWN), this::build);
        acc.put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), this::save);
        acc.put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::openDialog);
        acc.put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), this::newImage);
        acc.put(InspectWindow.SHORTCUT, this::openImage);
        acc.put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), this::showClosure);
        acc.put(new KeyCodeCombination(KeyCode.F1), () -> ShortcutSheet.show(stage));
        for (Screen s : Screen.values()) {
            acc.put(new KeyCodeCombination(KeyCode.valueOf("DIGIT" + (s.ordinal() + 1)), KeyCombination.ALT_DOWN),
                    () -> show(s));
        }
        // Undo and redo before the focused control sees the keys: a text field would otherwise undo
        // its own typing, behind the image's history. Fields that are not part of the image (the
        // search box, the source's URL, the build's path) keep their own undo.
        KeyCombination undo = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN);
        KeyCombination redo = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
        KeyCombination redoY = new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            boolean isUndo = undo.match(e);
            boolean isRedo = redo.match(e) || redoY.match(e);
            if (!isUndo && !isRedo) {
                return;
            }
            Node focus = scene.getFocusOwner();
            if (focus instanceof TextInputControl && !Ui.isCompositionField(focus)) {
                return;
            }
            e.consume();
            if (isUndo) {
                undo();
            } else {
                redo();
            }
        });
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

    public BaseImageViewModel baseImageViewModel() {
        return baseVm;
    }

    public FilesViewModel filesViewModel() {
        return filesVm;
    }

    public FilesView filesView() {
        return filesView;
    }

    public LayersView layersView() {
        return layersView;
    }

    public SearchView searchView() {
        return searchView;
    }

    public BuildView buildView() {
        return buildView;
    }
}
