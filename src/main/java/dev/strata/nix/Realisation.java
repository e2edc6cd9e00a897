package dev.strata.nix;

import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import dev.strata.source.ResolvedSource;
import java.util.List;

/**
 * Packages built and ready to become an image: the resolved source, the selected packages, the
 * runtime closure of their outputs (the roots), and the symlink forest that becomes the top layer
 * (not part of the closure: its links point into it). Holds a GC root until closed.
 */
public record Realisation(ResolvedSource source, String system, List<SelectedPackage> packages,
                          List<StorePath> roots, StorePath forest, Closure closure, GcRoot gcRoot)
        implements AutoCloseable {
    public Realisation {
        packages = List.copyOf(packages);
        roots = List.copyOf(roots);
    }

    @Override
    public void close() {
        gcRoot.close();
    }
}
