package dev.strata.image;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * An image ready to save, push or serve: manifest and config bytes with their digests, and every
 * layer's descriptor and blob file. Nothing here needs the layer tars to be read again.
 *
 * @param manifest the manifest blob (its digest is the image's digest in a registry)
 * @param manifestBytes the manifest's exact bytes
 * @param manifestMediaType OCI or Docker manifest media type
 * @param config the config blob (its digest is the image ID)
 * @param configBytes the config's exact bytes
 * @param layers in manifest order, base layer first, the top (symlink) layer last
 */
public record BuiltImage(ManifestFormat format, Compression compression, Blob manifest, byte[] manifestBytes,
                         String manifestMediaType, Blob config, byte[] configBytes, List<BuiltLayer> layers,
                         Platform platform) {
    public BuiltImage {
        layers = List.copyOf(layers);
    }

    public Digest manifestDigest() {
        return manifest.digest();
    }

    public Digest configDigest() {
        return config.digest();
    }

    public String configMediaType() {
        return format.configMediaType();
    }

    /** Every blob of the image: config, layers in order, then the manifest; no digest twice. */
    public List<Blob> blobs() {
        LinkedHashMap<Digest, Blob> all = new LinkedHashMap<>();
        all.put(config.digest(), config);
        for (BuiltLayer l : layers) {
            all.putIfAbsent(l.digest(), new Blob(l.digest(), l.size(), l.blob()));
        }
        all.putIfAbsent(manifest.digest(), manifest);
        return List.copyOf(all.values());
    }
}
