package dev.strata.output;

import java.util.Objects;

/**
 * What a daemon load needs of an image: the docker-archive as a stream writer (from the cache
 * blobs, no temporary tar), its size in bytes when known (for progress; -1 otherwise), and the
 * {@code NAME:TAG} its {@code manifest.json} carries.
 */
public record LoadableImage(TarBodyWriter archive, long size, String name) {
    public LoadableImage {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(name, "name");
    }
}
