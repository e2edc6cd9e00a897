package dev.strata.output;

import dev.strata.closure.StorePath;
import java.util.List;

/**
 * Reads which store paths each layer of an existing image holds, base first, for
 * {@code --previous IMAGE}. {@link #local()} reads image files ({@code oci:DIR[:TAG]},
 * {@code oci-archive:FILE}, {@code docker-archive:FILE}); a reader of registry and daemon images
 * can take its place behind this interface.
 */
public interface ImageLayers {
    /** Whether this reader understands the reference (by its transport prefix). */
    boolean accepts(String reference);

    /** Each layer's store paths (possibly none), base first. */
    List<List<StorePath>> storePaths(String reference);

    /** The reader of image files on this machine. */
    static ImageLayers local() {
        return new LocalImageLayers();
    }
}
