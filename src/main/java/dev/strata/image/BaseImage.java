package dev.strata.image;

import java.util.List;
import java.util.Objects;

/**
 * An image to build on ({@code --from}), as the image builder takes it: its layers' blobs already
 * in the blob store (checked against their digests when they were put there), its config's exact
 * bytes, and where it came from, for messages and the history.
 *
 * @param reference the reference as the user gave it, e.g. {@code oci:base:1}
 * @param manifestDigest the digest of the manifest it was read from (a tag resolves to it)
 * @param platform the platform its config names
 * @param config the config's bytes as the base has them (Strata's config starts from them)
 * @param layers the base's layers, lowest first
 */
public record BaseImage(String reference, Digest manifestDigest, Platform platform, byte[] config,
                        List<BaseLayer> layers) {
    public BaseImage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(platform, "platform");
        config = config.clone();
        layers = List.copyOf(layers);
    }

    @Override
    public byte[] config() {
        return config.clone();
    }

    /** The base's size as pulled: the sum of its layer blobs. */
    public long size() {
        return layers.stream().mapToLong(BaseLayer::size).sum();
    }

    /**
     * One layer of a base image: its blob in the store and the digest of its uncompressed tar.
     *
     * @param compression how the blob is compressed (its media type in any dialect follows from it)
     */
    public record BaseLayer(Digest digest, Digest diffId, long size, Compression compression) { }
}
