package dev.strata.layering;

import dev.strata.closure.StorePath;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One planned layer: its store paths (sorted), their NAR size sum, why the strategy made it, a
 * stable key (SHA-256 of the sorted paths) that identifies its content for the layer cache, and
 * the strategy's rating of it (what it sorted or merged by; higher means more worth keeping
 * apart; 0 when the strategy has none).
 */
public record Layer(List<StorePath> paths, long narSize, String reason, String key, long rating) {
    public Layer {
        paths = paths.stream().sorted().distinct().toList();
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("a layer needs at least one store path");
        }
        reason = reason == null ? "" : reason;
    }

    /** A layer without a rating. */
    public Layer(List<StorePath> paths, long narSize, String reason, String key) {
        this(paths, narSize, reason, key, 0);
    }

    /** A layer of these paths; NAR size and key are computed. */
    public static Layer of(List<StorePath> paths, long narSize, String reason) {
        return of(paths, narSize, reason, 0);
    }

    public static Layer of(List<StorePath> paths, long narSize, String reason, long rating) {
        List<StorePath> sorted = paths.stream().sorted().distinct().toList();
        return new Layer(sorted, narSize, reason, keyOf(sorted), rating);
    }

    /** SHA-256 over the sorted paths, one per line: the same paths always give the same key. */
    public static String keyOf(List<StorePath> sortedPaths) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (StorePath p : sortedPaths) {
                md.update(p.path().getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
