package dev.strata.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a registry push needs of an image: the manifest exactly as it will be stored (its bytes
 * decide the manifest digest), its media type, and the blobs it references. The pusher never
 * rewrites the manifest, so what is pushed is what was built.
 *
 * @param manifest the manifest's bytes
 * @param manifestMediaType e.g. {@code application/vnd.oci.image.manifest.v1+json}
 * @param config the config blob
 * @param layers the layer blobs in manifest order (base layer first)
 */
public record PushableImage(byte[] manifest, String manifestMediaType, ImageBlob config, List<ImageBlob> layers) {
    public PushableImage {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(manifestMediaType, "manifestMediaType");
        Objects.requireNonNull(config, "config");
        manifest = manifest.clone();
        layers = List.copyOf(layers);
    }

    @Override
    public byte[] manifest() {
        return manifest.clone();
    }

    /** sha256 of the manifest bytes: the digest the registry will report. */
    public String manifestDigest() {
        return Digests.sha256(manifest);
    }

    /** Every blob, layers first and the config last: the order they go to a registry. */
    public List<ImageBlob> blobsInPushOrder() {
        List<ImageBlob> all = new ArrayList<>(layers);
        all.add(config);
        return all;
    }
}
