package dev.strata.gui.app;

import javafx.application.Platform;

/**
 * Keeps the window responsive while the pipeline keeps both cores busy (Nix, parallel gzip): the
 * FX thread and the renderer get the highest thread priority, so a build's workers cannot starve
 * them. The JVM applies Java thread priorities to the operating system only with
 * {@code -XX:ThreadPriorityPolicy=1} (Linux, as root); elsewhere this changes nothing, harmlessly.
 */
public final class Responsiveness {
    private Responsiveness() {}

    /** Call on the FX thread. */
    public static void favourTheFxThread() {
        Thread.currentThread().setPriority(Thread.MAX_PRIORITY);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("QuantumRenderer")) {
                t.setPriority(Thread.MAX_PRIORITY);
            }
        }
        Platform.requestNextPulse();
    }
}
