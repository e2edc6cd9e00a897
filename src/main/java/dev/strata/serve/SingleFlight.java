package dev.strata.serve;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs builds on a bounded pool: identical concurrent requests share one build (single flight),
 * at most {@code workers} builds run at once and at most {@code queue} wait; beyond that a request
 * is refused at once instead of piling up. A build that has not finished {@code timeout} after it
 * was first asked for (queue time included) fails for every request sharing it with
 * {@link TimedOut}, is reported once, and its thread is interrupted, which stops Nix.
 */
final class SingleFlight<K, V> implements AutoCloseable {
    /** The queue is full. */
    static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }

    /** The build took longer than the timeout and was stopped. */
    static final class TimedOut extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TimedOut(Duration timeout) {
            super("the build took longer than " + timeout.toSeconds() + " s");
        }
    }

    private static final class Flight<V> {
        final CompletableFuture<V> result = new CompletableFuture<>();
        volatile Future<?> task;
    }

    private final ConcurrentHashMap<K, Flight<V>> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;
    private final Duration timeout;
    private final Consumer<K> timedOut;

    /** @param timedOut told once per build that timed out */
    SingleFlight(int workers, int queue, Duration timeout, Consumer<K> timedOut) {
        this.timeout = timeout;
        this.timedOut = timedOut;
        this.pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "strata-build");
                    t.setDaemon(true);
                    return t;
                });
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "strata-build-timeout");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    /** The shared future of the build for {@code key}, starting it when none is running. */
    CompletableFuture<V> run(K key, Supplier<V> build) {
        while (true) {
            Flight<V> existing = inFlight.get(key);
            if (existing != null) {
                return existing.result;
            }
            Flight<V> flight = new Flight<>();
            if (inFlight.putIfAbsent(key, flight) != null) {
                continue;
            }
            try {
                flight.task = pool.submit(() -> {
                    try {
                        V value = build.get();
                        synchronized (flight) {
                            flight.result.complete(value);
                        }
                    } catch (Throwable t) {
                        synchronized (flight) {
                            flight.result.completeExceptionally(t);
                        }
                    } finally {
                        inFlight.remove(key, flight);
                    }
                });
            } catch (RejectedExecutionException e) {
                inFlight.remove(key, flight);
                throw new Busy("the build queue is full; try again in a minute");
            }
            ScheduledFuture<?> expiry = timer.schedule(() -> expire(key, flight), timeout.toMillis(), TimeUnit.MILLISECONDS);
            flight.result.whenComplete((v, t) -> expiry.cancel(false));
            return flight.result;
        }
    }

    private void expire(K key, Flight<V> flight) {
        synchronized (flight) { // reported before any waiter hears of it, and only if the build did not just finish
            if (flight.result.isDone()) {
                return;
            }
            timedOut.accept(key);
            flight.result.completeExceptionally(new TimedOut(timeout));
        }
        inFlight.remove(key, flight); // a new request starts afresh; Nix keeps what it finished
        flight.task.cancel(true);
    }

    int running() {
        return inFlight.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pool.shutdownNow();
    }
}
