package dev.strata.serve;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the registry server needs from the pipeline: an image built for a request (both manifest
 * formats over the same blobs), manifests and blobs by digest. Implementations may block for the
 * length of a build and must stop when the calling thread is interrupted.
 */
public interface ImageService {
    /** A manifest as served: its bytes, media type and digest. */
    record Manifest(byte[] bytes, String mediaType, String digest) {}

    /** The two manifests of one image: OCI and Docker schema 2, over identical blobs. */
    record Manifests(Manifest oci, Manifest docker) {}

    Manifests build(ImageRequest request);

    /** The manifests of an image already built, when they can be answered without building (fast path). */
    default Optional<Manifests> cached(ImageRequest request) {
        return Optional.empty();
    }

    Optional<Manifest> manifestByDigest(String digest);

    /** As {@link #manifestByDigest(String)}, for the repository {@code name} (a store elsewhere keeps it there). */
    default Optional<Manifest> manifestByDigest(String name, String digest) {
        return manifestByDigest(digest);
    }

    /** The blob file, when the blob is known and intact. */
    Optional<Path> blob(String digest);

    /**
     * Where the client is sent for a blob of the repository {@code name} (a {@code 307} redirect),
     * when blobs are stored elsewhere; empty when they are served from here.
     */
    default Optional<URI> blobElsewhere(String name, String digest) {
        return Optional.empty();
    }
}
