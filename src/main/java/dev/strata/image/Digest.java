package dev.strata.image;

import dev.strata.StrataException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A SHA-256 content digest, written {@code sha256:<64 hex digits>} as in OCI descriptors, Docker
 * manifests and registry URLs. Blobs are stored and looked up by it.
 */
public record Digest(String hex) implements Comparable<Digest> {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Digest {
        Objects.requireNonNull(hex, "hex");
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: '" + hex + "'");
        }
    }

    /** Parses {@code sha256:<hex>}; anything else is refused with a sentence saying so. */
    public static Digest parse(String text) {
        if (text == null || !text.startsWith("sha256:") || !HEX.matcher(text.substring(7)).matches()) {
            throw new StrataException("'" + text + "' is not a digest; write sha256: followed by 64 lowercase hex digits");
        }
        return new Digest(text.substring(7));
    }

    /** The digest of these bytes. */
    public static Digest of(byte[] bytes) {
        MessageDigest md = sha256();
        return new Digest(HexFormat.of().formatHex(md.digest(bytes)));
    }

    /** The digest a hasher has made of everything it was given; ends it. */
    public static Digest of(MessageDigest finished) {
        return new Digest(HexFormat.of().formatHex(finished.digest()));
    }

    /** A fresh SHA-256 hasher. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    @Override
    public int compareTo(Digest other) {
        return hex.compareTo(other.hex);
    }

    /** {@code sha256:<hex>}. */
    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
