package dev.strata.output.registry;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v2/REPO/manifests/REF} (a tag or a digest), accepting every manifest and index type
 * Strata reads. The answer is capped (a manifest is small; a hostile registry must not fill the
 * heap) and checked: fetched by digest, its bytes must have that digest; fetched by tag, they must
 * have the digest the registry names in {@code Docker-Content-Digest}, when it names one.
 */
final class ManifestPuller {
    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private final RegistryClient client;

    ManifestPuller(RegistryClient client) {
        this.client = client;
    }

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
