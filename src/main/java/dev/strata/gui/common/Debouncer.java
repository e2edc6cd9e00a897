package dev.strata.gui.common;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/**
 * Runs an action on the FX thread once input has been quiet for a while: typing "hello" starts one
 * search, not five. Call {@link #trigger} on every keystroke; only the last call's action runs.
 */
public final class Debouncer {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "strata-debounce");
        t.setDaemon(true);
        return t;
    });

    private final long delayMillis;
    private ScheduledFuture<?> pending;

    public Debouncer(Duration delay) {
        this.delayMillis = delay.toMillis();
    }

    public synchronized void trigger(Runnable fxAction) {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = TIMER.schedule(() -> Platform.runLater(fxAction), delayMillis, TimeUnit.MILLISECONDS);
    }

    public synchronized void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
