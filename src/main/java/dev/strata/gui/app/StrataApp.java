package dev.strata.gui.app;

import atlantafx.base.theme.PrimerLight;
import dev.strata.gui.common.ComposerPipeline;
import dev.strata.gui.common.Workspace;
import javafx.application.Application;
import javafx.stage.Stage;

/** The desktop composer as a JavaFX application; started by {@link dev.strata.gui.Desktop}. */
public final class StrataApp extends Application {
    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Workspace workspace = new Workspace(ComposerPipeline.fromEnvironment());
        AppViewModel app = new AppViewModel(workspace, Settings.defaultFile());
        MainWindow window = new MainWindow(app);
        window.install(stage);
        stage.show();
    }
}
