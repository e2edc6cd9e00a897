package dev.strata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.nix.TestNix;
import dev.strata.testing.Requirements;
import dev.strata.testing.StrataProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Strata process that is stopped (SIGTERM) or killed outright (SIGKILL) takes its running Nix build with it. */
class ChildProcessesTest {
    @TempDir
    Path tmp;

    static boolean commandContains(ProcessHandle p, String text) {
        return p.info().commandLine().map(c -> c.contains(text)).orElse(false);
    }

    @Test
    void aNixBuildDoesNotOutliveTheStrataProcess() throws Exception {
        stopStrataMidBuild(Process::destroy); // SIGTERM, as a service manager or kill(1) sends it
    }

    @Test
    void aNixBuildDiesWithAStrataProcessKilledOutright() throws Exception {
        Requirements.need(!ChildProcesses.setpriv().isEmpty(), "setpriv (util-linux) is not installed");
        stopStrataMidBuild(Process::destroyForcibly); // SIGKILL (kill -9): no shutdown hook runs
    }

    /**
     * Linux sends the parent-death signal when the thread that started a child ends, not the
     * process: a child started from a short-lived thread must live on after that thread.
     */
    @Test
    void aChildOutlivesTheThreadThatStartedIt() throws Exception {
        Process[] started = new Process[1];
        Thread shortLived = new Thread(() -> {
            try {
                started[0] = ChildProcesses.start(new ProcessBuilder("sleep", "60"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        shortLived.start();
        shortLived.join();
        try {
            assertTrue(started[0].info().commandLine().orElse("").contains("sleep"), "sleep runs (setpriv exec'd it)");
            assertFalse(started[0].waitFor(2, TimeUnit.SECONDS), "the child died with the thread that started it");
        } finally {
            started[0].destroyForcibly();
        }
    }

    @Test
    void aMissingProgramIsAnIOExceptionAsWithoutTheWrapper() {
        var e = assertThrows(IOException.class,
                () -> ChildProcesses.start(new ProcessBuilder(tmp.resolve("no-such-program").toString())));
        assertTrue(e.getMessage().contains("no-such-program"), e.getMessage());
        assertThrows(IOException.class, () -> ChildProcesses.start(new ProcessBuilder("strata-no-such-tool")));
    }

    private void stopStrataMidBuild(Consumer<Process> stop) throws Exception {
        Path out = tmp.resolve("slow.tar");
        Process strata = StrataProcess.start(tmp, tmp.resolve("cache"), tmp.resolve("strata.log"), "build", "--source",
                "path:" + TestNix.resourceSet("nixsets/slow"), "sleeper", "-o", out.toString());
        List<ProcessHandle> children = List.of();
        try {
            // Wait for the builder's sleep (the build really running), or at least nix-build waiting for it.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < end && strata.isAlive()) {
                children = strata.descendants().filter(ProcessHandle::isAlive).toList();
                if (children.stream().anyMatch(p -> commandContains(p, "sleep 600"))) {
                    break;
                }
                Thread.sleep(100);
            }
            assertTrue(strata.isAlive(), "strata ended early: " + Files.readString(tmp.resolve("strata.log")));
            assertTrue(children.stream().anyMatch(p -> commandContains(p, "prepare-image.nix")),
                    "nix-build is running: " + children.stream().map(p -> p.info().commandLine().orElse("?")).toList());
            assertTrue(children.stream().anyMatch(p -> commandContains(p, "sleep 600")), "the builder runs");
            stop.accept(strata);
            assertTrue(strata.waitFor(30, TimeUnit.SECONDS), "strata stopped");
            for (ProcessHandle p : children) {
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // reported below
                }
                assertFalse(p.isAlive(), "left running: " + p.info().commandLine().orElse(Long.toString(p.pid())));
            }
            assertFalse(Files.exists(out), "no image was written");
        } finally {
            strata.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * A child runs at the nice value of the thread that asked for it (the window lowers its task
     * threads), not at the launcher thread's, and not lowered twice when the whole JVM runs under
     * {@code nice}: the launcher is lowered here as {@code nice -n 2 java ...} would lower it.
     */
    @Test
    void aChildRunsAtItsCallersNiceValueOnce() throws Exception {
        Requirements.require("renice", "nice");
        ChildProcesses.start(new ProcessBuilder("true")).waitFor(10, TimeUnit.SECONDS); // the launcher thread exists
        String launcher = null;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                if (Files.readString(task.resolve("comm")).strip().startsWith("strata-process")) {
                    launcher = task.getFileName().toString();
                }
            }
        }
        assertTrue(launcher != null, "the launcher thread is found by name");
        renice(2, launcher);
        try {
            assertEquals("2", niceSaidFromAThreadAt(2), "same as the launcher: no wrapper needed");
            assertEquals("5", niceSaidFromAThreadAt(5), "raised by the difference only");
            assertEquals(5, niceOfAThreadAt(5), "the caller's own value as read from /proc");
        } finally {
            renice(0, launcher); // back to the JVM's (a root test run may lower it again)
        }
    }

    private static void renice(int nice, String tid) throws Exception {
        new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
    }

    private static String niceSaidFromAThreadAt(int nice) throws Exception {
        AtomicReference<String> said = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                renice(nice, Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
                Process p = ChildProcesses.start(new ProcessBuilder("nice").redirectErrorStream(true));
                said.set(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                said.set(e.toString());
            }
        });
        t.start();
        t.join(30_000);
        return said.get();
    }

    private static int niceOfAThreadAt(int nice) throws Exception {
        int[] seen = {Integer.MIN_VALUE};
        Thread t = new Thread(() -> {
            try {
                renice(nice, Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
                seen[0] = ChildProcesses.callerNice();
            } catch (Exception e) {
                seen[0] = Integer.MAX_VALUE;
            }
        });
        t.start();
        t.join(30_000);
        return seen[0];
    }
}
