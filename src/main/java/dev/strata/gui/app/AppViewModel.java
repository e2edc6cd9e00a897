package dev.strata.gui.app;

import dev.strata.compose.Recipe;
import dev.strata.gui.common.ErrorText;
import dev.strata.gui.common.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
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

    public AppViewModel(Workspace workspace, Path settingsFile) {
        this.workspace = workspace;
        this.settingsFile = settingsFile;
        Settings s = Settings.load(settingsFile);
        settings.set(s);
        s.recentRecipes().forEach(r -> recent.add(Path.of(r)));
        workspace.sourceSpecProperty().set(s.lastSource());
        workspace.dirtyProperty().set(false);
        workspace.sourceSpecProperty().addListener((o, a, b) -> update(settings.get().withLastSource(b)));
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
            workspace.dirtyProperty().set(false);
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

    private void remember(Path file) {
        update(settings.get().withRecent(file));
        recent.setAll(settings.get().recentRecipes().stream().map(Path::of).toList());
    }

    public void rememberWindow(double w, double h, boolean maximized) {
        update(settings.get().withWindow(w, h, maximized));
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
