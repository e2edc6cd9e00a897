package dev.strata.output;

/**
 * Something a push or load reports about one blob (or, for a load, the whole archive, with a null
 * digest): it started, bytes went out, it was found already there, mounted from another repository,
 * uploaded, or is being retried after a fault.
 *
 * @param digest the blob, or null for an archive streamed to a daemon
 * @param done bytes sent so far in this attempt
 * @param size the blob's size, or -1 when unknown
 * @param detail a short human note (the reason for a retry, the repository mounted from), or null
 */
public record TransferEvent(Kind kind, String digest, long done, long size, String detail) {
    public enum Kind {
        /** About to upload (or stream) this blob. */
        STARTED,
        /** {@code done} bytes of {@code size} sent. */
        PROGRESS,
        /** The registry already had the blob; nothing sent. */
        EXISTS,
        /** Linked from another repository of the same registry; nothing sent. */
        MOUNTED,
        /** Fully sent and accepted. */
        FINISHED,
        /** A fault happened; the step is tried again (detail says why). */
        RETRYING,
        /** A manifest was stored under a tag (digest = the manifest digest, detail = the tag). */
        TAGGED
    }

    public static TransferEvent of(Kind kind, String digest, long done, long size) {
        return new TransferEvent(kind, digest, done, size, null);
    }
}
