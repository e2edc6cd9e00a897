package dev.strata.inspect;

import dev.strata.sbom.Inventory;
import java.util.List;

/**
 * What {@code strata inspect} says of an image: its digests and platform, its config's runtime
 * settings (the config's {@code config} object, as JSON text), every layer with its files and
 * store paths, the bytes higher layers waste, and its packages. A {@link #planned} inspection is of
 * a recipe, planned and not built: its store layers only (no symlink, added-files or base layer),
 * digests where the layer cache holds the layer, sizes estimated from NAR sizes elsewhere, no files
 * listed and no manifest or config digest.
 *
 * @param manifestDigest the manifest's digest (a docker-archive's or daemon image's: its config digest, the image ID)
 */
public record ImageInspection(String reference, String manifestDigest, String configDigest, String platform,
                              String configJson, List<Layer> layers, WastedFiles wasted, Inventory packages,
                              boolean planned) {
    /**
     * One layer, lowest first.
     *
     * @param digest null for a planned layer the cache does not hold (so is its diffId)
     * @param exact false when the sizes are estimated (a planned layer not in the cache)
     */
    public record Layer(String digest, String diffId, long size, long uncompressedSize, String mediaType,
                        LayerListing listing, boolean exact) {
        public Layer(String digest, String diffId, long size, long uncompressedSize, String mediaType,
                     LayerListing listing) {
            this(digest, diffId, size, uncompressedSize, mediaType, listing, true);
        }
    }

    public ImageInspection {
        layers = List.copyOf(layers);
    }

    /** An image read from its blobs (not {@link #planned}). */
    public ImageInspection(String reference, String manifestDigest, String configDigest, String platform,
                           String configJson, List<Layer> layers, WastedFiles wasted, Inventory packages) {
        this(reference, manifestDigest, configDigest, platform, configJson, layers, wasted, packages, false);
    }
}
