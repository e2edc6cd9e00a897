package dev.strata.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.Dockerd;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.testing.Requirements;
import dev.strata.testing.StrataProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tested topology of docs/scaling.md: a real docker-registry as the upstream, two
 * {@code strata serve --upstream} processes (each with its own cache), the shipped haproxy
 * configuration in front, and the real dockerd and skopeo pulling through the balancer. All on
 * 127.0.0.1; every process is stopped by the PID this test started.
 */
class ServeClusterTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final Pattern BUILT = Pattern.compile("built (\\S+):latest");

    @TempDir
    static Path work;
    static LocalRegistry upstream;
    static final List<Process> servers = new ArrayList<>();
    static final List<Path> logs = new ArrayList<>();
    static Process haproxy;
    static String balancer;

    @BeforeAll
    static void start() throws Exception {
        Requirements.require("docker-registry", "haproxy", "skopeo", "dockerd", "docker", "curl");
        upstream = LocalRegistry.start(work.resolve("upstream"));
        List<Integer> ports = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            int port = Commands.freePort();
            Path log = work.resolve("serve" + i + ".log");
            servers.add(StrataProcess.start(work, work.resolve("cache" + i), log, "serve", "--listen",
                    "127.0.0.1:" + port, "--upstream", upstream.url() + "/nix", "--max-connections-per-client", "256"));
            logs.add(log);
            ports.add(port);
        }
        for (int i = 0; i < 2; i++) {
            awaitV2("http://127.0.0.1:" + ports.get(i), servers.get(i), logs.get(i));
        }
        int lb = Commands.freePort();
        String config = Files.readString(Path.of("packaging/haproxy/strata-serve.cfg"))
                .replace("bind 127.0.0.1:8080", "bind 127.0.0.1:" + lb)
                + "    server s1 127.0.0.1:" + ports.get(0) + " check\n"
                + "    server s2 127.0.0.1:" + ports.get(1) + " check\n";
        Path cfg = work.resolve("haproxy.cfg");
        Files.writeString(cfg, config);
        haproxy = new ProcessBuilder("haproxy", "-f", cfg.toString(), "-db").redirectErrorStream(true)
                .redirectOutput(work.resolve("haproxy.log").toFile()).start();
        balancer = "127.0.0.1:" + lb;
        awaitV2("http://" + balancer, haproxy, work.resolve("haproxy.log"));
    }

    @AfterAll
    static void stop() {
        if (haproxy != null) {
            Commands.stop(haproxy, 5);
        }
        for (Process p : servers) {
            Commands.stop(p, 15);
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    static void awaitV2(String base, Process process, Path log) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < end && process.isAlive()) {
            try {
                if (get(base + "/v2/").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(base + " did not answer /v2/: " + Files.readString(log));
    }

    static HttpResponse<byte[]> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** How many builds of {@code name} the servers' logs report, all servers together. */
    static int builds(String name) throws IOException {
        int n = 0;
        for (Path log : logs) {
            Matcher m = BUILT.matcher(Files.readString(log));
            while (m.find()) {
                n += m.group(1).equals(name) ? 1 : 0;
            }
        }
        return n;
    }

    /** The layers, config and both manifests of an image as the balancer serves it. */
    static Set<String> digestsOf(String name) throws Exception {
        return digests(name, true);
    }

    /** The layers and config of an image as the balancer serves it. */
    static Set<String> blobsOf(String name) throws Exception {
        return digests(name, false);
    }

    private static Set<String> digests(String name, boolean manifests) throws Exception {
        Set<String> out = new TreeSet<>();
        for (String type : List.of(RegistryServer.OCI_MANIFEST, RegistryServer.DOCKER_MANIFEST)) {
            HttpResponse<byte[]> r = get("http://" + balancer + "/v2/" + name + "/manifests/latest", "Accept", type);
            assertEquals(200, r.statusCode(), new String(r.body()));
            if (manifests) {
                out.add(r.headers().firstValue("Docker-Content-Digest").orElseThrow());
            }
            JsonNode m = JSON.readTree(r.body());
            out.addAll(m.path("layers").findValuesAsText("digest"));
            out.add(m.path("config").path("digest").asText());
        }
        return out;
    }

    @Test
    void dockerPullsThroughTheBalancerBlobsComeFromTheUpstreamAndIdenticalRequestsBuildOnce() throws Exception {
        // Four identical requests at once meet on one server (the balancer hashes the image name),
        // and that server builds once.
        List<CompletableFuture<HttpResponse<byte[]>>> pulls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pulls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return get("http://" + balancer + "/v2/shell/hello/manifests/latest");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<HttpResponse<byte[]>> p : pulls) {
            assertEquals(200, p.get(5, TimeUnit.MINUTES).statusCode());
        }
        assertEquals(1, builds("shell/hello"), "one build for identical requests through the balancer");
        try (Dockerd dockerd = Dockerd.start(work.resolve("dockerd"))) {
            dockerd.docker("pull", balancer + "/shell/hello").ok();
            assertEquals("Hello, world!\nshell ok", dockerd.docker("run", "--rm", "--network", "none",
                    balancer + "/shell/hello", "bash", "-c", "hello; echo shell ok").ok().stdout().strip());
        }
        Commands.run(List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + balancer + "/shell/hello",
                "oci:" + work.resolve("skopeo-copy") + ":x"), Map.of(), 300).ok();
        Set<String> blobs = blobsOf("shell/hello");
        assertEquals(blobs, upstream.repositoryBlobs("nix/shell/hello"));
        for (String d : blobs) {
            HttpResponse<byte[]> r = get("http://" + balancer + "/v2/shell/hello/blobs/" + d);
            assertEquals(307, r.statusCode());
            assertEquals(upstream.url() + "/v2/nix/shell/hello/blobs/" + d, r.headers().firstValue("Location").orElseThrow());
        }
        // Each blob once: the registry's storage holds exactly the blobs and manifests of the images pulled.
        Set<String> pulled = new TreeSet<>(digestsOf("shell/hello"));
        for (JsonNode repository : JSON.readTree(get(upstream.url() + "/v2/_catalog").body()).path("repositories")) {
            pulled.addAll(digestsOf(repository.asText().substring("nix/".length())));
        }
        assertEquals(pulled, upstream.storedBlobs());
    }

    @Test
    void killingTheServerOfAnImageMidPullLosesNothing() throws Exception {
        // An image the balancer sends to the first server.
        String name = null;
        for (String candidate : List.of("figlet", "cowsay", "jq", "less", "shell/figlet", "shell/cowsay", "shell/jq",
                "figlet/tree", "cowsay/tree", "jq/tree", "figlet/hello", "cowsay/hello")) {
            HttpResponse<byte[]> r = get("http://" + balancer + "/v2/" + candidate + "/tags/list");
            if (r.headers().firstValue("X-Strata-Server").orElse("").equals("s1")) {
                name = candidate;
                break;
            }
        }
        assertTrue(name != null, "some image goes to s1");
        Process first = servers.get(0);
        try (Dockerd dockerd = Dockerd.start(work.resolve("dockerd-kill"))) {
            String image = balancer + "/" + name;
            ProcessBuilder pb = new ProcessBuilder("docker", "pull", image).redirectErrorStream(true)
                    .redirectOutput(work.resolve("first-pull.log").toFile());
            pb.environment().put("DOCKER_HOST", dockerd.host());
            Process pull = pb.start();
            // Kill s1 while it works on this pull: as soon as it runs Nix for it (or after 60 s).
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end && first.descendants().findAny().isEmpty() && pull.isAlive()) {
                Thread.sleep(10);
            }
            assertTrue(pull.isAlive(), "s1 is killed while the pull waits for it: "
                    + Files.readString(work.resolve("first-pull.log")));
            first.descendants().forEach(ProcessHandle::destroyForcibly);
            first.destroyForcibly();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            // This first pull may fail, or succeed when the balancer retries on the other server.
            pull.waitFor(5, TimeUnit.MINUTES);
            System.out.println("the pull during the kill: " + Files.readString(work.resolve("first-pull.log")));
            // Pulling again through the balancer works: the other server builds, pushes (the same
            // bytes, idempotently) and redirects the blobs.
            dockerd.docker("pull", image).ok();
            dockerd.docker("image", "inspect", image).ok();
            assertTrue(upstream.storedBlobs().containsAll(digestsOf(name)), "the upstream holds the image");
            assertTrue(upstream.repositoryBlobs("nix/" + name).containsAll(blobsOf(name)), "linked in its repository");
        }
    }
}
