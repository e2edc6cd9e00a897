package dev.strata.output.daemon;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deadline that moves with progress: it expires when nothing happened for its allowance, and
 * then runs its action (closing a socket, killing a process), which unblocks the waiting thread.
 * A big image may take minutes to load, so a load is bounded by "no progress for N seconds", not
 * by a total: each byte a daemon accepts or answers resets the clock. Blocking reads and writes on
 * a unix socket have no timeout of their own (SO_TIMEOUT does not apply to channels), hence a
 * watchdog. Checks run on one shared daemon thread, a few times per allowance.
 */
final class ProgressDeadline implements AutoCloseable {
    private static final ScheduledExecutorService CLOCK = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "strata-deadlines");
        t.setDaemon(true);
        return t;
    });

    private final Runnable onExpiry;
    private volatile long allowanceNanos;
    private volatile long lastProgress;
    private volatile boolean expired;
    private volatile String waitingFor;
    private volatile ScheduledFuture<?> check;

    /**
     * @param allowance how long without progress is too long
     * @param waitingFor what the first wait is, for the message ("connecting")
     * @param onExpiry unblocks the waiter; runs at most once, on the deadline thread
     */
    ProgressDeadline(Duration allowance, String waitingFor, Runnable onExpiry) {
        this.onExpiry = onExpiry;
        this.allowanceNanos = allowance.toNanos();
        this.waitingFor = waitingFor;
        this.lastProgress = System.nanoTime();
        long period = Math.max(20, Math.min(1000, allowance.toMillis() / 4));
        this.check = CLOCK.scheduleWithFixedDelay(this::checkNow, period, period, TimeUnit.MILLISECONDS);
    }

    /** Something moved: the clock starts again. */
    void progress() {
        lastProgress = System.nanoTime();
    }

    /** From now on, wait for {@code what} at most {@code allowance} without progress. */
    void await(String what, Duration allowance) {
        allowanceNanos = allowance.toNanos();
        waitingFor = what;
        lastProgress = System.nanoTime();
    }

    boolean expired() {
        return expired;
    }

    /** What was awaited when it expired (or is awaited now), e.g. "an answer". */
    String waitingFor() {
        return waitingFor;
    }

    /** The allowance in force, in whole seconds (at least 1), for messages. */
    long allowanceSeconds() {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(allowanceNanos + 500_000_000L));
    }

    private synchronized void checkNow() {
        if (!expired && System.nanoTime() - lastProgress > allowanceNanos) {
            expired = true;
            ScheduledFuture<?> c = check;
            if (c != null) {
                c.cancel(false);
            }
            onExpiry.run();
        }
    }

    @Override
    public void close() {
        check.cancel(false);
    }
}
