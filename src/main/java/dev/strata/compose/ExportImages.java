package dev.strata.compose;

import dev.strata.output.LoadableImage;
import dev.strata.output.PushableImage;

/**
 * What the export faces ({@code strata push}, {@code strata load}, the GUI's export screen) need
 * from the image pipeline: a recipe turned into an image whose blobs are in the cache. The
 * transport (output/registry, output/daemon) takes it from there. {@link PipelineExports} is the
 * implementation; tests may supply another.
 */
public interface ExportImages {
    /** Builds the recipe's image (or finds it in the cache), ready to push. */
    PushableImage forPush(Recipe recipe, ProgressListener progress);

    /** Builds the recipe's image as a docker-archive named {@code nameTag}, streamed from the cache. */
    LoadableImage forLoad(Recipe recipe, String nameTag, ProgressListener progress);

    /** The image pipeline of this environment (cache directory, Nix). */
    static ExportImages pipeline() {
        return PipelineExports.fromEnvironment();
    }
}
