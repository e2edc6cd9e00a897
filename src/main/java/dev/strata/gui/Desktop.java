package dev.strata.gui;

import dev.strata.gui.app.DesktopColours;
import dev.strata.gui.app.StrataApp;
import java.util.logging.Logger;
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
        // JavaFX warns at every start when it is loaded from the class path rather than as named
        // modules ("Unsupported JavaFX configuration"). Strata runs from the class path on purpose
        // (ControlsFX reaches into JavaFX internals, which named modules would have to open one
        // package at a time), so the warning says nothing to a user; other messages still show.
        PLATFORM_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
        StrataApp.desktopPrefersDark(DesktopColours.prefersDark());
        Application.launch(StrataApp.class, args);
    }

    /** JavaFX's own logger, held so the filter set above is not lost to garbage collection. */
    private static final Logger PLATFORM_LOG = Logger.getLogger("javafx");
}
