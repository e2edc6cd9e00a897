package dev.strata;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Strata keeps its cache: {@code $STRATA_CACHE_DIR}, else {@code $XDG_CACHE_HOME/strata},
 * else {@code ~/.cache/strata}. Everything below it is content-addressed or keyed by content.
 */
public final class CacheDir {
    private CacheDir() {}

    public static Path resolve() {
        String property = System.getProperty("strata.cacheDir");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath(); // tests and embedders
        }
        return resolve(System.getenv(), System.getProperty("user.home"));
    }

    static Path resolve(Map<String, String> env, String home) {
        String explicit = env.get("STRATA_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "strata").toAbsolutePath();
        }
        return Path.of(home, ".cache", "strata");
    }
}
