package dev.strata.compose;

/** Receives progress events; may be called from worker threads. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = e -> { };

    void on(ProgressEvent event);
}
