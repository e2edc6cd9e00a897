package dev.strata.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.StrataException;
import dev.strata.image.Compression;
import dev.strata.image.Digest;
import dev.strata.image.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Image manifests and indexes (manifest lists) in both dialects, read and checked: schema version
 * 2, sha256 digests, sizes, and layer media types Strata can build on (tar, gzip or zstd layers, in
 * Docker's or OCI's names). An index is resolved to the one manifest for a platform
 * ({@link #choose}); when it has none, the sentence lists the platforms it has.
 */
final class Manifests {
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    private Manifests() {}

    /** A blob reference: media type, digest, size; for an index entry also its platform and annotations. */
    record Descriptor(String mediaType, Digest digest, long size, Platform platform, Map<String, String> annotations) { }

    /** What a manifest or index document is. */
    sealed interface Document permits Manifest, Index { }

    /** An image manifest. @param dialect its media type (OCI's or Docker's) */
    record Manifest(String dialect, Descriptor config, List<Descriptor> layers) implements Document { }

    /** An index or manifest list. */
    record Index(List<Descriptor> manifests) implements Document { }

    /**
     * Parses a manifest or index.
     *
     * @param declared the media type its source gave (a Content-Type, a descriptor's), or "" for none
     * @param what names it in messages, e.g. "the manifest of docker://host/base:1"
     */
    static Document parse(byte[] bytes, String declared, String what) {
        JsonNode root = Json.object(bytes, what);
        if (root.path("schemaVersion").asInt(0) != 2) {
            throw new StrataException(what + " has schema version " + root.path("schemaVersion")
                    + "; Strata reads schema 2 (Docker v2 schema 2 and OCI) manifests: copy the image with a current "
                    + "tool (skopeo copy) to convert it");
        }
        String type = root.path("mediaType").asText("");
        if (type.isEmpty()) {
            type = declared == null ? "" : declared;
        }
        boolean index = type.equals(OCI_INDEX) || type.equals(DOCKER_LIST)
                || (type.isEmpty() && root.has("manifests") && !root.has("layers"));
        if (index) {
            List<Descriptor> out = new ArrayList<>();
            JsonNode ms = root.path("manifests");
            if (!ms.isArray()) {
                throw new StrataException(what + " is an index without a manifests list; the image is damaged");
            }
            for (JsonNode m : ms) {
                out.add(descriptor(m, "an entry of " + what));
            }
            return new Index(out);
        }
        if (!type.isEmpty() && !type.equals(OCI_MANIFEST) && !type.equals(DOCKER_MANIFEST)) {
            throw new StrataException(what + " has media type " + Json.shorten(type) + ", which is not an image "
                    + "manifest or index Strata reads (OCI or Docker v2 schema 2)");
        }
        if (!root.path("config").isObject() || !root.path("layers").isArray()) {
            throw new StrataException(what + " has no config or no layers list; it is not an image manifest");
        }
        Descriptor config = descriptor(root.path("config"), "the config named in " + what);
        List<Descriptor> layers = new ArrayList<>();
        int i = 0;
        for (JsonNode l : root.path("layers")) {
            i++;
            Descriptor d = descriptor(l, "layer " + i + " of " + what);
            if (Compression.ofLayerMediaType(d.mediaType()) == null) {
                throw new StrataException("layer " + i + " of " + what + " has media type '" + Json.shorten(d.mediaType())
                        + "', which Strata cannot build on (only tar, tar+gzip and tar+zstd layers; not foreign, "
                        + "non-distributable or encrypted ones); choose another image");
            }
            layers.add(d);
        }
        return new Manifest(type.isEmpty() ? OCI_MANIFEST : type, config, layers);
    }

    static Descriptor descriptor(JsonNode d, String what) {
        if (!d.isObject()) {
            throw new StrataException(what + " is not a descriptor object; the image is damaged");
        }
        Digest digest = Json.digest(d.get("digest"), "the digest of " + what);
        JsonNode size = d.get("size");
        if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
            throw new StrataException(what + " has no valid size; the image is damaged");
        }
        Platform platform = null;
        JsonNode p = d.path("platform");
        if (p.isObject() && p.path("architecture").isTextual() && p.path("os").isTextual()) {
            platform = new Platform(p.path("architecture").asText(), p.path("os").asText(),
                    p.path("variant").isTextual() ? p.path("variant").asText() : null);
        }
        Map<String, String> annotations = new TreeMap<>();
        d.path("annotations").fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                annotations.put(e.getKey(), e.getValue().asText());
            }
        });
        return new Descriptor(d.path("mediaType").asText(""), digest, size.asLong(), platform, annotations);
    }

    /**
     * The entry of an index for {@code wanted}. Entries without a platform (an OCI layout's
     * index.json names images, not platforms) count only when the index has one entry.
     */
    static Descriptor choose(Index index, Platform wanted, String what) {
        List<String> have = new ArrayList<>();
        for (Descriptor d : index.manifests()) {
            if (d.platform() != null && wanted.accepts(d.platform())) {
                return d;
            }
            if (d.platform() != null) {
                have.add(d.platform().describe());
            }
        }
        if (have.isEmpty() && index.manifests().size() == 1) {
            return index.manifests().get(0);
        }
        if (index.manifests().isEmpty()) {
            throw new StrataException(what + " lists no images; the image is empty or damaged");
        }
        throw new StrataException(what + " has no image for " + wanted.describe() + (have.isEmpty() ? ""
                : "; it has " + String.join(", ", have.stream().distinct().toList())) + "; choose a base built for "
                + wanted.describe());
    }
}
