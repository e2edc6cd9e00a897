package dev.strata.nix;

import dev.strata.closure.Closure;
import dev.strata.closure.PathMeta;
import dev.strata.closure.StorePath;
import dev.strata.source.ResolvedSource;
import java.util.List;
import java.util.Map;

/**
 * Packages built and ready to become an image: the resolved source, the selected packages, the
 * runtime closure of their outputs (the roots), and the symlink forest that becomes the top layer
 * (not part of the closure: its links point into it), and what the set says of the closure's paths
 * ({@code meta}: name, version, licences, homepage, for SBOMs; paths it cannot explain are absent).
 * Holds a GC root until closed.
 */
public record Realisation(ResolvedSource source, String system, List<SelectedPackage> packages,
                          List<StorePath> roots, StorePath forest, Closure closure, Map<StorePath, PathMeta> meta,
                          GcRoot gcRoot)
        implements AutoCloseable {
    public Realisation {
        packages = List.copyOf(packages);
        roots = List.copyOf(roots);
        meta = Map.copyOf(meta);
    }

    /** A realisation without package metadata. */
    public Realisation(ResolvedSource source, String system, List<SelectedPackage> packages, List<StorePath> roots,
                       StorePath forest, Closure closure, GcRoot gcRoot) {
        this(source, system, packages, roots, forest, closure, Map.of(), gcRoot);
    }

    @Override
    public void close() {
        gcRoot.close();
    }
}
