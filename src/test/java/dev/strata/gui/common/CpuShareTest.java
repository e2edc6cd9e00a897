package dev.strata.gui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.ChildProcesses;
import dev.strata.gui.Fx;
import dev.strata.testing.Requirements;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The window's share of the CPU (docs/gui.md "Benchmark"): its task threads, and the processes they
 * start (Nix, in the real window), run below the FX thread's priority; the FX thread does not.
 */
class CpuShareTest {
    /** What a task thread and the process it starts say their nice values are. */
    record Seen(int thread, String child) {}

    @Test
    void aTaskAndTheProcessItStartsRunBelowTheFxThread() throws Exception {
        Requirements.require("renice", "nice");
        Fx.start();
        AtomicReference<Seen> seen = new AtomicReference<>();
        AtomicReference<String> error = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Fx.run(() -> Tasks.of(p -> {
            int thread = ChildProcesses.callerNice();
            Process child = ChildProcesses.start(new ProcessBuilder("nice").redirectErrorStream(true));
            String said = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            child.waitFor(10, TimeUnit.SECONDS);
            return new Seen(thread, said);
        }).onSuccess(s -> {
            seen.set(s);
            done.countDown();
        }).onError(m -> {
            error.set(m);
            done.countDown();
        }).start());
        assertTrue(done.await(30, TimeUnit.SECONDS), "the task finished");
        assertEquals(null, error.get());
        assertEquals(CpuShare.WORKER_NICE, seen.get().thread(), "the task thread is lowered");
        assertEquals(Integer.toString(CpuShare.WORKER_NICE), seen.get().child(), "a process it starts starts lowered");
        int fx = Fx.call(ChildProcesses::callerNice);
        assertTrue(fx < CpuShare.WORKER_NICE, "the FX thread keeps its priority: " + fx);
    }
}
