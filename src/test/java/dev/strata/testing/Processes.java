package dev.strata.testing;

/** Process ids for tests of what Strata does with leftovers of processes that are gone. */
public final class Processes {
    private Processes() {}

    /** The id of a process that ran and has exited (not reused this soon on a machine with free ids). */
    public static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
