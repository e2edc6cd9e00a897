package dev.strata.gui.app;

import dev.strata.compose.Recipe;
import dev.strata.gui.common.ErrorText;
import dev.strata.gui.common.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The main window's own state: opening and saving recipes, the recent recipes, the remembered
 * window size and source, the title, and the one error line every screen can raise.
 */
public final class AppViewModel {
    private final Workspace workspace;
    private final Path settingsFile;
    private final ObjectProperty<Settings> settings = new SimpleObjectProperty<>();
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.SYSTEM);
    private final BooleanProperty desktopDark = new SimpleBooleanProperty(false);
    private final BooleanBinding dark = Bindings.createBooleanBinding(() -> theme.get() == Theme.DARK
            || theme.get() == Theme.SYSTEM && desktopDark.get(), theme, desktopDark);

    public AppViewModel(Workspace workspace, Path settingsFile) {
        this.workspace = workspace;
        this.settingsFile = settingsFile;
        Settings s = Settings.load(settingsFile);
        settings.set(s);
        s.recentRecipes().forEach(r -> recent.add(Path.of(r)));
        workspace.sourceSpecProperty().set(s.lastSource());
        workspace.startFresh();
        workspace.sourceSpecProperty().addListener((o, a, b) -> update(settings.get().withLastSource(b)));
        theme.set(Theme.of(s.theme()));
        theme.addListener((o, a, b) -> update(settings.get().withTheme(b.id())));
    }

    private void update(Settings s) {
        settings.set(s);
        s.save(settingsFile);
    }

    /** Opens a recipe: every screen shows it; the source is applied again by the caller. */
    public boolean open(Path file) {
        try {
            Recipe r = Recipe.read(file);
            workspace.load(r, file);
            remember(file);
            error.set("");
            workspace.statusProperty().set("Opened " + file + ".");
            return true;
        } catch (RuntimeException e) {
            error.set(ErrorText.of(e));
            if (!Files.exists(file)) {
                recent.remove(file);
            }
            return false;
        }
    }

    /** Saves the recipe to its file; false (and an error) when there is none yet or writing failed. */
    public boolean save() {
        Path file = workspace.recipeFileProperty().get();
        return file != null && saveAs(file);
    }

    public boolean saveAs(Path file) {
        try {
            Path f = file.getFileName().toString().contains(".") ? file : file.resolveSibling(file.getFileName() + ".json");
            workspace.toRecipe().write(f);
            workspace.recipeFileProperty().set(f);
            workspace.markSaved();
            remember(f);
            error.set("");
            workspace.statusProperty().set("Saved the recipe to " + f + "; build it anywhere with: strata build --recipe "
                    + f.getFileName() + " -o IMAGE.tar");
            return true;
        } catch (RuntimeException e) {
            error.set(ErrorText.of(e));
            return false;
        }
    }

    /**
     * Starts a new, untitled composition from the source in use: no packages, every setting at its
     * default. The caller asked about unsaved changes first.
     */
    public void newComposition() {
        workspace.load(Recipe.of(workspace.sourceSpecProperty().get(), List.of()), null);
        error.set("");
        workspace.statusProperty().set("A new image: add packages on the Search screen.");
    }

    private void remember(Path file) {
        update(settings.get().withRecent(file));
        recent.setAll(settings.get().recentRecipes().stream().map(Path::of).toList());
    }

    /**
     * Remembers the window's size when not maximized (a maximized window keeps the size it had before,
     * which it gets back when un-maximized), and whether it is maximized. Sizes below the minimum are
     * not remembered: they are a window being set up, not one a user made.
     */
    public void rememberWindow(double w, double h, boolean maximized) {
        Settings s = settings.get();
        if (maximized) {
            update(s.withWindow(s.width(), s.height(), true));
        } else if (Settings.chosenSize(w, h)) {
            update(s.withWindow(w, h, false));
        }
    }

    /** Remembers where the window is on the desktop (not while maximized: that place is not its own). */
    public void rememberPlace(double x, double y) {
        update(settings.get().withPlace(x, y));
    }

    /** The theme chosen: follow the desktop, or always light or dark. Remembered. */
    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** Whether the desktop asks applications for dark colours (told by the launcher). */
    public BooleanProperty desktopPrefersDarkProperty() {
        return desktopDark;
    }

    /** True when the window is dark now: the theme chosen, or the desktop's when following it. */
    public BooleanBinding darkBinding() {
        return dark;
    }

    public StringBinding title() {
        return Bindings.createStringBinding(() -> {
            Path f = workspace.recipeFileProperty().get();
            return (workspace.dirtyProperty().get() ? "\u2022 " : "") + (f == null ? "Untitled" : f.getFileName())
                    + " \u2014 Strata";
        }, workspace.recipeFileProperty(), workspace.dirtyProperty());
    }

    public Settings settings() {
        return settings.get();
    }

    public ObservableList<Path> recent() {
        return recent;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public Workspace workspace() {
        return workspace;
    }
}
