package dev.strata.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import dev.strata.image.Platform;
import dev.strata.input.PullOptions;
import dev.strata.input.SourceImage;
import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.FaultProxy;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.output.registry.TlsOptions;
import dev.strata.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base images are read one reference at a time, not one composer at a time: while a registry base
 * is slow (its manifest held by a proxy in front of the real docker-registry until the test lets
 * it go), an unrelated base (an OCI layout umoci made) is read at once; callers of the same
 * reference share the one read; a waiting caller stops when interrupted; and nothing is left
 * waiting after failures. The generous future deadlines only guard against a hang.
 */
@Timeout(300)
class BaseImagesTest {
    static final Platform AMD64 = new Platform("amd64", "linux", null);
    static final PullOptions PLAIN_HTTP = PullOptions.defaults().withTls(new TlsOptions(true, null))
            .withTimeout(Duration.ofSeconds(120));

    @TempDir
    static Path work;
    static Path layout;
    static LocalRegistry registry;
    static ExecutorService threads;

    @BeforeAll
    static void setUp() throws Exception {
        Requirements.require("umoci", "skopeo", "docker-registry", "busybox");
        layout = work.resolve("base");
        Path bundle = work.resolve("bundle");
        run("umoci", "init", "--layout", layout.toString());
        run("umoci", "new", "--image", layout + ":1");
        run("umoci", "unpack", "--rootless", "--image", layout + ":1", bundle.toString());
        Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.copy(Path.of(run("sh", "-c", "command -v busybox").strip()), bundle.resolve("rootfs/bin/busybox"));
        run("umoci", "repack", "--image", layout + ":1", bundle.toString());
        run("umoci", "config", "--image", layout + ":1", "--architecture", "amd64", "--os", "linux");
        registry = LocalRegistry.start(work.resolve("registry"));
        run("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":1",
                "docker://" + registry.address() + "/team/base:1");
        threads = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void tearDown() {
        if (threads != null) {
            threads.shutdownNow();
        }
        if (registry != null) {
            registry.close();
        }
    }

    static String run(String... command) {
        return Commands.run(List.of(command), Map.of(), 120).ok().stdout();
    }

    static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    Future<SourceImage> open(BaseImages bases, String reference) {
        return threads.submit(() -> bases.open(reference, AMD64, PLAIN_HTTP, ProgressListener.NONE));
    }

    @Test
    void anUnrelatedBaseIsReadWhileASlowRegistryBaseIsBeingRead() throws Exception {
        BaseImages bases = new BaseImages(work.resolve("cache-1"));
        CountDownLatch gate = new CountDownLatch(1);
        try (FaultProxy slow = new FaultProxy(registry.port())) {
            slow.hold("^GET /v2/team/base/manifests/", gate, Duration.ofSeconds(120), 1);
            String remote = "docker://" + slow.address() + "/team/base:1";
            Future<SourceImage> first = open(bases, remote);
            waitUntil(() -> slow.faults().stream().anyMatch(f -> f.startsWith("HOLD")), "the registry read to be held");
            Future<SourceImage> sameReference = open(bases, remote);
            Future<SourceImage> waiter = open(bases, remote);

            SourceImage local = open(bases, "oci:" + layout + ":1").get(60, TimeUnit.SECONDS);
            assertFalse(first.isDone(), "the registry base is still held while the layout was read");
            assertEquals(1, local.layers().size());

            // A caller waiting for the held reference stops when its thread is interrupted.
            waiter.cancel(true);
            waitUntil(() -> bases.busyReferences() == 1, "the interrupted caller to stop waiting");
            assertFalse(first.isDone() || sameReference.isDone(), "both callers of the held reference still wait");

            gate.countDown();
            SourceImage remoteImage = first.get(60, TimeUnit.SECONDS);
            assertSame(remoteImage, sameReference.get(60, TimeUnit.SECONDS), "one read for both callers");
            assertEquals(local.config().diffIds(), remoteImage.config().diffIds(), "the same image");
            assertEquals(1, slow.requestLines().stream().filter(l -> l.startsWith("GET /v2/team/base/manifests/"))
                    .count(), "the manifest was fetched once: " + slow.requestLines());
            assertEquals(0, bases.busyReferences());
        }
    }

    @Test
    void aFailedReadLeavesNothingWaitingAndTheNextCallerReadsAgain() throws Exception {
        BaseImages bases = new BaseImages(work.resolve("cache-2"));
        CountDownLatch gate = new CountDownLatch(1);
        try (FaultProxy slow = new FaultProxy(registry.port())) {
            slow.hold("^GET /v2/team/missing/manifests/", gate, Duration.ofSeconds(120), 1);
            String missing = "docker://" + slow.address() + "/team/missing:1";
            Future<SourceImage> first = open(bases, missing);
            waitUntil(() -> slow.faults().stream().anyMatch(f -> f.startsWith("HOLD")), "the registry read to be held");
            Future<SourceImage> second = open(bases, missing);
            gate.countDown();
            for (Future<SourceImage> f : List.of(first, second)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof StrataException && e.getCause().getMessage().contains("team/missing"),
                        String.valueOf(e.getCause()));
            }
            assertEquals(0, bases.busyReferences(), "no reference left waiting after the failed reads");
        }
        StrataException e = assertThrows(StrataException.class, () -> bases.open("oci:" + work.resolve("nothing") + ":1",
                AMD64, PLAIN_HTTP, ProgressListener.NONE));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(0, bases.busyReferences());
        // Cancelled while reading: nothing kept, so the next caller reads it.
        Thread.currentThread().interrupt();
        try {
            bases.fetch("oci:" + layout + ":1", AMD64, PLAIN_HTTP, ProgressListener.NONE);
        } catch (CancellationException | StrataException cancelled) {
            // either the wait or the read noticed the interrupt
        } finally {
            Thread.interrupted();
        }
        assertEquals(0, bases.busyReferences());
        assertEquals(1, bases.fetch("oci:" + layout + ":1", AMD64, PLAIN_HTTP, ProgressListener.NONE).layers().size());
    }
}
