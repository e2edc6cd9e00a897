package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Exports;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.output.registry.CredentialResolver;
import dev.strata.output.registry.PushedBlobIndex;
import dev.strata.sbom.SbomFormat;
import dev.strata.sbom.SbomSchemas;
import dev.strata.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code push --attach-sbom} to the real docker-registry 2.8, which has no referrers API: the SBOM
 * arrives as an OCI artifact (artifactType, the empty config, the document as its layer, subject =
 * the pushed image) and is listed in the referrers tag {@code sha256-HEX}; read back over plain
 * HTTP as an oras-style client does, and with skopeo. A second format adds a second entry, pushing
 * the same SBOM again does not.
 */
class AttachSbomTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    JsonNode push(Path cache, String ref, String... more) throws Exception {
        PushCommand push = new PushCommand(new Exports(TestImages.composer(cache),
                new PushedBlobIndex(work.resolve("index")), new CredentialResolver(Map.of(), work.resolve("home")), null),
                new ByteArrayInputStream(new byte[0]));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = StrataCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                TestCommands.supplying(push));
        List<String> args = new ArrayList<>(List.of("push", "--source", "demo", "git", ref, "--insecure", "--json",
                "--attach-sbom"));
        args.addAll(List.of(more));
        int exit = cl.execute(args.toArray(String[]::new));
        assertEquals(0, exit, err.toString());
        return JSON.readTree(out.toString());
    }

    static HttpResponse<byte[]> get(String url, String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theSbomIsAnArtifactReferringToTheImageListedInTheReferrersTag() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"))) {
            String ref = registry.address() + "/strata/git:1";
            JsonNode pushed = push(work.resolve("cache"), ref);
            String image = pushed.path("manifestDigest").asText();
            JsonNode sbom = pushed.path("sbom");
            assertEquals("application/spdx+json", sbom.path("artifactType").asText());
            String tag = "sha256-" + image.substring("sha256:".length());
            assertEquals(tag, sbom.path("referrersTag").asText());

            String base = registry.url() + "/v2/strata/git/";
            HttpResponse<byte[]> index = get(base + "manifests/" + tag, "application/vnd.oci.image.index.v1+json");
            assertEquals(200, index.statusCode());
            JsonNode listed = JSON.readTree(index.body());
            assertEquals("application/vnd.oci.image.index.v1+json", listed.path("mediaType").asText());
            assertEquals(1, listed.path("manifests").size());
            JsonNode entry = listed.path("manifests").get(0);
            assertEquals(sbom.path("manifestDigest").asText(), entry.path("digest").asText());
            assertEquals("application/spdx+json", entry.path("artifactType").asText());

            JsonNode artifact = JSON.readTree(get(base + "manifests/" + entry.path("digest").asText(),
                    "application/vnd.oci.image.manifest.v1+json").body());
            assertEquals("application/spdx+json", artifact.path("artifactType").asText());
            assertEquals(image, artifact.path("subject").path("digest").asText());
            assertEquals("application/vnd.oci.empty.v1+json", artifact.path("config").path("mediaType").asText());
            JsonNode layer = artifact.path("layers").get(0);
            assertEquals("application/spdx+json", layer.path("mediaType").asText());
            JsonNode document = JSON.readTree(get(base + "blobs/" + layer.path("digest").asText(), "*/*").body());
            assertEquals(List.of(), SbomSchemas.errors(SbomFormat.SPDX, document));
            assertEquals(ref, document.path("name").asText());

            JsonNode byskopeo = JSON.readTree(TestImages.run(null, List.of("skopeo", "inspect", "--raw",
                    "--tls-verify=false", "docker://" + registry.address() + "/strata/git:" + tag), null, 120)
                    .ok("skopeo inspect --raw").out());
            assertEquals(entry.path("digest").asText(), byskopeo.path("manifests").get(0).path("digest").asText());

            JsonNode again = push(work.resolve("cache"), ref);
            assertEquals(sbom.path("manifestDigest").asText(), again.path("sbom").path("manifestDigest").asText());
            JsonNode cdx = push(work.resolve("cache"), ref, "--sbom-format", "cyclonedx");
            assertEquals("application/vnd.cyclonedx+json", cdx.path("sbom").path("artifactType").asText());
            JsonNode both = JSON.readTree(get(base + "manifests/" + tag, "application/vnd.oci.image.index.v1+json").body());
            List<String> types = new ArrayList<>();
            both.path("manifests").forEach(m -> types.add(m.path("artifactType").asText()));
            assertEquals(List.of("application/spdx+json", "application/vnd.cyclonedx+json"), types);
            assertTrue(registry.log().contains("sha256-"), "the registry stored the referrers tag");
        }
    }
}
