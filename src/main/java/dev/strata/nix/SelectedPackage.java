package dev.strata.nix;

import dev.strata.closure.StorePath;
import java.util.List;

/**
 * A requested package as found in the set: the name the user gave, the attribute path it resolved
 * to (after the case-insensitive fallback), its derivation name and the outputs an image gets. An
 * expression ({@code --expr}) is requested by its text and has no attribute path; plans and the
 * window call it by its derivation's name.
 */
public record SelectedPackage(String requested, String attrPath, String drvName, List<StorePath> outputs) {
    public SelectedPackage {
        outputs = List.copyOf(outputs);
    }

    /** The derivation an expression gave. */
    public static SelectedPackage expression(String text, String drvName, List<StorePath> outputs) {
        return new SelectedPackage(text, "", drvName, outputs);
    }

    /** True for the derivation of an expression, false for a package named by attribute path. */
    public boolean isExpression() {
        return attrPath.isEmpty();
    }

    /** What plans and the window call it: the attribute path, or an expression's derivation name. */
    public String label() {
        return isExpression() ? drvName : attrPath;
    }
}
