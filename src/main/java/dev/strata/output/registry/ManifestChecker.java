package dev.strata.output.registry;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code HEAD /v2/REPO/manifests/TAG}: which of an image's tags the registry already holds, so a
 * push can ask before it moves a tag onto another image. Accepts both manifest dialects and
 * indexes (any manifest under the tag counts).
 */
public final class ManifestChecker {
    private static final String ACCEPT = String.join(", ", "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private final CredentialResolver credentials;
    private final Consumer<String> warnings;

    public ManifestChecker(CredentialResolver credentials, Consumer<String> warnings) {
        this.credentials = credentials;
        this.warnings = warnings;
    }

    /** The tags of {@code target} (its own, then the extra ones) that exist in its repository now. */
    public List<String> existingTags(RegistryReference target, PushOptions options) {
        RegistryCredential credential = credentials.resolve(target, options.explicitCredential());
        RegistryClient client = RegistryClient.connect(target, credential, options.tls(), options.timeout(),
                options.retry(), warnings);
        List<String> tags = new ArrayList<>();
        tags.add(target.tag());
        options.extraTags().stream().filter(t -> !tags.contains(t)).forEach(tags::add);
        List<String> there = new ArrayList<>();
        for (String tag : tags) {
            if (exists(client, target.repository(), tag)) {
                there.add(tag);
            }
        }
        return there;
    }

    private static boolean exists(RegistryClient client, String repository, String tag) {
        String step = "checking whether tag '" + tag + "' exists";
        HttpResponse<byte[]> r = client.send("HEAD", client.v2(repository, "manifests/" + tag),
                HttpRequest.BodyPublishers.noBody(), Map.of("Accept", ACCEPT),
                Set.of(RegistryClient.pullScope(repository)), step, client.timeout());
        int s = r.statusCode();
        if (s == 200) {
            return true;
        }
        if (s == 404) {
            return false;
        }
        throw client.failure(r, step);
    }
}
