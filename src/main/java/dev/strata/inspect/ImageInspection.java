package dev.strata.inspect;

import dev.strata.sbom.Inventory;
import java.util.List;

/**
 * What {@code strata inspect} says of an image: its digests and platform, its config's runtime
 * settings (the config's {@code config} object, as JSON text), every layer with its files and
 * store paths, the bytes higher layers waste, and its packages.
 *
 * @param manifestDigest the manifest's digest (a docker-archive's or daemon image's: its config digest, the image ID)
 */
public record ImageInspection(String reference, String manifestDigest, String configDigest, String platform,
                              String configJson, List<Layer> layers, WastedFiles wasted, Inventory packages) {
    /** One layer, lowest first. */
    public record Layer(String digest, String diffId, long size, long uncompressedSize, String mediaType,
                        LayerListing listing) { }

    public ImageInspection {
        layers = List.copyOf(layers);
    }
}
