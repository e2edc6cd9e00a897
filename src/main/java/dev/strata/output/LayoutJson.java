package dev.strata.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.image.BuiltImage;
import dev.strata.image.BuiltLayer;
import java.nio.charset.StandardCharsets;

/**
 * The small JSON files around the blobs: OCI's {@code oci-layout} and {@code index.json}, and
 * Docker's {@code manifest.json} and {@code repositories} for {@code docker load}.
 */
final class LayoutJson {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String CONTAINERD_NAME = "io.containerd.image.name";
    static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
    static final ObjectMapper JSON = new ObjectMapper();

    private LayoutJson() {}

    static byte[] ociLayout() {
        return "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
    }

    /** The index entry of an image: its manifest descriptor, platform and name annotations. */
    static ObjectNode manifestDescriptor(BuiltImage image, ImageName name) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", image.manifestMediaType());
        d.put("digest", image.manifestDigest().toString());
        d.put("size", image.manifest().size());
        if (name != null) {
            ObjectNode a = d.putObject("annotations");
            a.put(CONTAINERD_NAME, name.qualified());
            a.put(REF_NAME, name.toString());
        }
        ObjectNode p = d.putObject("platform");
        p.put("architecture", image.platform().architecture());
        p.put("os", image.platform().os());
        if (image.platform().variant() != null) {
            p.put("variant", image.platform().variant());
        }
        return d;
    }

    /** {@code index.json} holding this one image. */
    static byte[] index(BuiltImage image, ImageName name) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", INDEX_MEDIA_TYPE);
        root.putArray("manifests").add(manifestDescriptor(image, name));
        return bytes(root);
    }

    /**
     * {@code index.json} of an existing layout with this image added: an entry with the same name
     * (or, for an unnamed image, the same digest) is replaced, others are kept.
     */
    static byte[] indexWith(JsonNode existing, BuiltImage image, ImageName name) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", INDEX_MEDIA_TYPE);
        ArrayNode manifests = root.putArray("manifests");
        for (JsonNode m : existing.path("manifests")) {
            String ref = m.path("annotations").path(REF_NAME).asText(null);
            boolean same = name != null ? name.toString().equals(ref)
                    : ref == null && image.manifestDigest().toString().equals(m.path("digest").asText());
            if (!same) {
                manifests.add(m);
            }
        }
        manifests.add(manifestDescriptor(image, name));
        return bytes(root);
    }

    /** Docker's {@code manifest.json}: the config and layer files, and the tags. */
    static byte[] dockerManifest(BuiltImage image, ImageName name) {
        ArrayNode root = JSON.createArrayNode();
        ObjectNode m = root.addObject();
        m.put("Config", blobPath(image.configDigest().hex()));
        ArrayNode tags = m.putArray("RepoTags");
        if (name != null) {
            tags.add(name.toString());
        }
        ArrayNode layers = m.putArray("Layers");
        for (BuiltLayer l : image.layers()) {
            layers.add(blobPath(l.digest().hex()));
        }
        return bytes(root);
    }

    /**
     * Docker's legacy {@code repositories}: name -> tag -> image ID. This archive has no legacy
     * per-layer directories (loaders use {@code manifest.json}), so the ID given is the config's.
     */
    static byte[] repositories(BuiltImage image, ImageName name) {
        ObjectNode root = JSON.createObjectNode();
        if (name != null) {
            root.putObject(name.repository()).put(name.tag(), image.configDigest().hex());
        }
        return bytes(root);
    }

    static String blobPath(String hex) {
        return "blobs/sha256/" + hex;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
