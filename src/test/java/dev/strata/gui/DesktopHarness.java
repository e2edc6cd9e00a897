package dev.strata.gui;

import atlantafx.base.theme.PrimerLight;
import dev.strata.gui.app.AppViewModel;
import dev.strata.gui.app.MainWindow;
import dev.strata.gui.common.Pipeline;
import dev.strata.gui.common.Workspace;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;

/** The real main window on TestFX's primary stage (Monocle headless), with the real pipeline. */
public final class DesktopHarness {
    public final Workspace workspace;
    public final AppViewModel app;
    public final MainWindow window;
    public final Stage stage;

    private DesktopHarness(Workspace workspace, AppViewModel app, MainWindow window, Stage stage) {
        this.workspace = workspace;
        this.app = app;
        this.window = window;
        this.stage = stage;
    }

    public static DesktopHarness open(Path tmp, double width, double height) throws Exception {
        return open(Fx.pipeline(tmp.resolve("cache")), tmp, width, height);
    }

    public static DesktopHarness open(Pipeline pipeline, Path tmp, double width, double height) throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        return Fx.call(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            Workspace ws = new Workspace(pipeline);
            AppViewModel app = new AppViewModel(ws, tmp.resolve("gui.json"));
            MainWindow w = new MainWindow(app);
            w.install(stage);
            stage.setWidth(width);
            stage.setHeight(height);
            stage.show();
            stage.toFront();
            return new DesktopHarness(ws, app, w, stage);
        });
    }

    public void close() {
        Fx.run(stage::hide);
    }
}
