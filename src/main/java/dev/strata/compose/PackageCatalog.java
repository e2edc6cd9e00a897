package dev.strata.compose;

import dev.strata.nix.PackageIndex;
import dev.strata.nix.PackageInfo;
import java.util.List;
import java.util.Optional;

/**
 * The packages of one source as the faces use them: search, look up an attribute path, suggest
 * names close to a misspelt one. A thin view of the pipeline's package index, so that a face can
 * keep one without holding the pipeline's internals (see ArchitectureTest).
 */
public final class PackageCatalog {
    private final PackageIndex index;

    PackageCatalog(PackageIndex index) {
        this.index = index;
    }

    /** Ranked matches, best first (see {@link PackageIndex} for the ranking). */
    public List<PackageInfo> search(String query, int limit) {
        return index.search(query, limit);
    }

    public Optional<PackageInfo> get(String attrPath) {
        return index.get(attrPath);
    }

    /** Up to {@code max} attribute paths close to an unknown name, closest first. */
    public List<String> closest(String unknown, int max) {
        return index.closest(unknown, max);
    }

    /** Every package, sorted by attribute path. */
    public List<PackageInfo> all() {
        return index.all();
    }

    public int size() {
        return index.size();
    }
}
