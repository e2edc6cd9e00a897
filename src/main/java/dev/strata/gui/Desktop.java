package dev.strata.gui;

import dev.strata.gui.app.StrataApp;
import javafx.application.Application;

/**
 * Opens the desktop composer. A separate launcher because a class that extends
 * {@link Application} cannot be the entry point on the class path.
 */
public final class Desktop {
    private Desktop() {}

    /** Blocks until the window is closed. */
    public static void open(String[] args) {
        // The graph view draws with Java2D into images on a worker thread; AWT must never open a window.
        System.setProperty("java.awt.headless", "true");
        Application.launch(StrataApp.class, args);
    }
}
