package dev.strata.nix;

import dev.strata.closure.StorePath;
import java.util.List;

/**
 * A package's installed outputs as evaluation gives them, before any build, and their closure size
 * once known.
 *
 * @param drvName the derivation name (an output's store path name is it, or it and the output's name)
 * @param closureSize the NAR size of the outputs' closure when they are all in the store, else -1
 */
public record PackageOutputs(String attrPath, String drvName, List<StorePath> outputs, long closureSize) {
    public PackageOutputs {
        outputs = List.copyOf(outputs);
    }

    /** An output's name: {@code out} for the path named like the derivation, else the suffix ({@code bin}, {@code lib}). */
    public static String outputName(String drvName, StorePath path) {
        String n = path.name();
        return n.equals(drvName) || drvName.isEmpty() ? "out"
                : n.startsWith(drvName + "-") ? n.substring(drvName.length() + 1) : n;
    }
}
