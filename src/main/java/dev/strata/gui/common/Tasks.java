package dev.strata.gui.common;

import dev.strata.compose.ProgressEvent;
import dev.strata.compose.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.concurrent.Worker.State;

/**
 * Runs pipeline work off the FX thread as a cancellable {@link Task}, with callbacks on the FX
 * thread (Cryptomator's and JabRef's pattern): {@code Tasks.of(work).onSuccess(..).onError(..).start()}.
 *
 * <p>Progress events from the pipeline can arrive by the thousand (Nix log lines); they are queued
 * and handed to the FX thread in batches, at most one pending {@code runLater} at a time, so a
 * chatty build never floods the FX thread. Cancel is {@code task.cancel(true)}: the worker thread is
 * interrupted, which stops Nix and the image writer; {@code onCancelled} runs only once the worker
 * has really returned, so "cancelled" on screen means the work has stopped.
 */
public final class Tasks {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        // A worker runs below the FX thread's priority (CpuShare.WORKER_NICE), and so do the threads
        // and processes it starts (image writers, Nix): the window answers first.
        Thread t = new Thread(() -> {
            CpuShare.lowerCurrentThread();
            r.run();
        }, "strata-task-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private Tasks() {}

    /** Work done on a worker thread; it reports progress through the listener it is given. */
    @FunctionalInterface
    public interface Work<T> {
        T run(ProgressListener progress) throws Exception;
    }

    public static <T> Builder<T> of(Work<T> work) {
        return new Builder<>(work);
    }

    /** Collects the callbacks of one task; {@link #start()} runs it. */
    public static final class Builder<T> {
        private final Work<T> work;
        private Consumer<T> onSuccess = v -> { };
        private Consumer<String> onError = m -> { };
        private Runnable onCancelled = () -> { };
        private Consumer<List<ProgressEvent>> onEvents = e -> { };
        private Runnable onFinally = () -> { };

        private Builder(Work<T> work) {
            this.work = work;
        }

        public Builder<T> onSuccess(Consumer<T> c) {
            onSuccess = c;
            return this;
        }

        /** Receives a message for people (see {@link ErrorText}). */
        public Builder<T> onError(Consumer<String> c) {
            onError = c;
            return this;
        }

        public Builder<T> onCancelled(Runnable r) {
            onCancelled = r;
            return this;
        }

        /** Progress events in arrival order, in batches, on the FX thread. */
        public Builder<T> onEvents(Consumer<List<ProgressEvent>> c) {
            onEvents = c;
            return this;
        }

        /** Runs after success, error or cancel, once the worker has returned. */
        public Builder<T> onFinally(Runnable r) {
            onFinally = r;
            return this;
        }

        public PipelineTask<T> start() {
            PipelineTask<T> task = new PipelineTask<>(this);
            POOL.execute(task);
            return task;
        }
    }

    /** A running piece of pipeline work. */
    public static final class PipelineTask<T> extends Task<T> {
        private final Builder<T> b;
        private final CompletableFuture<Void> workerDone = new CompletableFuture<>();
        private final ConcurrentLinkedQueue<ProgressEvent> pending = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean drainScheduled = new AtomicBoolean();
        /**
         * Set on the FX thread once the end was reported: events that arrive later (from a helper
         * thread of the work that outlived it, such as an upload stopping) are dropped, so they
         * cannot overwrite what the end said ("Cancelled ...") with a stale progress line.
         */
        private boolean ended;
        /** Where the task was started, naming its callbacks in {@link FxTrace} (empty unless tracing). */
        private final String origin = FxTrace.caller(Tasks.class);

        PipelineTask(Builder<T> b) {
            this.b = b;
            // Whatever way the task ends, the callbacks run on the FX thread after the worker returned.
            workerDone.whenComplete((v, e) -> Platform.runLater(this::finish));
        }

        private final AtomicBoolean started = new AtomicBoolean();

        @Override
        protected T call() throws Exception {
            started.set(true);
            try {
                return b.work.run(this::post);
            } finally {
                workerDone.complete(null);
            }
        }

        private void post(ProgressEvent e) {
            if (e.kind() == ProgressEvent.Kind.PROGRESS || e.kind() == ProgressEvent.Kind.STARTED) {
                updateMessage(e.message());
                double f = e.fraction();
                updateProgress(f < 0 ? -1 : f, f < 0 ? -1 : 1);
            }
            pending.add(e);
            if (drainScheduled.compareAndSet(false, true)) {
                Platform.runLater(this::drain);
            }
        }

        private void drain() {
            drainScheduled.set(false);
            if (ended) {
                pending.clear();
                return;
            }
            List<ProgressEvent> batch = new ArrayList<>();
            ProgressEvent e;
            while ((e = pending.poll()) != null) {
                batch.add(e);
            }
            if (!batch.isEmpty()) {
                FxTrace.span(FxTrace.ON ? "progress events (" + batch.size() + ") of " + origin : "", () -> b.onEvents.accept(batch));
            }
        }

        private void finish() {
            FxTrace.span(FxTrace.ON ? "task finished: " + origin : "", this::finishNow);
        }

        private void finishNow() {
            drain();
            State state = getState();
            if (state != State.SUCCEEDED && state != State.CANCELLED && state != State.FAILED) {
                // The worker returned but the Task has not published its state yet: try again.
                Platform.runLater(this::finish);
                return;
            }
            // The state published on the FX thread decides, not FutureTask.isDone(): the worker
            // thread can still be between publishing it and recording its outcome.
            ended = true;
            try {
                switch (state) {
                    case SUCCEEDED -> b.onSuccess.accept(getValue());
                    case CANCELLED -> b.onCancelled.run();
                    default -> {
                        if (getException() != null && ErrorText.isCancellation(getException())) {
                            b.onCancelled.run();
                        } else {
                            b.onError.accept(ErrorText.of(getException()));
                        }
                    }
                }
            } finally {
                b.onFinally.run();
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && !started.get()) {
                workerDone.complete(null); // never ran: nothing to wait for
            }
            return cancelled;
        }

        /** Completes when the worker thread has returned (after a cancel: when the work really stopped). */
        public CompletableFuture<Void> workerDone() {
            return workerDone;
        }
    }
}
