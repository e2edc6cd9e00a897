package dev.strata.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.StrataException;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.compose.UpstreamRegistry;
import dev.strata.nix.TestNix;
import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.FaultProxy;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.output.fixtures.Pki;
import dev.strata.output.registry.TlsOptions;
import dev.strata.testing.Requirements;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata serve --upstream}: the real docker-registry as the store, skopeo as the client.
 * Builds from the demo set; every server and registry on 127.0.0.1.
 */
class UpstreamServeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Never follows redirects: the tests look at them. */
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .sslContext(TlsOptions.trustingAnyCertificate()).build();
    static final String PASSWORD = "s3cret-Upstream-pa55";

    @TempDir
    static Path work;
    static LocalRegistry upstream;
    static Composer composer;
    static RegistryServer server;
    static final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Requirements.require("docker-registry", "skopeo", "htpasswd", "openssl");
        upstream = LocalRegistry.start(work.resolve("upstream"));
        composer = new Composer(TestNix.create(work.resolve("cache")), work.resolve("cache"));
        server = serve(composer, open(upstream.url() + "/nix", null, null));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    static UpstreamRegistry open(String url, Path caCert, Path creds) {
        return UpstreamRegistry.open(url, caCert, creds, composer, Duration.ofSeconds(30), log::add);
    }

    static RegistryServer serve(Composer c, UpstreamRegistry store) {
        return RegistryServer.start(new PipelineImages(c, "demo", Recipe.of("demo", List.of()), log::add,
                Optional.of(store)), RegistryServer.Options.defaults(new InetSocketAddress("127.0.0.1", 0)), log::add);
    }

    static String base(RegistryServer s) {
        return "http://127.0.0.1:" + s.address().getPort();
    }

    static HttpResponse<byte[]> send(String method, String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode manifest(RegistryServer s, String name, String type) throws Exception {
        HttpResponse<byte[]> r = send("GET", base(s) + "/v2/" + name + "/manifests/latest", "Accept", type);
        assertEquals(200, r.statusCode(), new String(r.body()));
        return JSON.readTree(r.body());
    }

    static String skopeoCopy(RegistryServer s, String name, Path dest) {
        return Commands.run(List.of("skopeo", "copy", "--src-tls-verify=false", "docker://127.0.0.1:"
                + s.address().getPort() + "/" + name + ":latest", "oci:" + dest + ":x"), Map.of(), 300).ok().stdout();
    }

    /** Every digest a manifest names (layers and config). */
    static Set<String> blobsOf(JsonNode manifest) {
        Set<String> out = new TreeSet<>(manifest.path("layers").findValuesAsText("digest"));
        out.add(manifest.path("config").path("digest").asText());
        return out;
    }

    static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void blobRequestsAreRedirectedToTheUpstreamWhichHoldsTheServedManifests() throws Exception {
        skopeoCopy(server, "hello", work.resolve("copy-hello"));
        assertTrue(Files.isRegularFile(work.resolve("copy-hello/index.json")));
        for (String type : List.of(RegistryServer.OCI_MANIFEST, RegistryServer.DOCKER_MANIFEST)) {
            HttpResponse<byte[]> served = send("GET", base(server) + "/v2/hello/manifests/latest", "Accept", type);
            String digest = served.headers().firstValue("Docker-Content-Digest").orElseThrow();
            // The upstream holds the very bytes Strata serves, under the same digest.
            HttpResponse<byte[]> held = send("GET", upstream.url() + "/v2/nix/hello/manifests/" + digest, "Accept", type);
            assertEquals(200, held.statusCode());
            assertArrayEquals(served.body(), held.body());
        }
        JsonNode m = manifest(server, "hello", RegistryServer.OCI_MANIFEST);
        for (String digest : blobsOf(m)) {
            for (String method : List.of("GET", "HEAD")) {
                HttpResponse<byte[]> r = send(method, base(server) + "/v2/hello/blobs/" + digest);
                assertEquals(307, r.statusCode(), method + " " + digest);
                String location = r.headers().firstValue("Location").orElseThrow();
                assertEquals(upstream.url() + "/v2/nix/hello/blobs/" + digest, location);
                assertEquals(0, r.body().length);
            }
            HttpResponse<byte[]> there = send("GET", upstream.url() + "/v2/nix/hello/blobs/" + digest);
            assertEquals(200, there.statusCode());
            assertEquals(digest, sha256(there.body()));
        }
        // The same image by another spelling of its name is one repository upstream.
        HttpResponse<byte[]> other = send("GET", base(server) + "/v2/shell/tree/hello/blobs/" + blobsOf(m).iterator().next());
        assertEquals(upstream.url() + "/v2/nix/shell/hello/tree/blobs/" + blobsOf(m).iterator().next(),
                other.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void layersSharedByImagesAreStoredOnceAndMounted() throws Exception {
        skopeoCopy(server, "shell/hello", work.resolve("copy-a"));
        skopeoCopy(server, "shell/tree", work.resolve("copy-b"));
        Set<String> expected = new TreeSet<>();
        Set<String> a = new TreeSet<>();
        Set<String> b = new TreeSet<>();
        for (String type : List.of(RegistryServer.OCI_MANIFEST, RegistryServer.DOCKER_MANIFEST)) {
            for (String name : List.of("shell/hello", "shell/tree", "hello")) {
                HttpResponse<byte[]> r = send("GET", base(server) + "/v2/" + name + "/manifests/latest", "Accept", type);
                expected.add(r.headers().firstValue("Docker-Content-Digest").orElseThrow());
                expected.addAll(blobsOf(JSON.readTree(r.body())));
            }
            a.addAll(blobsOf(manifest(server, "shell/hello", type)));
            b.addAll(blobsOf(manifest(server, "shell/tree", type)));
        }
        Set<String> shared = new TreeSet<>(a);
        shared.retainAll(b);
        assertFalse(shared.isEmpty(), "the two shells share the layers of bash and coreutils");
        // Every blob the registry stores is one of the images' blobs or manifests, each once (the
        // registry stores by digest; this fails if anything else was pushed).
        assertEquals(expected, upstream.storedBlobs());
        assertTrue(upstream.repositoryBlobs("nix/shell/tree").containsAll(b));
        assertTrue(upstream.log().contains("mount=sha256"), "the second image mounts the shared layers");
    }

    @Test
    void aServerThatNeverBuiltAnImageReadsItsManifestByDigestFromTheUpstream() throws Exception {
        JsonNode built = manifest(server, "hello", RegistryServer.DOCKER_MANIFEST);
        String digest = send("GET", base(server) + "/v2/hello/manifests/latest", "Accept",
                RegistryServer.DOCKER_MANIFEST).headers().firstValue("Docker-Content-Digest").orElseThrow();
        Composer fresh = new Composer(TestNix.create(work.resolve("cache-fresh")), work.resolve("cache-fresh"));
        try (RegistryServer other = serve(fresh, open(upstream.url() + "/nix", null, null))) {
            HttpResponse<byte[]> r = send("GET", base(other) + "/v2/hello/manifests/" + digest);
            assertEquals(200, r.statusCode());
            assertEquals(built, JSON.readTree(r.body()));
            assertEquals(RegistryServer.DOCKER_MANIFEST, r.headers().firstValue("Content-Type").orElseThrow());
            HttpResponse<byte[]> unknown = send("GET", base(other) + "/v2/hello/manifests/sha256:" + "0".repeat(64));
            assertEquals(404, unknown.statusCode());
        }
    }

    /**
     * The upstream is hostile until checked: forged manifest bytes under a digest are not served,
     * and an answer that never comes ends at the deadline (here 2 s) and is tried again instead of
     * holding the pull for ever.
     */
    @Test
    void forgedOrStalledManifestsFromTheUpstreamAreNeverServed() throws Exception {
        String digest = send("GET", base(server) + "/v2/hello/manifests/latest", "Accept",
                RegistryServer.DOCKER_MANIFEST).headers().firstValue("Docker-Content-Digest").orElseThrow();
        try (FaultProxy proxy = new FaultProxy(upstream.port())) {
            String forged = "{\"schemaVersion\":2,\"mediaType\":\"" + RegistryServer.DOCKER_MANIFEST + "\"}";
            proxy.fail("GET /v2/nix/hello/manifests/" + digest, 200, forged, 1);
            proxy.stall("GET /v2/nix/hello/manifests/" + digest, Duration.ofSeconds(60), 1);
            UpstreamRegistry store = UpstreamRegistry.open("http://" + proxy.address() + "/nix", null, null, composer,
                    Duration.ofSeconds(2), log::add);
            Composer fresh = new Composer(TestNix.create(work.resolve("cache-h")), work.resolve("cache-h"));
            try (RegistryServer other = serve(fresh, store)) {
                int before = log.size();
                HttpResponse<byte[]> first = send("GET", base(other) + "/v2/hello/manifests/" + digest);
                assertEquals(404, first.statusCode(), "forged bytes are refused");
                assertFalse(new String(first.body()).contains("schemaVersion"));
                assertTrue(String.join("\n", log.subList(before, log.size())).contains("hash to"), log.toString());
                // The stalled answer ends at the deadline; the retry gets the real manifest.
                HttpResponse<byte[]> second = send("GET", base(other) + "/v2/hello/manifests/" + digest);
                assertEquals(200, second.statusCode());
                assertEquals(digest, sha256(second.body()));
                assertEquals(2, proxy.faults().size(), proxy.faults().toString());
            }
        }
    }

    @Test
    void anUpstreamThatRefusesThePushGivesTheClientARegistryErrorAndTheLogTheReason() throws Exception {
        Path htpasswd = work.resolve("refusing.htpasswd");
        Files.writeString(htpasswd, Commands.run(List.of("htpasswd", "-Bbn", "builder", PASSWORD)).ok().stdout());
        Path wrong = work.resolve("wrong-creds");
        Files.writeString(wrong, "builder:not-" + PASSWORD + "\n");
        try (LocalRegistry refusing = LocalRegistry.start(work.resolve("refusing"),
                new LocalRegistry.Config().htpasswd(htpasswd));
             RegistryServer s = serve(new Composer(TestNix.create(work.resolve("cache-r")), work.resolve("cache-r")),
                     open(refusing.url() + "/nix", null, wrong))) {
            int before = log.size();
            HttpResponse<byte[]> r = send("GET", base(s) + "/v2/hello/manifests/latest");
            assertEquals(502, r.statusCode());
            JsonNode error = JSON.readTree(r.body()).path("errors").path(0);
            assertEquals("UNKNOWN", error.path("code").asText());
            String message = error.path("message").asText();
            assertTrue(message.contains("did not take the image") && message.contains("builder"), message);
            String said = String.join("\n", log.subList(before, log.size()));
            assertTrue(said.contains("was not stored") && said.contains("refused user 'builder'"), said);
            assertFalse(said.contains(PASSWORD) || message.contains(PASSWORD), "the password is never printed");
        }
    }

    @Test
    void anUpstreamWithTlsAndHtpasswdStoresTheImageAndBlobsAreServedHere() throws Exception {
        Pki.KeyPair tls = Pki.loopbackServer(work.resolve("pki"), "upstream");
        Path htpasswd = work.resolve("secure.htpasswd");
        Files.writeString(htpasswd, Commands.run(List.of("htpasswd", "-Bbn", "builder", PASSWORD)).ok().stdout());
        Path creds = work.resolve("creds");
        Files.writeString(creds, "builder:" + PASSWORD + "\n");
        try (LocalRegistry secure = LocalRegistry.start(work.resolve("secure"),
                new LocalRegistry.Config().tls(tls).htpasswd(htpasswd))) {
            UpstreamRegistry store = open(secure.url() + "/team", tls.cert(), creds);
            // Clients send a registry they were redirected to no credential: blobs stay here.
            assertFalse(store.redirects());
            try (RegistryServer s = serve(new Composer(TestNix.create(work.resolve("cache-s")), work.resolve("cache-s")),
                    store)) {
                skopeoCopy(s, "hello", work.resolve("copy-secure"));
                JsonNode m = manifest(s, "hello", RegistryServer.OCI_MANIFEST);
                String layer = m.path("layers").path(0).path("digest").asText();
                HttpResponse<byte[]> blob = send("GET", base(s) + "/v2/hello/blobs/" + layer);
                assertEquals(200, blob.statusCode());
                assertEquals(layer, sha256(blob.body()));
                assertEquals(blobsOf(m), secure.repositoryBlobs("team/hello"));
            }
        }
        assertFalse(String.join("\n", log).contains(PASSWORD), "the password is never printed");
    }

    @Test
    void anUpstreamWithTlsThatAnyoneMayReadGetsRedirectsToHttps() throws Exception {
        Pki.KeyPair tls = Pki.loopbackServer(work.resolve("pki-open"), "open");
        try (LocalRegistry open = LocalRegistry.start(work.resolve("open"), new LocalRegistry.Config().tls(tls));
             RegistryServer s = serve(new Composer(TestNix.create(work.resolve("cache-o")), work.resolve("cache-o")),
                     open(open.url(), tls.cert(), null))) {
            skopeoCopy(s, "hello", work.resolve("copy-open"));
            JsonNode m = manifest(s, "hello", RegistryServer.OCI_MANIFEST);
            String layer = m.path("layers").path(0).path("digest").asText();
            HttpResponse<byte[]> r = send("GET", base(s) + "/v2/hello/blobs/" + layer);
            assertEquals(307, r.statusCode());
            assertEquals("https://" + open.address() + "/v2/hello/blobs/" + layer,
                    r.headers().firstValue("Location").orElseThrow());
            assertEquals(blobsOf(m), open.repositoryBlobs("hello"));
        }
    }

    @Test
    void upstreamSettingsThatCannotWorkAreRefusedInOneSentence() {
        for (String[] c : new String[][] {
                {"http://builder:pw@127.0.0.1:5000/nix", "holds credentials"},
                {"http://127.0.0.1:5000/Nix", "not a repository prefix"},
                {"http://127.0.0.1:5000/nix?x=1", "query or fragment"},
                {"ftp://127.0.0.1/nix", "not an http(s) URL"}}) {
            StrataException e = assertThrows(
                    StrataException.class, () -> open(c[0], null, null));
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertFalse(e.getMessage().contains(":pw@"), e.getMessage());
        }
        StrataException ca = assertThrows(StrataException.class,
                () -> open(upstream.url(), work.resolve("no-such.pem"), null));
        assertTrue(ca.getMessage().contains("--upstream-ca-cert is for an https:// upstream"), ca.getMessage());
        StrataException creds = assertThrows(
                StrataException.class, () -> open(upstream.url(), null, work.resolve("no-such-creds")));
        assertTrue(creds.getMessage().contains("--upstream-creds-file") && creds.getMessage().contains("does not exist"),
                creds.getMessage());
    }
}
