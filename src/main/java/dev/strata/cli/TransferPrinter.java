package dev.strata.cli;

import dev.strata.compose.Sizes;
import dev.strata.output.TransferEvent;
import dev.strata.output.TransferListener;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Push and load progress on stderr. At a terminal: one line redrawn in place with a bar, blobs done
 * and bytes sent. Elsewhere (logs, CI): one line per blob when it is settled, and each retry.
 * Silent with {@code --json} or STRATA_QUIET.
 */
final class TransferPrinter implements TransferListener {
    private static final int BAR = 24;

    private final PrintWriter err;
    private final boolean terminal;
    private final String verb;
    private final int blobs;
    private final long totalBytes;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final Map<String, Boolean> settled = new ConcurrentHashMap<>();
    private long lastDraw;

    /** @param blobs how many blobs (0 for an archive, -1 not known yet), @param totalBytes their bytes, or -1 */
    private TransferPrinter(PrintWriter err, boolean terminal, String verb, int blobs, long totalBytes) {
        this.err = err;
        this.terminal = terminal;
        this.verb = verb;
        this.blobs = blobs;
        this.totalBytes = totalBytes;
    }

    static TransferListener create(PrintWriter err, boolean quiet, String verb, int blobs, long totalBytes) {
        if (quiet || System.getenv("STRATA_QUIET") != null) {
            return TransferListener.NONE;
        }
        return new TransferPrinter(err, System.console() != null, verb, blobs, totalBytes);
    }

    @Override
    public synchronized void on(TransferEvent e) {
        String key = e.digest() == null ? "archive" : e.digest();
        String line = null;
        switch (e.kind()) {
            case PROGRESS:
                sent.put(key, e.done());
                break;
            case EXISTS:
                settled.put(key, true);
                line = "  " + shortDigest(e) + " already in the registry";
                break;
            case MOUNTED:
                settled.put(key, true);
                line = "  " + shortDigest(e) + " mounted from " + e.detail();
                break;
            case FINISHED:
                settled.put(key, true);
                sent.put(key, Math.max(e.done(), e.size()));
                line = "  " + shortDigest(e) + " " + Sizes.human(Math.max(e.done(), e.size())) + " sent";
                break;
            case RETRYING:
                line = "  retrying: " + e.detail();
                break;
            case TAGGED:
                line = "  tagged " + e.detail();
                break;
            default:
                break;
        }
        if (terminal) {
            long now = System.nanoTime();
            if (line != null && e.kind() == TransferEvent.Kind.RETRYING) {
                err.print("\r\033[K" + line + "\n");
            }
            if (line != null || now - lastDraw > 100_000_000L) {
                lastDraw = now;
                err.print("\r\033[K" + bar());
                err.flush();
            }
            if (e.kind() == TransferEvent.Kind.TAGGED || (blobs == 0 && e.kind() == TransferEvent.Kind.FINISHED)) {
                err.println();
                err.flush();
            }
        } else if (line != null) {
            err.println(line);
            err.flush();
        }
    }

    private String bar() {
        long done = sent.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder sb = new StringBuilder(verb).append(' ');
        if (totalBytes > 0) {
            int filled = (int) Math.min(BAR, done * BAR / totalBytes);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
        }
        if (blobs > 0) {
            sb.append(settled.size()).append('/').append(blobs).append(" blobs, ");
        }
        sb.append(Sizes.human(done));
        if (totalBytes > 0) {
            sb.append(" of ").append(Sizes.human(totalBytes));
        }
        return sb.toString();
    }

    private static String shortDigest(TransferEvent e) {
        return e.digest() == null ? "archive" : e.digest().substring(0, Math.min(19, e.digest().length()));
    }
}
