package dev.strata.output;

import java.util.Objects;

/**
 * What a daemon load needs of an image: the docker-archive as a stream writer (from the cache
 * blobs, no temporary tar), its size in bytes when known (for progress; -1 otherwise), and the
 * {@code NAME:TAG} its {@code manifest.json} carries, and its config's bytes (empty when not known),
 * from which {@code load --sbom} reads the image's recorded inventory.
 */
public record LoadableImage(TarBodyWriter archive, long size, String name, byte[] config) {
    public LoadableImage {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(name, "name");
        config = config == null ? new byte[0] : config.clone();
    }

    /** An image whose config is not known here. */
    public LoadableImage(TarBodyWriter archive, long size, String name) {
        this(archive, size, name, new byte[0]);
    }

    @Override
    public byte[] config() {
        return config.clone();
    }
}
