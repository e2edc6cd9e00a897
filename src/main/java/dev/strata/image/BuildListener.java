package dev.strata.image;

/**
 * What {@link ImageBuilder} reports while it works; called from worker threads, so implementations
 * must be thread-safe. Byte counts are file content read from the store.
 */
public interface BuildListener {
    BuildListener NONE = new BuildListener() { };

    /** A layer starts being written (not called for layers reused from the cache). */
    default void layerStarted(int index, int count, String description) { }

    /** Content bytes read so far for the whole image, of about {@code total} (the plan's NAR sizes). */
    default void bytesRead(long done, long total) { }

    /** A layer is ready, written now or reused. */
    default void layerFinished(int index, int count, BuiltLayer layer) { }

    /** Something was left out of a layer; one sentence. */
    default void warning(String message) { }
}
