package dev.strata.output;

/** Receives transfer events; called from several worker threads at once, so it must be thread-safe. */
@FunctionalInterface
public interface TransferListener {
    TransferListener NONE = e -> { };

    void on(TransferEvent event);
}
