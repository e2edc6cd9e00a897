package dev.strata.output.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * {@code GET /v2/REPO/blobs/DIGEST} into the caller's target, following a redirect to the
 * registry's storage (without the registry's credentials, which are not the storage's business).
 * The body is cut off at the size the manifest gives, and must then hash to the digest: anything
 * else is a registry that lies, and fails in one sentence. Faults are retried, each attempt writing
 * to a fresh target.
 */
final class BlobPuller {
    /** Download time allowed per byte on top of the base timeout: 1 MiB/s is the slowest link we wait for. */
    private static final long MIN_BYTES_PER_SECOND = 1 << 20;
    private static final int MAX_REDIRECTS = 3;

    private final RegistryClient client;

    BlobPuller(RegistryClient client) {
        this.client = client;
    }

    void get(String repository, String digest, long size, RegistryPuller.Target target, LongConsumer progress) {
        String step = "downloading blob " + digest.substring(0, Math.min(digest.length(), 19));
        Duration deadline = client.timeout().plusSeconds(size / MIN_BYTES_PER_SECOND);
        client.retrying(step, e -> { }, () -> {
            OutputStream sink;
            try {
                sink = target.restart();
            } catch (IOException e) {
                throw new RegistryException("cannot store blob " + digest + " while " + step + ": " + e.getMessage()
                        + "; check free space in the cache directory", -1, false, e);
            }
            URI uri = client.v2(repository, "blobs/" + digest);
            boolean authenticate = true;
            for (int hop = 0; ; hop++) {
                HttpResponse<Download.Result> r = client.get(uri, Map.of(), Set.of(RegistryClient.pullScope(repository)),
                        authenticate, step, deadline, Download.to(sink, size, progress));
                int s = r.statusCode();
                if ((s == 301 || s == 302 || s == 303 || s == 307 || s == 308) && hop < MAX_REDIRECTS) {
                    String location = r.headers().firstValue("Location").orElse(null);
                    if (location == null) {
                        throw new RegistryException("the registry " + client.target().registry() + " redirected "
                                + step + " without a Location; it does not follow the registry API", s, false, null);
                    }
                    uri = client.resolveLocation(location);
                    authenticate = false;
                    continue;
                }
                if (s != 200) {
                    throw RegistryPuller.failure(client, r, step, repository, "no blob " + digest + " in " + repository
                            + " (the image is incomplete there)");
                }
                if (r.body().count() != size || !digest.equals(r.body().digest())) {
                    throw RegistryPuller.lied(client, "blob " + digest + " (" + size + " bytes; it sent "
                            + r.body().count() + ")", r.body().digest());
                }
                return null;
            }
        });
    }
}
