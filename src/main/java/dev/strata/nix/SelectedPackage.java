package dev.strata.nix;

import dev.strata.closure.StorePath;
import java.util.List;

/**
 * A requested package as found in the set: the name the user gave, the attribute path it resolved
 * to (after the case-insensitive fallback), its derivation name and the outputs an image gets.
 */
public record SelectedPackage(String requested, String attrPath, String drvName, List<StorePath> outputs) {
    public SelectedPackage {
        outputs = List.copyOf(outputs);
    }
}
