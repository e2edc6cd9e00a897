package dev.strata.gui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import dev.strata.compose.PipelineStep;
import dev.strata.compose.ProgressEvent;
import dev.strata.compose.ProgressListener;
import dev.strata.gui.Fx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;

/** The task helper: callbacks on the FX thread, batched events, cancel reported only once the work stopped. */
class TasksTest {
    @Test
    void successDeliversTheValueAndEveryEventInOrderOnTheFxThread() throws Exception {
        Fx.start();
        List<String> seen = new ArrayList<>();
        AtomicReference<String> value = new AtomicReference<>();
        AtomicBoolean onFx = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(1);
        Fx.run(() -> Tasks.of(p -> {
            for (int i = 0; i < 5000; i++) {
                p.on(ProgressEvent.log(PipelineStep.NIX_BUILD, "line " + i));
            }
            return "built";
        }).onEvents(batch -> {
            onFx.compareAndSet(true, Platform.isFxApplicationThread());
            batch.forEach(e -> seen.add(e.message()));
        }).onSuccess(v -> {
            value.set(v);
            done.countDown();
        }).start());
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals("built", value.get());
        assertEquals(5000, seen.size(), "every event arrives before onSuccess");
        assertEquals("line 4999", seen.get(4999));
        assertTrue(onFx.get());
    }

    @Test
    void errorsArriveAsTheirSentence() throws Exception {
        Fx.start();
        AtomicReference<String> message = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Fx.run(() -> Tasks.of(p -> {
            throw new StrataException("unknown package 'nosuch' in the demo set");
        }).onError(m -> {
            message.set(m);
            done.countDown();
        }).start());
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals("Unknown package 'nosuch' in the demo set.", message.get());
    }

    @Test
    void cancelIsReportedOnlyAfterTheWorkerHasReturned() throws Exception {
        Fx.start();
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean cleanedUp = new AtomicBoolean();
        AtomicBoolean cleanedUpWhenReported = new AtomicBoolean();
        CountDownLatch reported = new CountDownLatch(1);
        Tasks.PipelineTask<?> task = Fx.call(() -> Tasks.of(p -> {
            running.countDown();
            try {
                Thread.sleep(60_000);
            } finally {
                Thread.sleep(200); // cleanup that takes a while, e.g. deleting a partial image
                cleanedUp.set(true);
            }
            return null;
        }).onCancelled(() -> {
            cleanedUpWhenReported.set(cleanedUp.get());
            reported.countDown();
        }).start());
        assertTrue(running.await(30, TimeUnit.SECONDS));
        Fx.run(() -> task.cancel(true));
        assertTrue(reported.await(30, TimeUnit.SECONDS));
        assertTrue(cleanedUpWhenReported.get(), "onCancelled ran after the worker's cleanup");
    }

    @Test
    void anEventFromAThreadThatOutlivedTheWorkIsDroppedAfterTheEndWasReported() throws Exception {
        // A push's upload threads can still say something while they stop after a cancel; that
        // late line must not replace what the end said (the screen's "Cancelled ..." status).
        Fx.start();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        CountDownLatch late = new CountDownLatch(1);
        List<String> afterEnd = new ArrayList<>();
        AtomicBoolean endReported = new AtomicBoolean();
        AtomicReference<ProgressListener> listener = new AtomicReference<>();
        Tasks.PipelineTask<?> task = Fx.call(() -> Tasks.of(p -> {
            listener.set(p::on);
            running.countDown();
            Thread.sleep(60_000);
            return null;
        }).onEvents(batch -> {
            if (endReported.get()) {
                batch.forEach(e -> afterEnd.add(e.message()));
            }
        }).onCancelled(() -> {
            endReported.set(true);
            ended.countDown();
        }).start());
        assertTrue(running.await(30, TimeUnit.SECONDS));
        Fx.run(() -> task.cancel(true));
        assertTrue(ended.await(30, TimeUnit.SECONDS));
        Thread straggler = new Thread(() -> {
            listener.get().on(ProgressEvent.progress(PipelineStep.PUSH, "sending layer 2", 1, 2));
            late.countDown();
        });
        straggler.start();
        assertTrue(late.await(30, TimeUnit.SECONDS));
        Fx.run(() -> { }); // a drain the late event scheduled has run
        Fx.run(() -> { });
        assertEquals(List.of(), afterEnd, "no event reaches the screen after its end was reported");
    }

    @Test
    void onFinallyRunsForEveryTaskThatSucceedsOrFails() throws Exception {
        // onFinally clears the screens' "busy": it must run once for every task, however it ends and
        // however the worker and the FX thread interleave. (This test used to run CPU hogs on every
        // core for a minute to widen the window between JavaFX publishing a task's state and the
        // Future recording it; it never caught the old code, and it slowed every other build on the
        // machine, so the contract is checked on its own, on many short tasks.)
        Fx.start();
        int tasks = 600;
        CountDownLatch finished = new CountDownLatch(tasks);
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < tasks; i++) {
            boolean fail = i % 2 == 0;
            Platform.runLater(() -> Tasks.of(p -> {
                if (fail) {
                    throw new StrataException("failed on purpose");
                }
                return "ok";
            }).onFinally(() -> {
                calls.incrementAndGet();
                finished.countDown();
            }).start());
        }
        assertTrue(finished.await(60, TimeUnit.SECONDS), finished.getCount() + " of " + tasks + " tasks never ran onFinally");
        Fx.run(() -> { }); // anything a task still had queued for the FX thread has run
        assertEquals(tasks, calls.get(), "onFinally once per task");
    }

    @Test
    void errorTextNeverShowsAStackTrace() {
        String m = ErrorText.of(new IllegalStateException("boom"));
        assertTrue(m.startsWith("Something unexpected went wrong (IllegalStateException: boom)"), m);
        assertEquals("Cancelled.", ErrorText.of(new CancellationException()));
        assertTrue(ErrorText.of(new IOException("No space left on device")).startsWith("The disk is full"));
    }
}
