package dev.strata.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.StrataException;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.nix.TestNix;
import dev.strata.output.fixtures.Commands;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication, the bounded build queue and the build timeout of {@code strata serve}. */
class RegistryServerLimitsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    static HttpResponse<String> get(RegistryServer server, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void htpasswdProtectsEveryEndpoint() throws Exception {
        Path file = work.resolve("htpasswd");
        Files.writeString(file, Commands.run(List.of("htpasswd", "-Bbn", "alice", "wonderland")).ok().stdout());
        Composer composer = new Composer(TestNix.create(work.resolve("cache")), work.resolve("cache"));
        try (RegistryServer server = RegistryServer.start(new PipelineImages(composer, "demo", Recipe.of("demo", List.of()),
                l -> { }), RegistryServer.Options.defaults(new InetSocketAddress("127.0.0.1", 0))
                .withAuth(Htpasswd.read(file)), l -> { })) {
            HttpResponse<String> anonymous = get(server, "/v2/");
            assertEquals(401, anonymous.statusCode());
            assertEquals("Basic realm=\"strata\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals("UNAUTHORIZED", JSON.readTree(anonymous.body()).path("errors").path(0).path("code").asText());
            assertEquals(401, get(server, "/v2/hello/manifests/latest", "Authorization", basic("alice", "wrong")).statusCode());
            assertEquals(401, get(server, "/v2/", "Authorization", basic("bob", "wonderland")).statusCode());
            assertEquals(200, get(server, "/v2/", "Authorization", basic("alice", "wonderland")).statusCode());
            String out = Commands.run(List.of("skopeo", "inspect", "--tls-verify=false", "--creds", "alice:wonderland",
                    "docker://127.0.0.1:" + server.address().getPort() + "/hello:latest"), Map.of(), 300).ok().stdout();
            assertTrue(out.contains("\"Digest\""), out);
            Commands.Result denied = Commands.run(List.of("skopeo", "inspect", "--tls-verify=false",
                    "docker://127.0.0.1:" + server.address().getPort() + "/hello:latest"), Map.of(), 300);
            assertFalse(denied.exit() == 0);
        }
    }

    @Test
    void longPasswordsCountTheirFirst72BytesAsApacheDoes() throws Exception {
        String password = "p".repeat(72) + "12345678"; // 80 bytes, hashed by Apache's own htpasswd
        Path file = work.resolve("htpasswd");
        Files.writeString(file, Commands.run(List.of("htpasswd", "-Bbn", "alice", password)).ok().stdout());
        try (RegistryServer server = authServer(file)) {
            assertEquals(200, get(server, "/v2/", "Authorization", basic("alice", password)).statusCode());
            assertEquals(200, get(server, "/v2/", "Authorization", basic("alice", "p".repeat(72))).statusCode());
            assertEquals(200, get(server, "/v2/", "Authorization", basic("alice", "p".repeat(72) + "anything")).statusCode());
            assertEquals(401, get(server, "/v2/", "Authorization", basic("alice", "p".repeat(71))).statusCode());
            assertEquals(401, get(server, "/v2/", "Authorization", basic("alice", "p".repeat(71) + "q")).statusCode());
            assertEquals(401, get(server, "/v2/", "Authorization", basic("nobody", password)).statusCode());
        }
    }

    @Test
    void malformedCredentialsAre401NeverAServerError() throws Exception {
        Path file = work.resolve("htpasswd");
        Files.writeString(file, Commands.run(List.of("htpasswd", "-Bbn", "alice", "wonderland")).ok().stdout());
        byte[] latin1 = {'a', 'l', 'i', 'c', 'e', ':', (byte) 0xff, (byte) 0xfe, (byte) 0x80};
        List<String> bad = List.of("Basic", "Basic ", "Basic !!!!", "Basic " + b64("no colon here".getBytes()),
                "Basic " + b64(latin1), "Basic " + b64(new byte[] {(byte) 0xc3, ':', (byte) 0xc3}), "Bearer abc",
                "Basic " + b64(("alice:" + "x".repeat(5000)).getBytes()), "Basic " + "A".repeat(7000),
                "Basic " + b64("alice:wonderland".getBytes()) + "\u00ff", "Basic\tYWxpY2U6d29uZGVybGFuZA==x",
                "Digest username=\"alice\"", "Basic =", "Basic " + b64(":".getBytes()), "Basic " + b64("alice:".getBytes()));
        try (RegistryServer server = authServer(file)) {
            int port = server.address().getPort();
            for (String header : bad) {
                RawHttp.Answer a = RawHttp.get("127.0.0.1", port, "/v2/", 30_000, "Authorization: " + header);
                assertEquals(401, a.status(), header.substring(0, Math.min(80, header.length())) + " -> " + a.text());
            }
            RawHttp.Answer huge = RawHttp.get("127.0.0.1", port, "/v2/", 30_000, "Authorization: Basic " + "A".repeat(70_000));
            assertTrue(huge.status() == 400 || huge.status() == 431, huge.status() + " " + huge.text());
            assertEquals(200, RawHttp.get("127.0.0.1", port, "/v2/", 30_000,
                    "Authorization: basic " + b64("alice:wonderland".getBytes())).status(), "the scheme is case-insensitive");
        }
    }

    @Test
    void htpasswdEntriesOtherThanBcryptAreRefusedAtStartNamingTheLineAndTheFix() throws Exception {
        Path good = work.resolve("good");
        Files.writeString(good, Commands.run(List.of("htpasswd", "-Bbn", "alice", "wonderland")).ok().stdout());
        for (String flag : List.of("-m", "-s", "-d", "-p")) {
            String entry = Commands.run(List.of("htpasswd", "-bn" + flag.substring(1), "bob", "builder")).ok().stdout().strip();
            Path file = work.resolve("htpasswd" + flag);
            Files.writeString(file, "# team\n" + Files.readString(good).strip() + "\n" + entry + "\n");
            StrataException e = org.junit.jupiter.api.Assertions.assertThrows(StrataException.class, () -> Htpasswd.read(file));
            assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("htpasswd -B"), flag + ": " + e.getMessage());
            String hash = entry.substring(entry.indexOf(':') + 1);
            assertFalse(e.getMessage().contains(hash), "the hash is not printed: " + e.getMessage());
        }
    }

    private RegistryServer authServer(Path htpasswd) {
        Composer composer = new Composer(TestNix.create(work.resolve("cache")), work.resolve("cache"));
        return RegistryServer.start(new PipelineImages(composer, "demo", Recipe.of("demo", List.of()), l -> { }),
                RegistryServer.Options.defaults(new InetSocketAddress("127.0.0.1", 0)).withAuth(Htpasswd.read(htpasswd)),
                l -> { });
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void aFullQueueIsRefusedAtOnceAndASlowBuildTimesOut() throws Exception {
        Composer composer = new Composer(TestNix.create(work.resolve("cache")), work.resolve("cache"));
        String slow = "path:" + TestNix.resourceSet("nixsets/slow");
        List<String> log = new CopyOnWriteArrayList<>();
        RegistryServer.Options options = RegistryServer.Options.defaults(new InetSocketAddress("127.0.0.1", 0))
                .withBuildLimits(1, 1).withBuildTimeout(Duration.ofSeconds(8));
        Watched images = new Watched(new PipelineImages(composer, slow, Recipe.of(slow, List.of()), log::add));
        try (RegistryServer server = RegistryServer.start(images, options, log::add)) {
            // Tags are ignored for path sources but keep requests apart: three different builds.
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> quietly(server, "a"));
            waitForSleepingBuilder();
            // A second pull of the same image joins the running build and shares its fate.
            CompletableFuture<HttpResponse<String>> joined = CompletableFuture.supplyAsync(() -> quietly(server, "a"));
            CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> quietly(server, "b"));
            images.awaitQueued("b");
            HttpResponse<String> third = get(server, "/v2/sleeper/manifests/c");
            assertEquals(503, third.statusCode(), third.body());
            assertEquals("TOOMANYREQUESTS", JSON.readTree(third.body()).path("errors").path(0).path("code").asText());
            assertTrue(third.headers().firstValue("Retry-After").isPresent());
            for (HttpResponse<String> timedOut : List.of(first.get(), joined.get())) {
                assertEquals(504, timedOut.statusCode(), timedOut.body());
                assertEquals("UNKNOWN", JSON.readTree(timedOut.body()).path("errors").path(0).path("code").asText());
                assertTrue(timedOut.body().contains("took longer than --build-timeout 8s"), timedOut.body());
            }
            assertEquals(1, log.stream().filter(l -> l.contains("sleeper:a") && l.contains("--build-timeout 8s")).count(),
                    log.toString());
            second.get();
            long bound = System.currentTimeMillis() + 30_000;
            while (sleepingBuilder() && System.currentTimeMillis() < bound) {
                Thread.sleep(100);
            }
            assertFalse(sleepingBuilder(), "a build stopped by --build-timeout leaves no Nix builder behind");
        }
    }

    @Test
    void whenEverySlotIsBusyANewcomerGets503AndRequestsInFlightWhenTheServerStopsGet503() throws Exception {
        Composer composer = new Composer(TestNix.create(work.resolve("cache")), work.resolve("cache"));
        String slow = "path:" + TestNix.resourceSet("nixsets/slow");
        RegistryServer server = RegistryServer.start(new PipelineImages(composer, slow, Recipe.of(slow, List.of()),
                l -> { }), RegistryServer.Options.defaults(new InetSocketAddress("127.0.0.1", 0))
                .withConnections(ConnectionLimits.DEFAULTS.withConnections(2, 2)), l -> { });
        try {
            // Two pulls of the same image: both connections wait for its build, busy, never closed to make room.
            CompletableFuture<RawHttp.Answer> pull = CompletableFuture.supplyAsync(() -> rawPull(server, "stop"));
            waitForSleepingBuilder();
            CompletableFuture<RawHttp.Answer> joined = CompletableFuture.supplyAsync(() -> rawPull(server, "stop"));
            for (long bound = System.currentTimeMillis() + 60_000; server.openConnections() < 2; Thread.sleep(50)) {
                assertTrue(System.currentTimeMillis() < bound, "the second pull never connected");
            }
            RawHttp.Answer refused = null;
            for (long bound = System.currentTimeMillis() + 60_000; System.currentTimeMillis() < bound; Thread.sleep(100)) {
                RawHttp.Answer a = RawHttp.get("127.0.0.2", server.address().getPort(), "/v2/", 30_000);
                if (a.status() != 200) {
                    refused = a;
                    break;
                }
            }
            assertTrue(refused != null, "with both slots busy, a newcomer is refused");
            assertEquals(503, refused.status(), refused.text());
            assertEquals("TOOMANYREQUESTS", JSON.readTree(refused.body()).path("errors").path(0).path("code").asText());
            assertEquals("1", refused.header("Retry-After"));

            server.close();
            for (RawHttp.Answer answer : List.of(pull.get(), joined.get())) {
                assertEquals(503, answer.status(), answer.text());
                assertEquals("UNAVAILABLE", JSON.readTree(answer.body()).path("errors").path(0).path("code").asText());
                assertTrue(answer.text().contains("stopping"), answer.text());
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aCorruptCachedBlobIsLoggedAndRepairedByTheNextPull() throws Exception {
        Path cache = work.resolve("cache");
        Composer composer = new Composer(TestNix.create(cache), cache);
        List<String> log = new CopyOnWriteArrayList<>();
        try (RegistryServer server = RegistryServer.start(new PipelineImages(composer, "demo", Recipe.of("demo", List.of()),
                log::add), RegistryServer.Options.defaults(new InetSocketAddress("127.0.0.1", 0)), log::add)) {
            String manifest = get(server, "/v2/hello/manifests/latest").body();
            String layer = JSON.readTree(manifest).path("layers").path(0).path("digest").asText();
            Path blob = cache.resolve("blobs/sha256/" + layer.substring("sha256:".length()));
            byte[] bytes = Files.readAllBytes(blob);
            bytes[bytes.length / 2] ^= 1;
            Files.write(blob, bytes);
            HttpResponse<String> corrupt = get(server, "/v2/hello/blobs/" + layer);
            assertEquals(404, corrupt.statusCode(), corrupt.body());
            assertTrue(log.stream().anyMatch(l -> l.contains(layer) && l.contains("corrupt")), log.toString());
            // The next pull rebuilds the image, which writes the blob again.
            assertEquals(200, get(server, "/v2/hello/manifests/latest").statusCode());
            HttpResponse<byte[]> repaired = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.address().getPort() + "/v2/hello/blobs/" + layer)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, repaired.statusCode());
            assertEquals(layer, "sha256:" + RegistryServerTest.sha256(repaired.body()));
            assertTrue(log.stream().anyMatch(l -> l.startsWith("built hello:latest")), log.toString());
        }
    }

    /** True while a slow package's builder started by this JVM (other work on the machine aside) runs. */
    private static boolean sleepingBuilder() {
        return ProcessHandle.current().descendants().anyMatch(p -> p.info().commandLine()
                .map(c -> c.contains("sleep 600")).orElse(false));
    }

    /** The server's images, knowing which thread asks for which tag, to see a request wait for its build. */
    static final class Watched implements ImageService {
        private final ImageService images;
        private final Map<String, Thread> askers = new ConcurrentHashMap<>();

        Watched(ImageService images) {
            this.images = images;
        }

        @Override
        public Optional<Manifests> cached(ImageRequest request) {
            askers.put(request.tag(), Thread.currentThread());
            return images.cached(request);
        }

        @Override
        public Manifests build(ImageRequest request) {
            return images.build(request);
        }

        @Override
        public Optional<Manifest> manifestByDigest(String digest) {
            return images.manifestByDigest(digest);
        }

        @Override
        public Optional<Path> blob(String digest) {
            return images.blob(digest);
        }

        /** Waits until the request for {@code tag} found nothing cached and waits for its queued build. */
        void awaitQueued(String tag) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 60_000;
            while (true) {
                Thread t = askers.get(tag);
                if (t != null && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING) && Arrays.stream(t.getStackTrace())
                        .anyMatch(f -> f.getMethodName().equals("awaitBuild"))) {
                    return;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("the request for " + tag + " never waited for a build");
                }
                Thread.sleep(20);
            }
        }
    }

    /** Waits until the slow package's builder runs, so the one build worker is taken. */
    private static void waitForSleepingBuilder() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!sleepingBuilder()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the slow build never started");
            }
            Thread.sleep(100);
        }
    }

    /** One pull of the slow image over a connection of its own (the JDK client may share or upgrade one). */
    private static RawHttp.Answer rawPull(RegistryServer server, String tag) {
        try {
            return RawHttp.get("127.0.0.1", server.address().getPort(), "/v2/sleeper/manifests/" + tag, 300_000);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> quietly(RegistryServer server, String tag) {
        try {
            return get(server, "/v2/sleeper/manifests/" + tag);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
