package dev.strata.image;

import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import java.nio.file.Path;
import java.util.List;

/**
 * What an image is made of besides its plan and config: the closure the plan splits, the symlink
 * forest that becomes the top layer, the Nix system (for architecture and os), the image it is
 * built on, and the files added on top.
 *
 * @param forest the symlink forest store path, or null for an image with no forest in its top layer
 * @param storeRoot where store paths are read: {@code /} normally (tests use a scratch root)
 * @param base the image to build on ({@code --from}), or null
 * @param adds files added on top ({@code --add}), one layer each, in order
 */
public record ImageInputs(String system, Closure closure, StorePath forest, Path storeRoot, BaseImage base,
                          List<AddedFiles> adds) {
    public ImageInputs {
        adds = adds == null ? List.of() : List.copyOf(adds);
    }

    public ImageInputs(String system, Closure closure, StorePath forest, Path storeRoot) {
        this(system, closure, forest, storeRoot, null, List.of());
    }

    public ImageInputs(String system, Closure closure, StorePath forest) {
        this(system, closure, forest, Path.of("/"), null, List.of());
    }

    /** The same inputs on a base and with files added. */
    public ImageInputs with(BaseImage newBase, List<AddedFiles> newAdds) {
        return new ImageInputs(system, closure, forest, storeRoot, newBase, newAdds);
    }
}
