package dev.strata.arch.sample.output;

/** An operational class of the pipeline: no value a face may hold. */
public final class Writer {
    public void write() {
    }
}
