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
 * Keeps the FX thread ahead of the JIT compiler. On a machine with two cores, the JIT compiler
 * threads compile much of the program while the first image is built, and took one to one and a
 * half cores during the FX thread's longest stalls (bench/gui.sh prints the CPU time of each thread
 * during a stall; docs/gui.md has the figures): the FX thread waited for a core.
 *
 * <p>Linux lets a process lower the priority (raise the nice value) of its own threads without any
 * privilege. The JIT compiler threads are lowered a little when the window opens, and so is the
 * thread that draws the closure graph: when the FX thread wants a core it gets about three quarters
 * of it, and otherwise they run as before. The build itself (its writers, Nix) keeps the normal
 * priority: lowered, it crawled whenever other programs kept the machine busy. Where there is no
 * {@code /proc} or no {@code renice}, nothing changes.
 */
public final class CpuShare {
    /** The nice value given: a third of the weight of a normal thread when both want a core. */
    static final int NICE = 5;

    private CpuShare() {}

    /** Lowers the priority of the calling thread (and of threads and processes it starts later) a little. */
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
