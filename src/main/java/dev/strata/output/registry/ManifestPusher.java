package dev.strata.output.registry;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code PUT /v2/REPO/manifests/TAG} with the manifest's own media type as Content-Type (a
 * registry stores and serves it as that type); answers the digest the registry reports.
 */
final class ManifestPusher {
    private final RegistryClient client;

    ManifestPusher(RegistryClient client) {
        this.client = client;
    }

    /** Stores the manifest under {@code tag} and returns the registry's Docker-Content-Digest (or null). */
    String put(String repository, String tag, byte[] manifest, String mediaType,
               Consumer<RegistryException> onRetry) {
        return store(repository, tag, manifest, mediaType, onRetry).firstValue("Docker-Content-Digest").orElse(null);
    }

    /**
     * Stores the manifest under a tag or its digest and returns the answer's headers (an
     * {@code OCI-Subject} header says the registry indexed the manifest's subject itself).
     */
    HttpHeaders store(String repository, String reference, byte[] manifest, String mediaType,
                      Consumer<RegistryException> onRetry) {
        String step = reference.startsWith("sha256:") ? "storing the manifest " + reference
                : "storing the manifest as tag '" + reference + "'";
        String tag = reference;
        return client.retrying(step, onRetry, () -> {
            HttpResponse<byte[]> r = client.send("PUT", client.v2(repository, "manifests/" + tag),
                    HttpRequest.BodyPublishers.ofByteArray(manifest), Map.of("Content-Type", mediaType),
                    Set.of(RegistryClient.pushScope(repository)), step, client.timeout());
            if (r.statusCode() != 201 && r.statusCode() != 200) {
                throw client.failure(r, step);
            }
            return r.headers();
        });
    }
}
