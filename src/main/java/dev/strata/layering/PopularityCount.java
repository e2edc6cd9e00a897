package dev.strata.layering;

import dev.strata.closure.StorePath;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts popularity the way Nixery's popcount does: over a set of store paths and what each
 * references, a name's count is how many distinct paths reference a path of that name.
 * Self-references do not count (Nix lists them, popcount subtracts them by dropping counts of 1),
 * and names nothing else references are left out, so they read as 1 like every unknown name.
 *
 * <p>Example: {@code hello -> glibc}, {@code bash -> glibc}, {@code glibc -> glibc} gives
 * {@code {"glibc-2.37-8": 2}}; hello and bash are referenced by nothing and are not listed.
 */
public final class PopularityCount {
    private PopularityCount() {}

    /** @param references each path (the union of some closures) and the paths it references */
    public static Popularity count(Map<StorePath, ? extends Collection<StorePath>> references) {
        Map<String, Long> counts = new HashMap<>();
        for (Map.Entry<StorePath, ? extends Collection<StorePath>> e : references.entrySet()) {
            Set<String> names = new HashSet<>();
            for (StorePath ref : e.getValue()) {
                if (!ref.equals(e.getKey())) {
                    names.add(ref.name());
                }
            }
            for (String name : names) {
                counts.merge(name, 1L, Long::sum);
            }
        }
        return Popularity.of(counts);
    }
}
