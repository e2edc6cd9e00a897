package dev.strata.nix;

import dev.strata.closure.StorePath;
import java.util.List;
import java.util.Map;

/**
 * Packages built for popularity counting: the installed outputs of each package that built, and
 * why each other one did not. Holds a GC root until closed.
 */
public record PackageBuilds(Map<String, List<StorePath>> outputs, Map<String, String> failed, GcRoot gcRoot)
        implements AutoCloseable {
    public PackageBuilds {
        outputs = Map.copyOf(outputs);
        failed = Map.copyOf(failed);
    }

    @Override
    public void close() {
        gcRoot.close();
    }
}
