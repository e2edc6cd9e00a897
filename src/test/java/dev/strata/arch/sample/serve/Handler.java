package dev.strata.arch.sample.serve;

import dev.strata.arch.sample.output.Writer;

/** Breaks "faces run the pipeline through compose": it writes an image itself. */
public final class Handler {
    void handle() {
        new Writer().write();
    }
}
