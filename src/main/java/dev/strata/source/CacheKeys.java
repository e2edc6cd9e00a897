package dev.strata.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Cache keys that cannot collide by accident: every part is length-prefixed before hashing, so
 * {@code ["ab", "c"]} and {@code ["a", "bc"]} (or a package list and a source that happen to
 * concatenate to the same text) give different keys.
 */
public final class CacheKeys {
    private CacheKeys() {}

    public static String of(List<String> parts) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            md.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            md.update(bytes);
            md.update((byte) ';');
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String of(String... parts) {
        return of(List.of(parts));
    }

    /**
     * The key of an image build: the source's identity, the target system and the package list
     * (each name a separate part, in the given order), plus anything else that changes the result.
     */
    public static String build(String sourceKey, String system, List<String> packages, List<String> extra) {
        List<String> parts = new ArrayList<>();
        parts.add("strata-build-v1");
        parts.add(sourceKey);
        parts.add(system);
        parts.add(Integer.toString(packages.size()));
        parts.addAll(packages);
        parts.addAll(extra);
        return of(parts);
    }
}
