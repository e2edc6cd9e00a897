package dev.strata.compose;

import dev.strata.layering.Popularity;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computed popularity data and what it was computed from: the packages (or listed paths) counted,
 * the store paths in the union of their closures, and the packages skipped with the reason.
 */
public record PopularityResult(Popularity popularity, int packages, int storePaths, Map<String, String> skipped) {
    public PopularityResult {
        skipped = new TreeMap<>(skipped);
    }
}
