package dev.strata.output.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The referrers tag schema of the OCI distribution spec 1.1, for registries without the referrers
 * API (Debian's docker-registry 2.8, say): the artifacts that refer to a manifest
 * {@code sha256:HEX} are listed in an image index stored under the tag {@code sha256-HEX}. Adding
 * one reads the index there (none: an empty one), keeps every entry but one of the same digest,
 * appends the new one and stores the index again (the spec's read-modify-write; two clients
 * adding at once can lose one entry, as the spec accepts).
 */
final class ReferrersTag {
    static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClient client;

    ReferrersTag(RegistryClient client) {
        this.client = client;
    }

    /** The tag that lists the referrers of {@code sha256:HEX}. */
    static String tagOf(String subjectDigest) {
        return subjectDigest.replace(':', '-');
    }

    /** Adds the artifact to the subject's referrers tag; returns the tag. */
    String add(String repository, ReferringArtifact artifact, Consumer<RegistryException> onRetry) {
        String tag = tagOf(artifact.subjectDigest());
        ObjectNode index = current(repository, tag, onRetry);
        ArrayNode kept = JSON.createArrayNode();
        String digest = artifact.manifest().manifestDigest();
        index.path("manifests").forEach(m -> {
            if (!m.path("digest").asText().equals(digest)) {
                kept.add(m);
            }
        });
        kept.add(artifact.indexEntry());
        index.set("manifests", kept);
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(index);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        new ManifestPusher(client).put(repository, tag, bytes, INDEX, onRetry);
        return tag;
    }

    /** The index under the tag, or a new empty one when the tag does not exist. */
    private ObjectNode current(String repository, String tag, Consumer<RegistryException> onRetry) {
        String step = "reading the referrers tag '" + tag + "'";
        HttpResponse<byte[]> r = client.retrying(step, onRetry, () -> {
            HttpResponse<byte[]> got = client.send("GET", client.v2(repository, "manifests/" + tag),
                    HttpRequest.BodyPublishers.noBody(), Map.of("Accept", INDEX),
                    Set.of(RegistryClient.pushScope(repository)), step, client.timeout());
            if (got.statusCode() != 200 && got.statusCode() != 404) {
                throw client.failure(got, step);
            }
            return got;
        });
        if (r.statusCode() == 404) {
            ObjectNode empty = JSON.createObjectNode();
            empty.put("schemaVersion", 2);
            empty.put("mediaType", INDEX);
            empty.putArray("manifests");
            return empty;
        }
        JsonNode node;
        try {
            node = JSON.readTree(r.body());
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject() || !INDEX.equals(node.path("mediaType").asText())
                || !node.path("manifests").isArray()) {
            throw new RegistryException("the tag '" + tag + "' in " + client.target().registry() + "/" + repository
                    + " holds something other than a referrers index, so the SBOM cannot be listed there; "
                    + "remove that tag or push the SBOM to another repository", -1, false, null);
        }
        return (ObjectNode) node;
    }
}
