package dev.strata.gui.common;

import dev.strata.ChildProcesses;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the FX thread ahead of the window's other work. On a machine with two cores, the window's
 * first build had the FX thread runnable but off a core for half of its longest stalls: the JIT
 * compiler threads, the task that builds (its writers, Nix) and the thread that draws the closure
 * graph took the cores (bench/gui.sh prints the CPU time of each thread during a stall; docs/gui.md
 * has the figures).
 *
 * <p>Linux lets a process lower the priority (raise the nice value) of its own threads without any
 * privilege, and a thread or process started by a lowered thread starts lowered too. The window's
 * task threads ({@link Tasks}) and the graph-drawing thread run at {@link #WORKER_NICE}: when the
 * FX thread wants a core it gets it three times as often as each of them, and when it does not
 * they run as before. The JIT compiler threads run lower still ({@link #COMPILER_NICE}), lowered
 * when the window opens. The command line and the registry server are not lowered. With the
 * desktop's autogroup scheduling (one group per session), nice values only weigh threads of the
 * same session against each other, so other programs do not slow the window's builds down more
 * than before. Where there is no {@code /proc} or no {@code renice}, nothing changes.
 */
public final class CpuShare {
    /** The nice value of the window's workers: a third of the weight of a normal thread when both want a core. */
    public static final int WORKER_NICE = 5;
    /** The nice value of the JIT compiler threads: a ninth of the weight of a normal thread, a third of a worker's. */
    public static final int COMPILER_NICE = 10;

    private CpuShare() {}

    /** Lowers the calling thread (and the threads and processes it starts later) to {@link #WORKER_NICE}. */
    public static void lowerCurrentThread() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            renice(List.of(self.getFileName().toString()), WORKER_NICE);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not Linux, or no /proc: stay as we are
        }
    }

    /** Lowers the JVM's JIT compiler threads, found by name in {@code /proc/self/task}, to {@link #COMPILER_NICE}. */
    public static void lowerCompilerThreads() {
        List<String> tids = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        tids.add(task.getFileName().toString());
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | SecurityException e) {
            return;
        }
        renice(tids, COMPILER_NICE);
    }

    private static void renice(List<String> tids, int nice) {
        if (tids.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
        cmd.addAll(tids);
        try {
            Process p = ChildProcesses.start(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD));
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // no renice on this system
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
