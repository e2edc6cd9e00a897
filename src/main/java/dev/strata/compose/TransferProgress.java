package dev.strata.compose;

import dev.strata.output.TransferEvent;
import dev.strata.output.TransferListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns per-blob transfer events into the pipeline's progress events for one stage (PUSH or LOAD):
 * bytes done of bytes to do across all blobs, so the GUI and the terminal show one bar. Blobs found
 * in the registry or mounted count as done without bytes.
 */
public final class TransferProgress implements TransferListener {
    private final ProgressListener listener;
    private final PipelineStep stage;
    private volatile long totalBytes;
    private final Map<String, Long> doneByBlob = new ConcurrentHashMap<>();

    /** @param totalBytes the bytes of every blob (or of the archive), -1 when unknown */
    public TransferProgress(ProgressListener listener, PipelineStep stage, long totalBytes) {
        this.listener = listener;
        this.stage = stage;
        this.totalBytes = totalBytes;
    }

    /** The bytes of every blob, once known (a push that starts while its layers are still written learns it late). */
    public void total(long bytes) {
        totalBytes = bytes;
    }

    @Override
    public void on(TransferEvent e) {
        String key = e.digest() == null ? "archive" : e.digest();
        switch (e.kind()) {
            case PROGRESS:
                doneByBlob.put(key, e.done());
                report(e.digest() == null ? "sent" : "uploading " + shortDigest(e.digest()));
                break;
            case EXISTS:
                doneByBlob.put(key, Math.max(0, e.size()));
                report(shortDigest(e.digest()) + " already there");
                break;
            case MOUNTED:
                doneByBlob.put(key, Math.max(0, e.size()));
                report(shortDigest(e.digest()) + " mounted from " + e.detail());
                break;
            case FINISHED:
                doneByBlob.put(key, Math.max(e.done(), e.size()));
                report(e.digest() == null ? "sent" : shortDigest(e.digest()) + " uploaded");
                break;
            case RETRYING:
                listener.on(ProgressEvent.log(stage, "retrying: " + e.detail()));
                break;
            case TAGGED:
                listener.on(ProgressEvent.log(stage, "tagged " + e.detail() + " (" + e.digest() + ")"));
                break;
            default:
                break;
        }
    }

    private void report(String message) {
        long done = doneByBlob.values().stream().mapToLong(Long::longValue).sum();
        listener.on(ProgressEvent.progress(stage, message, done, totalBytes));
    }

    private static String shortDigest(String digest) {
        return digest == null ? "" : digest.substring(0, Math.min(19, digest.length()));
    }
}
