package dev.strata.output;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the bytes of one blob come from, opened once per transfer attempt. A file (a cache blob)
 * lets the pusher stream it with the file channel instead of a Java stream.
 */
@FunctionalInterface
public interface BlobSource {
    InputStream open() throws IOException;

    /** The file holding exactly the blob's bytes, when there is one. */
    default Optional<Path> file() {
        return Optional.empty();
    }

    static BlobSource ofFile(Path file) {
        return new BlobSource() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public Optional<Path> file() {
                return Optional.of(file);
            }

            @Override
            public String toString() {
                return file.toString();
            }
        };
    }

    static BlobSource ofBytes(byte[] bytes) {
        byte[] copy = bytes.clone();
        return () -> new ByteArrayInputStream(copy);
    }
}
