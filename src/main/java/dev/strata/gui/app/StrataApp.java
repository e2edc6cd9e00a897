package dev.strata.gui.app;

import dev.strata.gui.common.ComposerPipeline;
import dev.strata.gui.common.Workspace;
import javafx.application.Application;
import javafx.stage.Stage;

/** The desktop composer as a JavaFX application; started by {@link dev.strata.gui.Desktop}. */
public final class StrataApp extends Application {
    /** Whether the desktop asks for dark colours; found out before the toolkit starts (it runs gsettings). */
    private static volatile boolean desktopPrefersDark;

    /** Called by the launcher before {@link Application#launch}. */
    public static void desktopPrefersDark(boolean dark) {
        desktopPrefersDark = dark;
    }

    @Override
    public void start(Stage stage) {
        Workspace workspace = new Workspace(ComposerPipeline.fromEnvironment());
        AppViewModel app = new AppViewModel(workspace, Settings.defaultFile());
        app.desktopPrefersDarkProperty().set(desktopPrefersDark);
        MainWindow window = new MainWindow(app);
        window.install(stage);
        stage.show();
    }
}
