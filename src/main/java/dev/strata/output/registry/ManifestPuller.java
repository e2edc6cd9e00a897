package dev.strata.output.registry;

import dev.strata.output.Digests;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v2/REPO/manifests/DIGEST}: a manifest the registry holds, by digest. The answer is
 * hostile until checked: it must be one of the media types asked for and its bytes must hash to the
 * digest asked for, else it is refused (nothing unchecked reaches a caller that serves or caches it).
 * The body is capped like every answer ({@link RegistryClient#MAX_ANSWER}, 1 MiB; the
 * distribution spec lets registries refuse manifests over 4 MiB, Strata's are a few KB).
 *
 * <p>{@link #get} reads a manifest or index by tag or digest for the image reader (a base image):
 * capped by the caller, and checked: by digest, its bytes must have that digest; by tag, they must
 * have the digest the registry names in {@code Docker-Content-Digest}, when it names one.
 */
public final class ManifestPuller {
    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private final RegistryClient client;

    public ManifestPuller(RegistryClient client) {
        this.client = client;
    }

    /** A manifest as the registry served it, checked against its digest. */
    public record Pulled(byte[] bytes, String mediaType, String digest) {}

    /**
     * The manifest {@code digest} of {@code repository}, or empty when the registry does not hold it
     * (404).
     *
     * @param mediaTypes the manifest types the caller can serve (the Accept header)
     * @throws RegistryException when the registry fails or answers something that is not that manifest
     */
    public Optional<Pulled> pull(String repository, String digest, Set<String> mediaTypes) {
        String step = "reading manifest " + digest;
        HttpResponse<byte[]> r = client.retrying(step, e -> { }, () -> client.send("GET",
                client.v2(repository, "manifests/" + digest), null, Map.of("Accept", String.join(", ", mediaTypes)),
                Set.of(RegistryClient.pullScope(repository)), step, client.timeout()));
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw client.failure(r, step);
        }
        String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
        String actual = Digests.sha256(r.body());
        if (!actual.equals(digest)) {
            throw new RegistryException("the registry " + client.target().registry() + " answered manifest " + digest
                    + " with bytes that hash to " + actual + "; refused them", -1, false, null);
        }
        if (!mediaTypes.contains(type)) {
            throw new RegistryException("the registry " + client.target().registry() + " answered manifest " + digest
                    + " as '" + type + "', not one of " + mediaTypes + "; refused it", -1, false, null);
        }
        return Optional.of(new Pulled(r.body(), type, digest));
    }

    /** A manifest or index by tag or digest, of every type Strata reads, checked as said above. */
    RegistryPuller.Manifest get(String repository, String reference, long maxBytes) {
        String step = "reading the manifest " + repository + (reference.startsWith("sha256:") ? "@" : ":") + reference;
        return client.retrying(step, e -> { }, () -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            HttpResponse<Download.Result> r = client.get(client.v2(repository, "manifests/" + reference),
                    Map.of("Accept", ACCEPT), Set.of(RegistryClient.pullScope(repository)), true, step, client.timeout(),
                    Download.to(bytes, maxBytes, n -> { }));
            if (r.statusCode() != 200) {
                throw RegistryPuller.failure(client, r, step, repository, "no image " + repository
                        + (reference.startsWith("sha256:") ? "@" : ":") + reference);
            }
            String digest = r.body().digest();
            if (reference.startsWith("sha256:") && !reference.equals(digest)) {
                throw RegistryPuller.lied(client, "the manifest " + reference, digest);
            }
            String said = r.headers().firstValue("Docker-Content-Digest").orElse("").strip();
            if (said.startsWith("sha256:") && !said.equals(digest)) {
                throw RegistryPuller.lied(client, "the manifest " + repository + ":" + reference + " (it said " + said
                        + ")", digest);
            }
            String type = r.headers().firstValue("Content-Type").orElse("");
            int semicolon = type.indexOf(';');
            type = (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
            return new RegistryPuller.Manifest(bytes.toByteArray(), type, digest);
        });
    }
}
