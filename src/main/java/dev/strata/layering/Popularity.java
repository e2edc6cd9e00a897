package dev.strata.layering;

import dev.strata.closure.StorePath;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many store paths reference each path across a package set, in Nixery's format: a map from
 * the store path name without its hash ({@code glibc-2.37-8}) to a count. Unknown names count 1.
 */
public final class Popularity {
    private final Map<String, Long> counts;

    private Popularity(Map<String, Long> counts) {
        this.counts = Map.copyOf(counts);
    }

    public static Popularity empty() {
        return new Popularity(Map.of());
    }

    public static Popularity of(Map<String, Long> counts) {
        return new Popularity(counts);
    }

    public long count(StorePath path) {
        return counts.getOrDefault(path.name(), 1L);
    }

    public long count(String name) {
        return counts.getOrDefault(name, 1L);
    }

    /** The counts, sorted by name. */
    public Map<String, Long> asMap() {
        return new TreeMap<>(counts);
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }
}
