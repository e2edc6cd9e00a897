package dev.strata.input;

import dev.strata.image.Digest;
import dev.strata.image.Platform;
import java.util.List;

/**
 * What an opened image is, as a value for the faces (the window's base image check, the plan):
 * where it came from, its digest, platform, config and layers.
 *
 * @param reference as the user wrote it
 * @param digest its manifest's digest (a docker-archive's or daemon image's config digest)
 */
public record ImageSummary(String reference, Digest digest, Platform platform, SourceConfig config,
                           List<SourceLayer> layers) {
    public ImageSummary {
        layers = List.copyOf(layers);
    }

    /** The layers' stored bytes in all. */
    public long size() {
        return layers.stream().mapToLong(SourceLayer::size).sum();
    }
}
