package dev.strata.output.registry;

import dev.strata.output.ImageBlob;
import java.net.http.HttpResponse;
import java.util.Set;

/** {@code HEAD /v2/REPO/blobs/DIGEST}: does the repository already hold this blob? */
final class BlobChecker {
    private final RegistryClient client;

    BlobChecker(RegistryClient client) {
        this.client = client;
    }

    /** True when the blob is there (200, or a redirect to the storage that holds it); false on 404. */
    boolean exists(String repository, ImageBlob blob) {
        String step = "checking for blob " + blob.shortDigest();
        HttpResponse<byte[]> r = client.send("HEAD", client.v2(repository, "blobs/" + blob.digest()),
                Set.of(RegistryClient.pushScope(repository)), step);
        int s = r.statusCode();
        if (s == 200 || s == 307 || s == 302) {
            return true;
        }
        if (s == 404) {
            return false;
        }
        throw client.failure(r, step);
    }
}
