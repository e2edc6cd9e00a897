package dev.strata.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.nix.TestNix;
import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.Dockerd;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata serve} against real clients: skopeo, dockerd, raw HTTP. Builds from the demo set. */
class RegistryServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String OCI = RegistryServer.OCI_MANIFEST;
    static final String DOCKER = RegistryServer.DOCKER_MANIFEST;

    @TempDir
    static Path work;
    static Composer composer;
    static RegistryServer server;
    static String base;
    static final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        composer = new Composer(TestNix.create(work.resolve("cache")), work.resolve("cache"));
        server = RegistryServer.start(new PipelineImages(composer, "demo", Recipe.of("demo", List.of()), log::add),
                RegistryServer.Options.defaults(new InetSocketAddress("127.0.0.1", 0)), log::add);
        base = "http://127.0.0.1:" + server.address().getPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    static HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String errorCode(HttpResponse<byte[]> r) throws IOException {
        return JSON.readTree(r.body()).path("errors").path(0).path("code").asText();
    }

    static String skopeo(String... args) {
        List<String> argv = new ArrayList<>(List.of("skopeo"));
        argv.addAll(List.of(args));
        return Commands.run(argv, Map.of(), 300).ok().stdout();
    }

    @Test
    void theBaseEndpointAnswers() throws Exception {
        HttpResponse<byte[]> r = get("/v2/");
        assertEquals(200, r.statusCode());
        assertEquals("registry/2.0", r.headers().firstValue("Docker-Distribution-API-Version").orElse(""));
    }

    @Test
    void skopeoInspectsAndCopiesAnImageBuiltOnDemand() throws Exception {
        JsonNode inspected = JSON.readTree(skopeo("inspect", "--tls-verify=false",
                "docker://127.0.0.1:" + server.address().getPort() + "/hello:latest"));
        Set<String> ours = Set.of(
                get("/v2/hello/manifests/latest", "Accept", OCI).headers().firstValue("Docker-Content-Digest").orElseThrow(),
                get("/v2/hello/manifests/latest", "Accept", DOCKER).headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertTrue(ours.contains(inspected.get("Digest").asText()), inspected + " vs " + ours);
        // skopeo copy checks every blob's digest and size on the way.
        skopeo("copy", "--src-tls-verify=false", "docker://127.0.0.1:" + server.address().getPort() + "/hello:latest",
                "oci:" + work.resolve("copy") + ":hello");
        assertTrue(Files.isRegularFile(work.resolve("copy/index.json")));
    }

    @Test
    void dockerdPullsAndRunsImagesByName() throws Exception {
        try (Dockerd dockerd = Dockerd.start(work.resolve("dockerd"))) {
            String registry = "127.0.0.1:" + server.address().getPort();
            dockerd.docker("pull", registry + "/hello").ok();
            assertEquals("Hello, world!", dockerd.docker("run", "--rm", "--network", "none", registry + "/hello",
                    "hello").ok().stdout().strip());
            dockerd.docker("pull", registry + "/shell/hello").ok();
            assertEquals("Hello, world!\nshell ok", dockerd.docker("run", "--rm", "--network", "none",
                    registry + "/shell/hello", "bash", "-c", "hello; echo shell ok").ok().stdout().strip());
        }
    }

    @Test
    void headAnswersMatchGet() throws Exception {
        HttpResponse<byte[]> get = get("/v2/hello/manifests/latest", "Accept", OCI);
        HttpResponse<byte[]> head = send("HEAD", "/v2/hello/manifests/latest", "Accept", OCI);
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        for (String h : List.of("Content-Type", "Content-Length", "Docker-Content-Digest")) {
            assertEquals(get.headers().firstValue(h), head.headers().firstValue(h), h);
        }
        assertEquals(Long.toString(get.body().length), get.headers().firstValue("Content-Length").orElseThrow());
        String layer = JSON.readTree(get.body()).path("layers").path(0).path("digest").asText();
        HttpResponse<byte[]> blob = get("/v2/hello/blobs/" + layer);
        HttpResponse<byte[]> blobHead = send("HEAD", "/v2/hello/blobs/" + layer);
        assertEquals(200, blobHead.statusCode());
        for (String h : List.of("Content-Type", "Content-Length", "Docker-Content-Digest")) {
            assertEquals(blob.headers().firstValue(h), blobHead.headers().firstValue(h), h);
        }
        assertEquals(layer, "sha256:" + sha256(blob.body()));
    }

    @Test
    void manifestsByDigestAndContentNegotiation() throws Exception {
        HttpResponse<byte[]> oci = get("/v2/hello/manifests/latest", "Accept", OCI + ", " + DOCKER);
        HttpResponse<byte[]> docker = get("/v2/hello/manifests/latest", "Accept", DOCKER + ", " + OCI);
        HttpResponse<byte[]> none = get("/v2/hello/manifests/latest");
        assertEquals(OCI, oci.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(DOCKER, docker.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(DOCKER, none.headers().firstValue("Content-Type").orElseThrow());
        // Both dialects describe the same blobs.
        assertEquals(JSON.readTree(oci.body()).path("layers").findValuesAsText("digest"),
                JSON.readTree(docker.body()).path("layers").findValuesAsText("digest"));
        for (HttpResponse<byte[]> m : List.of(oci, docker)) {
            String digest = m.headers().firstValue("Docker-Content-Digest").orElseThrow();
            assertEquals(digest, "sha256:" + sha256(m.body()));
            HttpResponse<byte[]> byDigest = get("/v2/hello/manifests/" + digest);
            assertEquals(200, byDigest.statusCode());
            assertArrayEquals(m.body(), byDigest.body());
            assertEquals(m.headers().firstValue("Content-Type"), byDigest.headers().firstValue("Content-Type"));
        }
    }

    @Test
    void blobRanges() throws Exception {
        String layer = JSON.readTree(get("/v2/hello/manifests/latest").body()).path("layers").path(0).path("digest").asText();
        byte[] whole = get("/v2/hello/blobs/" + layer).body();
        HttpResponse<byte[]> part = get("/v2/hello/blobs/" + layer, "Range", "bytes=10-19");
        assertEquals(206, part.statusCode());
        assertArrayEquals(Arrays.copyOfRange(whole, 10, 20), part.body());
        assertEquals("bytes 10-19/" + whole.length, part.headers().firstValue("Content-Range").orElseThrow());
        HttpResponse<byte[]> tail = get("/v2/hello/blobs/" + layer, "Range", "bytes=-5");
        assertArrayEquals(Arrays.copyOfRange(whole, whole.length - 5, whole.length), tail.body());
        HttpResponse<byte[]> bad = get("/v2/hello/blobs/" + layer, "Range", "bytes=" + whole.length + "-");
        assertEquals(416, bad.statusCode());
        assertEquals("RANGE_INVALID", errorCode(bad));
        assertEquals("bytes */" + whole.length, bad.headers().firstValue("Content-Range").orElseThrow());
        // Past the end, however large the number: 416, never a server error (RFC 9110 section 14).
        for (String past : List.of("bytes=99999999999999999999-", "bytes=99999999999999999999-99999999999999999999",
                "bytes=" + whole.length + "-" + (whole.length + 10), "bytes=-0", "bytes=5-2", "bytes=x-y", "bytes=1-2-3")) {
            HttpResponse<byte[]> r = get("/v2/hello/blobs/" + layer, "Range", past);
            assertEquals(416, r.statusCode(), past);
            assertEquals("bytes */" + whole.length, r.headers().firstValue("Content-Range").orElseThrow(), past);
        }
        HttpResponse<byte[]> toTheEnd = get("/v2/hello/blobs/" + layer, "Range", "bytes=10-99999999999999999999");
        assertEquals(206, toTheEnd.statusCode());
        assertArrayEquals(Arrays.copyOfRange(whole, 10, whole.length), toTheEnd.body());
        HttpResponse<byte[]> longSuffix = get("/v2/hello/blobs/" + layer, "Range", "bytes=-99999999999999999999");
        assertEquals(206, longSuffix.statusCode());
        assertArrayEquals(whole, longSuffix.body());
        // Several ranges, another unit, or a changed If-Range validator: the whole blob (a server may ignore Range).
        for (String[] ignored : List.of(new String[] {"Range", "bytes=0-1,5-6"}, new String[] {"Range", "items=0-1"},
                new String[] {"Range", "bytes=0-1", "If-Range", "\"sha256:other\""})) {
            HttpResponse<byte[]> r = get("/v2/hello/blobs/" + layer, ignored);
            assertEquals(200, r.statusCode(), String.join(" ", ignored));
            assertArrayEquals(whole, r.body());
        }
        HttpResponse<byte[]> none = get("/v2/hello/blobs/" + layer, "Range", "bytes=" + whole.length + "-,-0");
        assertEquals(416, none.statusCode(), "no satisfiable range among several");
        HttpResponse<byte[]> sameValidator = get("/v2/hello/blobs/" + layer, "Range", "bytes=0-1", "If-Range", "\"" + layer + "\"");
        assertEquals(206, sameValidator.statusCode());
    }

    @Test
    void tenConcurrentPullsOfANewImageRunOneBuild() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<HttpResponse<byte[]>>> pulls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                pulls.add(pool.submit(() -> get("/v2/figlet/tree/manifests/latest")));
            }
            Set<String> digests = ConcurrentHashMap.newKeySet();
            for (Future<HttpResponse<byte[]>> f : pulls) {
                HttpResponse<byte[]> r = f.get();
                assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
                digests.add(r.headers().firstValue("Docker-Content-Digest").orElseThrow());
            }
            assertEquals(1, digests.size());
            assertEquals(1, log.stream().filter(l -> l.startsWith("built figlet/tree:latest")).count(), log.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unknownPackagesAre404ListingEveryUnknownName() throws Exception {
        HttpResponse<byte[]> r = get("/v2/hello/nosuchthing/otherunknown/manifests/latest");
        assertEquals(404, r.statusCode());
        assertEquals("MANIFEST_UNKNOWN", errorCode(r));
        String message = JSON.readTree(r.body()).path("errors").path(0).path("message").asText();
        assertTrue(message.contains("'nosuchthing'") && message.contains("'otherunknown'"), message);
        assertFalse(message.contains("'hello'"), message);
    }

    @Test
    void malformedNamesWrongMethodsAndPathTricksGetTheRightErrors() throws Exception {
        Set<Path> before = listTree(work.resolve("cache"));
        assertEquals("NAME_INVALID", errorCode(get("/v2/Hello/manifests/latest")));
        assertEquals("NAME_INVALID", errorCode(get("/v2/a..b/manifests/latest")));
        assertEquals("NAME_INVALID", errorCode(get("/v2/" + "x".repeat(300) + "/manifests/latest")));
        String many = Stream.iterate(0, i -> i + 1).limit(70).map(i -> "p" + i).collect(Collectors.joining("/"));
        assertEquals("NAME_INVALID", errorCode(get("/v2/" + many + "/manifests/latest")));
        assertEquals("TAG_INVALID", errorCode(get("/v2/hello/manifests/-bad")));
        assertEquals("NAME_UNKNOWN", errorCode(get("/v2/hello/blobs/sha256:../../../etc/passwd")));
        assertEquals("DIGEST_INVALID", errorCode(get("/v2/hello/blobs/sha256:..%2f..%2fetc%2fpasswd")));
        assertEquals("DIGEST_INVALID", errorCode(get("/v2/hello/manifests/sha256:1234")));
        assertEquals(400, get("/v2/%2e%2e/%2e%2e/etc/manifests/latest").statusCode());
        assertEquals("BLOB_UNKNOWN", errorCode(get("/v2/hello/blobs/sha256:" + "0".repeat(64))));
        assertEquals("NAME_UNKNOWN", errorCode(get("/v2/_catalog")));
        for (String method : List.of("PUT", "DELETE", "POST", "PATCH")) {
            HttpResponse<byte[]> r = send(method, "/v2/hello/blobs/uploads/");
            assertEquals(405, r.statusCode(), method);
            assertEquals("UNSUPPORTED", errorCode(r));
            assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(""));
        }
        assertEquals(before, listTree(work.resolve("cache")), "bad requests write nothing");
    }

    @Test
    void aTlsHandshakeOnThePlainPortIsRefusedAtOnce() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00});
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.0 400"), answer);
        }
    }

    @Test
    void manifestsOfImmutableSourcesSurviveARestart() throws Exception {
        String first = get("/v2/hello/manifests/latest").headers().firstValue("Docker-Content-Digest").orElseThrow();
        List<String> secondLog = new CopyOnWriteArrayList<>();
        Composer fresh = new Composer(TestNix.create(work.resolve("cache")), work.resolve("cache"));
        try (RegistryServer again = RegistryServer.start(new PipelineImages(fresh, "demo", Recipe.of("demo", List.of()),
                secondLog::add), RegistryServer.Options.defaults(new InetSocketAddress("127.0.0.1", 0)), secondLog::add)) {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + again.address().getPort() + "/v2/hello/manifests/latest")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(first, r.headers().firstValue("Docker-Content-Digest").orElseThrow());
            assertTrue(secondLog.stream().noneMatch(l -> l.startsWith("built")), "served from the cache: " + secondLog);
        }
    }

    static Set<Path> listTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.toString().contains("/gcroots/")).collect(Collectors.toSet());
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
