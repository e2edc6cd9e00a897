package dev.strata.serve;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs builds on a bounded pool: identical concurrent requests share one build (single flight),
 * at most {@code workers} builds run at once and at most {@code queue} wait; beyond that a request
 * is refused at once instead of piling up. The pool's threads are interrupted when a build times
 * out, which stops Nix.
 */
final class SingleFlight<K, V> implements AutoCloseable {
    /** The queue is full. */
    static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }

    private final ConcurrentHashMap<K, Flight<V>> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService pool;

    private record Flight<V>(CompletableFuture<V> result, Future<?> task) {}

    SingleFlight(int workers, int queue) {
        this.pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "strata-build");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The shared future of the build for {@code key}, starting it when none is running. */
    CompletableFuture<V> run(K key, Supplier<V> build) {
        while (true) {
            Flight<V> existing = inFlight.get(key);
            if (existing != null) {
                return existing.result();
            }
            CompletableFuture<V> result = new CompletableFuture<>();
            Flight<V> placeholder = new Flight<>(result, null);
            if (inFlight.putIfAbsent(key, placeholder) != null) {
                continue;
            }
            try {
                Future<?> task = pool.submit(() -> {
                    try {
                        result.complete(build.get());
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    } finally {
                        inFlight.remove(key);
                    }
                });
                inFlight.computeIfPresent(key, (k, f) -> f == placeholder ? new Flight<>(result, task) : f);
                return result;
            } catch (RejectedExecutionException e) {
                inFlight.remove(key);
                throw new Busy("the build queue is full; try again in a minute");
            }
        }
    }

    /** Interrupts the build of {@code key} (after a timeout). */
    void cancel(K key) {
        Flight<V> f = inFlight.get(key);
        if (f != null && f.task() != null) {
            f.task().cancel(true);
        }
    }

    int running() {
        return inFlight.size();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
