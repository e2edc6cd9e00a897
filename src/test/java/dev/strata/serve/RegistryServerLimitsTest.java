package dev.strata.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
            CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> quietly(server, "b"));
            images.awaitQueued("b");
            HttpResponse<String> third = get(server, "/v2/sleeper/manifests/c");
            assertEquals(503, third.statusCode(), third.body());
            assertEquals("TOOMANYREQUESTS", JSON.readTree(third.body()).path("errors").path(0).path("code").asText());
            assertTrue(third.headers().firstValue("Retry-After").isPresent());
            HttpResponse<String> timedOut = first.get();
            assertEquals(500, timedOut.statusCode(), timedOut.body());
            assertTrue(timedOut.body().contains("took longer than 8 s"), timedOut.body());
            second.get();
        }
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
                if (t != null && t.getState() == Thread.State.TIMED_WAITING && Arrays.stream(t.getStackTrace())
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
        while (ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().map(c -> c.contains("sleep 600"))
                .orElse(false))) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the slow build never started");
            }
            Thread.sleep(100);
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
