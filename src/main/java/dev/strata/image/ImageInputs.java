package dev.strata.image;

import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import java.nio.file.Path;

/**
 * What an image is made of besides its plan and config: the closure the plan splits, the symlink
 * forest that becomes the top layer, and the Nix system (for architecture and os).
 *
 * @param forest the symlink forest store path, or null for an image with no forest in its top layer
 * @param storeRoot where store paths are read: {@code /} normally (tests use a scratch root)
 */
public record ImageInputs(String system, Closure closure, StorePath forest, Path storeRoot) {
    public ImageInputs(String system, Closure closure, StorePath forest) {
        this(system, closure, forest, Path.of("/"));
    }
}
