package dev.strata;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Strata's child processes (Nix builds and evaluations, git, the docker CLI) end with it. Every
 * call stops its own process tree when it is cancelled or times out, but that needs the JVM: when
 * the JVM itself is told to stop (the window closed mid-build, {@code kill}, a service manager's
 * SIGTERM, Ctrl-C from outside the terminal's process group) a Nix build would otherwise run on for
 * up to its full timeout, holding its store locks. A shutdown hook asks every descendant to stop
 * (SIGTERM, so Nix removes its temporary build directories), waits up to two seconds, then kills
 * what is left.
 *
 * <p>SIGKILL of the JVM runs no hook. For that, every child is started through {@link #start},
 * wrapped in {@code setpriv --pdeathsig TERM --} (util-linux; Debian has it by default): the child
 * asks the kernel to send it SIGTERM when its parent dies. TERM, not KILL: a sandboxed Nix builder
 * runs in its own PID namespace and session, not as a child of nix-build, and a SIGKILLed
 * nix-build left its builder running (seen here: a builder sleeping 600 s went on; an orphaned
 * nix-build registered its output ten minutes later). On TERM, nix-build stops its builders and
 * removes their temporary directories, as it does for the hook.
 *
 * <p>Linux counts the <em>thread</em> that started a process as its parent, not the whole JVM: a
 * child started from a pool thread that ends later (an idle GUI task thread, say) would be sent
 * the signal when that thread ends, long before Strata does. All children are therefore started
 * from one thread that lives as long as the JVM; the caller waits for the start (milliseconds)
 * and then owns the process as usual. Where {@code setpriv} is missing, children start the same
 * way without the wrapper (and only SIGKILL of Strata escapes). A child whose start races with
 * the JVM's death can miss the signal: it goes only to processes that asked before their parent
 * died.
 */
public final class ChildProcesses {
    static final long GRACE_MILLIS = 2000;

    /** The one thread that starts children; see the class comment for why it must outlive them. */
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "strata-process-launcher");
        t.setDaemon(true);
        return t;
    });

    private static volatile String setpriv;
    private static volatile String niceProgram;

    private ChildProcesses() {}

    /**
     * Starts the process that {@code pb} describes (its command gains the wrapper) so that it dies
     * with this JVM, even on SIGKILL. A program that cannot be found fails here with an
     * IOException, as {@link ProcessBuilder#start} would (the wrapper would otherwise report it
     * only by its exit code).
     */
    public static Process start(ProcessBuilder pb) throws IOException {
        List<String> command = new ArrayList<>(pb.command());
        String program = executable(command.get(0), pb);
        String wrapper = setpriv();
        int nice = callerNice();
        String nicer = nice > 0 ? nice() : "";
        Future<Process> started = LAUNCHER.submit(() -> {
            // A child starts at the launcher thread's nice value (the JVM's); `nice -n` adds to that,
            // so it is raised by the difference to its caller's (a lowered task of the window).
            int raise = nicer.isEmpty() ? 0 : nice - callerNice();
            if (!wrapper.isEmpty() || raise > 0) {
                List<String> wrapped = new ArrayList<>(command);
                wrapped.set(0, program);
                if (raise > 0) {
                    wrapped.addAll(0, List.of(nicer, "-n", Integer.toString(raise), "--"));
                }
                if (!wrapper.isEmpty()) {
                    wrapped.addAll(0, List.of(wrapper, "--pdeathsig", "TERM", "--"));
                }
                pb.command(wrapped);
            }
            return pb.start();
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return started.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the start takes milliseconds; the caller sees the interrupt next
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("starting " + command.get(0) + " failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The program's path as the process will run it, or an IOException like the JDK's when there is none. */
    private static String executable(String program, ProcessBuilder pb) throws IOException {
        if (program.contains("/")) {
            Path p = Path.of(program);
            if (!p.isAbsolute() && pb.directory() != null) {
                p = pb.directory().toPath().resolve(p);
            }
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return program;
            }
        } else {
            String found = onPath(program, pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
            if (!found.isEmpty()) {
                return found;
            }
        }
        throw new IOException("Cannot run program \"" + program + "\": error=2, No such file or directory");
    }

    /**
     * The calling thread's nice value on Linux ({@code /proc/thread-self/stat}), 0 where it cannot be
     * read. The desktop window lowers its task threads ({@code gui.common.CpuShare}); a process one
     * of them starts runs as low as the thread that asked for it, as if that thread had started it.
     */
    public static int callerNice() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // "tid (name) state ppid ...": the name may hold spaces and parentheses; field 19 (nice)
            // is the 17th after the name's closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(f[16]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The path of {@code nice} on the JVM's PATH, or "" (found once per JVM). */
    private static String nice() {
        String n = niceProgram;
        if (n == null) {
            n = onPath("nice", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            niceProgram = n;
        }
        return n;
    }

    /** The path of an executable file {@code name} in the directories of {@code path}, or "". */
    private static String onPath(String name, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return "";
    }

    /** The path of a {@code setpriv} that knows {@code --pdeathsig}, or "" (found once per JVM). */
    static String setpriv() {
        String s = setpriv;
        if (s == null) {
            s = "";
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, "setpriv");
                if (Files.isExecutable(candidate) && works(candidate.toString())) {
                    s = candidate.toString();
                    break;
                }
            }
            if (!Thread.currentThread().isInterrupted()) { // an interrupted probe proves nothing: ask again next time
                setpriv = s;
            }
        }
        return s;
    }

    private static boolean works(String setprivPath) {
        try {
            Process p = new ProcessBuilder(setprivPath, "--pdeathsig", "TERM", "--", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Installs the shutdown hook (once per JVM is enough; more are harmless). */
    public static void stopAllOnExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::stopAll, "strata-stop-children"));
    }

    /** Stops every live descendant of this JVM; returns how many there were. */
    static int stopAll() {
        List<ProcessHandle> children = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        children.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        for (ProcessHandle p : children) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // still running (or interrupted): killed below
            }
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return children.size();
    }
}
