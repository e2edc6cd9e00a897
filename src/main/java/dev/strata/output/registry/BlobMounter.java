package dev.strata.output.registry;

import dev.strata.output.ImageBlob;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /v2/REPO/blobs/uploads/?mount=DIGEST&from=OTHER}: asks the registry to link a blob it
 * already stores for another repository, so no byte is sent. 201 means mounted; 202 means the
 * registry would not (unknown blob, no access) and opened an ordinary upload instead, which the
 * caller then uses.
 */
final class BlobMounter {
    /** What a mount attempt gave: mounted, or an upload session to use instead (or neither). */
    record Outcome(boolean mounted, Optional<URI> uploadLocation) {}

    private final RegistryClient client;

    BlobMounter(RegistryClient client) {
        this.client = client;
    }

    Outcome mount(String repository, ImageBlob blob, String fromRepository) {
        String step = "mounting blob " + blob.shortDigest() + " from " + fromRepository;
        URI uri = client.v2(repository, "blobs/uploads/?mount=" + encode(blob.digest()) + "&from=" + encode(fromRepository));
        HttpResponse<byte[]> r = client.send("POST", uri,
                Set.of(RegistryClient.pushScope(repository), RegistryClient.pullScope(fromRepository)), step);
        if (r.statusCode() == 201) {
            return new Outcome(true, Optional.empty());
        }
        if (r.statusCode() == 202) {
            return new Outcome(false, r.headers().firstValue("Location").map(client::resolveLocation));
        }
        if (r.statusCode() == 401 || r.statusCode() == 403 || r.statusCode() == 404) {
            // No pull access to the other repository, or it is gone: an ordinary upload will do.
            return new Outcome(false, Optional.empty());
        }
        throw client.failure(r, step);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
