package dev.strata.output.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.output.ImageBlob;
import dev.strata.output.PushableImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A document (an SBOM, say) pushed as an OCI artifact that refers to an image, as the OCI image
 * spec 1.1 writes artifacts: an image manifest whose {@code artifactType} says what it is, whose
 * config is the empty descriptor ({@code application/vnd.oci.empty.v1+json}, {@code {}}), whose one
 * layer is the document, and whose {@code subject} is the image's manifest. oras-style clients find
 * it through the referrers API or, where a registry has none, the referrers tag ({@link ReferrersTag}).
 *
 * @param manifest the artifact's manifest, ready to push (its blobs: the empty config and the document)
 */
public record ReferringArtifact(PushableImage manifest, String artifactType, Map<String, String> annotations,
                                String subjectDigest) {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String EMPTY = "application/vnd.oci.empty.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public ReferringArtifact {
        annotations = Map.copyOf(annotations);
    }

    /**
     * The artifact of {@code document} (its media type is also the artifact type) referring to the image
     * whose manifest has these bytes and media type.
     *
     * @param annotations the manifest's annotations (e.g. {@code org.opencontainers.image.created}), sorted
     */
    public static ReferringArtifact of(byte[] document, String mediaType, String title, Map<String, String> annotations,
                                       byte[] subjectManifest, String subjectMediaType) {
        ImageBlob empty = ImageBlob.ofBytes("{}".getBytes(StandardCharsets.UTF_8), EMPTY);
        ImageBlob doc = ImageBlob.ofBytes(document, mediaType);
        ImageBlob subject = ImageBlob.ofBytes(subjectManifest, subjectMediaType);
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", OCI_MANIFEST);
        m.put("artifactType", mediaType);
        ObjectNode config = descriptor(m.putObject("config"), empty);
        config.put("data", "e30="); // {} in base64: clients need not fetch the empty config
        ObjectNode layer = descriptor(m.putArray("layers").addObject(), doc);
        layer.putObject("annotations").put("org.opencontainers.image.title", title);
        descriptor(m.putObject("subject"), subject);
        Map<String, String> sorted = new TreeMap<>(annotations);
        if (!sorted.isEmpty()) {
            ObjectNode a = m.putObject("annotations");
            sorted.forEach(a::put);
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new ReferringArtifact(new PushableImage(bytes, OCI_MANIFEST, empty, List.of(doc)), mediaType, sorted,
                subject.digest());
    }

    private static ObjectNode descriptor(ObjectNode node, ImageBlob blob) {
        node.put("mediaType", blob.mediaType());
        node.put("digest", blob.digest());
        node.put("size", blob.size());
        return node;
    }

    /** The descriptor an index (the referrers tag's) lists this artifact by. */
    ObjectNode indexEntry() {
        ObjectNode e = JSON.createObjectNode();
        e.put("mediaType", OCI_MANIFEST);
        e.put("digest", manifest.manifestDigest());
        e.put("size", manifest.manifest().length);
        e.put("artifactType", artifactType);
        if (!annotations.isEmpty()) {
            ObjectNode a = e.putObject("annotations");
            annotations.forEach(a::put);
        }
        return e;
    }
}
