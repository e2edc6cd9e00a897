package dev.strata.layering;

import dev.strata.closure.StorePath;
import java.util.List;

/**
 * A user's wish that some store paths (a package's outputs, or one path) get a layer of their
 * own. Only the named paths move there, not their dependencies. Counts against the budget.
 */
public record Pin(String label, List<StorePath> paths) {
    public Pin {
        paths = paths.stream().sorted().distinct().toList();
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("pin '" + label + "' names no store path");
        }
    }
}
