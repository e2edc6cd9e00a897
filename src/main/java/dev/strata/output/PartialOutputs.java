package dev.strata.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hidden {@code .NAME.*.partial} files and directories an output is written into before its
 * atomic rename. A failure or cancel removes them on the way out; when the JVM is stopped in the
 * middle (SIGTERM, the window closed) no {@code finally} runs, so a shutdown hook removes whatever
 * is still registered: the user's directory keeps either the old output or the new one, never litter.
 */
final class PartialOutputs {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PartialOutputs::removeAll, "strata-partial-outputs"));
    }

    private PartialOutputs() {}

    /** Registers a temporary output (file or directory) until {@link #done}. */
    static Path track(Path partial) {
        LIVE.add(partial);
        return partial;
    }

    /** The temporary output was renamed into place or removed. */
    static void done(Path partial) {
        LIVE.remove(partial);
    }

    /** How many temporary outputs are registered now. */
    static int live() {
        return LIVE.size();
    }

    /** Removes every registered temporary output; returns how many were registered. */
    static int removeAll() {
        int n = 0;
        for (Path p : Set.copyOf(LIVE)) {
            n++;
            try {
                OciLayout.deleteTree(p);
            } catch (IOException | RuntimeException e) {
                // best effort while the JVM stops
            }
            LIVE.remove(p);
        }
        return n;
    }
}
