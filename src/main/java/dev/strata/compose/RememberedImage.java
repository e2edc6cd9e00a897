package dev.strata.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.closure.StorePath;
import dev.strata.image.Blob;
import dev.strata.image.BlobStore;
import dev.strata.image.BuiltImage;
import dev.strata.image.BuiltLayer;
import dev.strata.image.Compression;
import dev.strata.image.Digest;
import dev.strata.image.ImageRecords;
import dev.strata.image.ManifestFormat;
import dev.strata.image.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image built before from an immutable source, made whole again from the cache: the remembered
 * manifest, its config (diffIDs, platform) and the layer notes (store paths, descriptions) its
 * build left, every layer marked reused. What {@code strata build} saves without running Nix when
 * the recipe's image key is remembered and every blob still verifies ({@link ImageRecords#recall}).
 */
final class RememberedImage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RememberedImage() {}

    /** The notes a build leaves for its image: each layer's digest, store paths and description. */
    static List<ImageRecords.LayerNote> notes(BuiltImage image) {
        return image.layers().stream().map(l -> new ImageRecords.LayerNote(l.digest().toString(),
                l.paths().stream().map(StorePath::path).toList(), l.description())).toList();
    }

    /**
     * The built image of a remembered manifest; empty when the notes do not match its layers or a
     * blob cannot be read (then the caller builds as usual).
     */
    static Optional<BuiltImage> of(BlobStore blobs, ImageRecords.Manifest manifest, List<ImageRecords.LayerNote> notes,
                                   Compression compression) {
        try {
            JsonNode m = JSON.readTree(manifest.bytes());
            String mediaType = m.path("mediaType").asText();
            ManifestFormat format = null;
            for (ManifestFormat f : ManifestFormat.values()) {
                if (f.manifestMediaType().equals(mediaType)) {
                    format = f;
                }
            }
            JsonNode layers = m.path("layers");
            if (format == null || layers.size() != notes.size()) {
                return Optional.empty();
            }
            Digest configDigest = Digest.parse(m.path("config").path("digest").asText());
            byte[] configBytes = Files.readAllBytes(blobs.path(configDigest));
            JsonNode config = JSON.readTree(configBytes);
            JsonNode diffIds = config.path("rootfs").path("diff_ids");
            if (diffIds.size() != layers.size()) {
                return Optional.empty();
            }
            List<BuiltLayer> built = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                JsonNode l = layers.get(i);
                ImageRecords.LayerNote note = notes.get(i);
                Digest digest = Digest.parse(l.path("digest").asText());
                if (!note.digest().equals(digest.toString())) {
                    return Optional.empty();
                }
                List<StorePath> paths = note.paths().stream().map(StorePath::of).toList();
                built.add(new BuiltLayer(digest, Digest.parse(diffIds.get(i).asText()), l.path("size").asLong(),
                        l.path("mediaType").asText(), blobs.path(digest), paths, note.description(), true));
            }
            Digest manifestDigest = Digest.parse(manifest.digest());
            Platform platform = new Platform(config.path("architecture").asText(), config.path("os").asText(),
                    config.path("variant").isMissingNode() ? null : config.path("variant").asText());
            return Optional.of(new BuiltImage(format, compression,
                    new Blob(manifestDigest, manifest.bytes().length, blobs.path(manifestDigest)), manifest.bytes(),
                    mediaType, new Blob(configDigest, configBytes.length, blobs.path(configDigest)), configBytes, built,
                    platform));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a record that does not fit: build as usual
        }
    }
}
