package dev.strata.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.compose.ProgressEvent;
import dev.strata.compose.ProgressListener;
import java.io.PrintWriter;

/** Printing for commands: JSON results on stdout, progress on stderr (only for people at a terminal). */
final class Output {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Log events starting with this are shown like progress (a skipped file, say). */
    static final String WARNING = "warning: ";
    /** Progress totals above this are byte counts (items counted are far fewer). */
    private static final long BYTE_COUNT = 1 << 20;

    /** Progress lines on stderr: stage starts and finishes, Nix's build activity, warnings. Quiet with --json. */
    static ProgressListener progress(PrintWriter err, boolean quiet) {
        if (quiet || System.getenv("STRATA_QUIET") != null) {
            return ProgressListener.NONE;
        }
        return new ProgressListener() {
            private String last = "";
            private long lastProgress;

            @Override
            public synchronized void on(ProgressEvent e) {
                String line = switch (e.kind()) {
                    case STARTED -> e.message() + " ...";
                    case FINISHED -> "  " + e.message();
                    case PROGRESS -> "  " + e.message();
                    case LOG -> e.message().startsWith(WARNING) ? "  " + e.message() : null;
                };
                if (e.kind() == ProgressEvent.Kind.PROGRESS && e.total() > BYTE_COUNT && e.done() < e.total()) {
                    // Byte counts arrive many times a second: one line a second is enough at a terminal.
                    long now = System.nanoTime();
                    if (now - lastProgress < 1_000_000_000L) {
                        return;
                    }
                    lastProgress = now;
                }
                if (line != null && !line.equals(last)) {
                    err.println(line);
                    err.flush();
                    last = line;
                }
            }
        };
    }
}
