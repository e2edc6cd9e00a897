package dev.strata.nix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Keeps realised store paths alive: a directory of Nix out-links (indirect GC roots). Close it
 * when the paths are no longer needed; until then {@code nix-collect-garbage} leaves them alone.
 */
public final class GcRoot implements AutoCloseable {
    private final Path dir;

    GcRoot(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            NixFiles.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the GC root " + dir, e);
        }
    }
}
