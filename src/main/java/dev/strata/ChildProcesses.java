package dev.strata;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Strata's child processes (Nix builds and evaluations, git, the docker CLI) end with it. Every
 * call stops its own process tree when it is cancelled or times out, but that needs the JVM: when
 * the JVM itself is told to stop (the window closed mid-build, {@code kill}, a service manager's
 * SIGTERM, Ctrl-C from outside the terminal's process group) a Nix build would otherwise run on for
 * up to its full timeout, holding its store locks. A shutdown hook asks every descendant to stop
 * (SIGTERM, so Nix removes its temporary build directories), waits up to two seconds, then kills
 * what is left. Only SIGKILL of the JVM escapes it.
 */
public final class ChildProcesses {
    static final long GRACE_MILLIS = 2000;

    private ChildProcesses() {}

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
