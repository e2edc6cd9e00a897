package dev.strata.closure;

import java.util.List;
import java.util.Objects;

/**
 * What Nix knows about one valid store path: its NAR size and hash and the paths it references
 * (as {@code nix path-info --json} reports them; a self-reference may be among them).
 */
public record PathInfo(StorePath path, long narSize, List<StorePath> references, String narHash) {
    public PathInfo {
        Objects.requireNonNull(path, "path");
        if (narSize < 0) {
            throw new IllegalArgumentException("negative narSize " + narSize + " for " + path);
        }
        references = List.copyOf(references);
        narHash = narHash == null ? "" : narHash;
    }

    public PathInfo(StorePath path, long narSize, List<StorePath> references) {
        this(path, narSize, references, "");
    }
}
