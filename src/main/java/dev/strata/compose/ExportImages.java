package dev.strata.compose;

import dev.strata.StrataException;
import dev.strata.output.LoadableImage;
import dev.strata.output.PushableImage;

/**
 * THE SEAM between the export commands ({@code strata push}, {@code strata load}, the GUI's export
 * screen) and the image pipeline: turn a recipe into an image whose blobs are in the cache. The
 * transport (output/registry, output/daemon) takes it from there.
 *
 * <p>Not connected yet: {@link #pipeline()} is where the lead plugs in Composer + ImageBuilder,
 * adapting {@code BuiltImage} to {@link PushableImage} (manifest bytes and media type, the config
 * and layer blobs as cache files) and the docker-archive writer to {@link LoadableImage}.
 */
public interface ExportImages {
    /** Builds the recipe's image (or finds it in the cache), ready to push. */
    PushableImage forPush(Recipe recipe, ProgressListener progress);

    /** Builds the recipe's image as a docker-archive named {@code nameTag}, streamed from the cache. */
    LoadableImage forLoad(Recipe recipe, String nameTag, ProgressListener progress);

    /** The pipeline's implementation. TODO(lead): return the Composer-backed implementation here. */
    static ExportImages pipeline() {
        return NotConnected.INSTANCE;
    }

    /** Until the image pipeline is merged: says so in one sentence. */
    enum NotConnected implements ExportImages {
        INSTANCE;

        @Override
        public PushableImage forPush(Recipe recipe, ProgressListener progress) {
            throw new StrataException("push is not connected to the image builder in this build yet; "
                    + "use 'strata build' and push the result with skopeo meanwhile");
        }

        @Override
        public LoadableImage forLoad(Recipe recipe, String nameTag, ProgressListener progress) {
            throw new StrataException("load is not connected to the image builder in this build yet; "
                    + "use 'strata build --format docker-archive' and 'docker load' meanwhile");
        }
    }
}
