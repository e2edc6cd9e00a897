package dev.strata.output.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.output.ImageBlob;
import dev.strata.output.TransferEvent;
import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.FaultProxy;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.output.fixtures.TestImage;
import dev.strata.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fault-injecting TCP proxy between the pusher and a real registry (a fresh one per test). */
class FaultInjectionPushTest {
    private static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(400));

    @TempDir
    Path work;

    LocalRegistry registry;
    FaultProxy proxy;

    @BeforeEach
    void start() throws Exception {
        Requirements.require("docker-registry");
        registry = LocalRegistry.start(work.resolve("registry"));
        proxy = new FaultProxy(registry.port());
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private PushResult push(TestImage image, String repoTag, PushOptions options, List<TransferEvent> events) {
        return new RegistryPusher(new PushedBlobIndex(work.resolve("index")), new CredentialResolver(Map.of(), work),
                w -> { }).push(image.pushable(), RegistryReference.parse(proxy.address() + "/" + repoTag),
                options.withTls(new TlsOptions(true, null)).withRetry(QUICK), events::add);
    }

    private void assertRegistryHoldsExactly(TestImage image, String repository) throws Exception {
        assertEquals(new HashSet<>(image.allDigests()), registry.storedBlobs(), "blobs in the registry's storage");
        Set<String> linked = new HashSet<>(image.allDigests());
        linked.remove(image.pushable().manifestDigest());
        assertEquals(linked, registry.repositoryBlobs(repository), "blobs linked into " + repository);
    }

    @Test
    void uploadCutMidwayAndOne500StillPushTheRightBlobs() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "faults", true);
        ImageBlob big = image.layers().get(0).blob();
        String hex = big.digest().substring(7);
        proxy.cutOnce("^PUT /v2/fault/app/blobs/uploads/.*digest=sha256%3A" + hex, 300_000)
                .fail("^PUT /v2/fault/app/manifests/", 500,
                        "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"injected failure\"}]}", 1);
        List<TransferEvent> events = new CopyOnWriteArrayList<>();

        PushResult r = push(image, "fault/app:1", PushOptions.defaults(), events);

        assertEquals(2, proxy.faults().size(), proxy.faults().toString());
        assertEquals(3, r.blobsUploaded());
        assertEquals(image.pushable().manifestDigest(), r.manifestDigest());
        assertTrue(events.stream().filter(e -> e.kind() == TransferEvent.Kind.RETRYING).count() >= 2, events.toString());
        assertRegistryHoldsExactly(image, "fault/app");
        Path copy = work.resolve("copy");
        Commands.run(List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + registry.address()
                + "/fault/app:1", "oci:" + copy + ":1")).ok();
        assertArrayEquals(Files.readAllBytes(big.source().file().orElseThrow()),
                Files.readAllBytes(copy.resolve("blobs/sha256").resolve(hex)));
    }

    @Test
    void chunkedUploadCutBetweenChunksResumesWhereTheRegistryStopped() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "resume", true);
        ImageBlob big = image.layers().get(0).blob();
        long chunk = 256 << 10;
        // The third PATCH breaks before any of its body arrives: the registry holds exactly two chunks.
        proxy.pass("^PATCH /v2/fault/resume/blobs/uploads/", 2).cutOnce("^PATCH /v2/fault/resume/blobs/uploads/", 0);
        List<TransferEvent> events = new CopyOnWriteArrayList<>();

        PushResult r = push(image, "fault/resume:1", PushOptions.defaults().withChunkSize(chunk).withParallelUploads(1),
                events);

        assertEquals(3, r.blobsUploaded());
        assertEquals(1, proxy.faults().size(), proxy.faults().toString());
        assertTrue(proxy.requestLines().stream().anyMatch(l -> l.startsWith("GET /v2/fault/resume/blobs/uploads/")),
                "asked the registry how much arrived");
        long posts = proxy.requestLines().stream().filter(l -> l.startsWith("POST ")).count();
        assertEquals(3, posts, "one upload session per blob: the broken one was resumed, not restarted");
        long patches = proxy.requestLines().stream().filter(l -> l.startsWith("PATCH ")).count();
        long needed = (big.size() + chunk - 1) / chunk + 2; // busybox chunks + app layer + config
        assertEquals(needed + 1, patches, "only the broken chunk was sent again");
        assertRegistryHoldsExactly(image, "fault/resume");
    }

    @Test
    void chunkCutMidBodyRestartsTheBlobWhenTheRegistryDropsTheSession() throws Exception {
        // distribution 2.8 cancels an upload whose file grew past its recorded offset (a partly
        // received chunk), so asking what arrived finds no session and the blob starts over.
        TestImage image = TestImage.busybox(work.resolve("layout"), "restart", true);
        proxy.pass("^PATCH /v2/fault/restart/blobs/uploads/", 2).cutOnce("^PATCH /v2/fault/restart/blobs/uploads/", 100_000);

        PushResult r = push(image, "fault/restart:1", PushOptions.defaults().withChunkSize(256 << 10)
                .withParallelUploads(1), new CopyOnWriteArrayList<>());

        assertEquals(3, r.blobsUploaded());
        assertTrue(proxy.requestLines().stream().anyMatch(l -> l.startsWith("GET /v2/fault/restart/blobs/uploads/")));
        assertEquals(4, proxy.requestLines().stream().filter(l -> l.startsWith("POST ")).count(), "one restart");
        assertRegistryHoldsExactly(image, "fault/restart");
    }

    @Test
    void persistent500EndsWithTheRegistrysWords() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "broken", true);
        proxy.fail("^POST /v2/fault/broken/blobs/uploads/", 500,
                "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"backend storage unavailable\"}]}", 100);

        RegistryException e = assertThrows(RegistryException.class,
                () -> push(image, "fault/broken:1", PushOptions.defaults().withParallelUploads(1), new CopyOnWriteArrayList<>()));

        assertEquals(500, e.status());
        assertTrue(e.getMessage().contains("backend storage unavailable") && e.getMessage().contains("HTTP 500"),
                e.getMessage());
        assertTrue(proxy.faults().size() >= QUICK.attempts(), "retried: " + proxy.faults());
    }

    @Test
    void missingRepositoryIsNamed() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "norepo", true);
        proxy.fail("^POST /v2/fault/norepo/blobs/uploads/", 404, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\","
                + "\"message\":\"repository name not known to registry\",\"detail\":{\"name\":\"fault/norepo\"}}]}", 100);

        RegistryException e = assertThrows(RegistryException.class,
                () -> push(image, "fault/norepo:1", PushOptions.defaults(), new CopyOnWriteArrayList<>()));

        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("has no repository 'fault/norepo'"), e.getMessage());
    }

    @Test
    void registryThatDoesNotAnswerTimesOut() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "slow", true);
        proxy.stall("^HEAD /v2/fault/slow/blobs/", Duration.ofSeconds(30), 100);

        RegistryException e = assertThrows(RegistryException.class, () -> push(image, "fault/slow:1",
                PushOptions.defaults().withTimeout(Duration.ofSeconds(1)).withRetry(new RetryPolicy(2,
                        Duration.ofMillis(50), Duration.ofMillis(50))), new CopyOnWriteArrayList<>()));

        assertTrue(e.getMessage().contains("did not answer within 1 s"), e.getMessage());
    }

    @Test
    void interruptingAPushCancelsItPromptly() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "cancel", true);
        proxy.stall("^PUT /v2/fault/cancel/blobs/uploads/", Duration.ofSeconds(60), 100);
        Throwable[] outcome = new Throwable[1];
        Set<Thread> before = pushThreads();
        List<TransferEvent> events = new CopyOnWriteArrayList<>();
        Thread pusher = new Thread(() -> {
            try {
                push(image, "fault/cancel:1", PushOptions.defaults(), events);
            } catch (Throwable t) {
                outcome[0] = t;
            }
        });
        pusher.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (proxy.faults().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(!proxy.faults().isEmpty(), "an upload reached the stalled PUT");

        long t0 = System.nanoTime();
        pusher.interrupt();
        pusher.join(5_000);

        assertTrue(!pusher.isAlive(), "the push ended within 5 s of the interrupt");
        assertTrue(outcome[0] instanceof CancellationException, String.valueOf(outcome[0]));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        // Ended means ended: no upload thread of this push is still running, so nothing it says can
        // reach the caller after the push returned (a window's "Cancelled" line stays).
        Set<Thread> left = pushThreads();
        left.removeAll(before);
        assertEquals(Set.of(), left, "upload threads still running after the push returned");
        int said = events.size();
        Thread.sleep(300);
        assertEquals(said, events.size(), "no event after the push returned");
    }

    private static Set<Thread> pushThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("strata-push") && t.isAlive()) {
                threads.add(t);
            }
        }
        return threads;
    }
}
