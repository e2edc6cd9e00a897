package dev.strata.output;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One blob of an image as the registry knows it: digest of the stored (compressed) bytes, their
 * size, the media type the manifest gives it, and where to read it.
 */
public record ImageBlob(String digest, long size, String mediaType, BlobSource source) {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public ImageBlob {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(source, "source");
        if (!DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + digest);
        }
    }

    /** A blob held in memory (a config, a test fixture); the digest is computed here. */
    public static ImageBlob ofBytes(byte[] bytes, String mediaType) {
        return new ImageBlob(Digests.sha256(bytes), bytes.length, mediaType, BlobSource.ofBytes(bytes));
    }

    /** {@code sha256:0123456789ab}: enough to tell blobs apart in messages. */
    public String shortDigest() {
        return digest.substring(0, Math.min(digest.length(), 19));
    }
}
