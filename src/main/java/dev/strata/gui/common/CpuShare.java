package dev.strata.gui.common;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the FX thread first in line for a CPU. On a machine with two cores the desktop's own
 * background work — a build's writers, Nix, drawing the graph, and above all the JIT compiler
 * threads, which compile much of the program while the first image is built — kept both cores busy,
 * and the FX thread waited for a core for most of each long stall (bench/gui.sh shows the CPU time
 * of each thread during a stall; docs/gui.md has the figures).
 *
 * <p>Linux lets a process lower the priority (raise the nice value) of its own threads without any
 * privilege: background threads lower their own when they start, and whatever they start (threads
 * of an image build, Nix processes) inherits it; the JIT compiler threads are lowered once when the
 * window opens. The FX and render threads keep the normal priority, so they take a core first, and
 * background work still gets every cycle they leave. Where there is no {@code /proc} or no
 * {@code renice}, nothing changes.
 */
public final class CpuShare {
    /** The nice value of background threads: they get about a tenth of a core the FX thread wants. */
    static final int NICE = 10;

    private CpuShare() {}

    /** Lowers the priority of the calling thread (and of threads and processes it starts later). */
    public static void lowerCurrentThread() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            renice(List.of(self.getFileName().toString()));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not Linux, or no /proc: stay as we are
        }
    }

    /** Lowers the priority of the JVM's JIT compiler threads, found by name in {@code /proc/self/task}. */
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
        renice(tids);
    }

    private static void renice(List<String> tids) {
        if (tids.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("renice", "-n", Integer.toString(NICE), "-p"));
        cmd.addAll(tids);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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
