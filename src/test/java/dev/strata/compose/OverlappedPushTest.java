package dev.strata.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.output.BlobSource;
import dev.strata.output.ImageBlob;
import dev.strata.output.LoadableImage;
import dev.strata.output.PushableImage;
import dev.strata.output.TransferEvent;
import dev.strata.output.TransferListener;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.output.registry.CredentialResolver;
import dev.strata.output.registry.PushOptions;
import dev.strata.output.registry.PushResult;
import dev.strata.output.registry.PushedBlobIndex;
import dev.strata.output.registry.RegistryReference;
import dev.strata.output.registry.TlsOptions;
import dev.strata.testing.Requirements;
import dev.strata.testing.TestImages;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Exports#buildAndPush}: layers go to a real registry (Debian's docker-registry) while the
 * image is still being built, a re-push sends nothing, and a push cancelled mid-upload leaves the
 * registry without the image and able to take it whole afterwards.
 */
class OverlappedPushTest {
    @TempDir
    Path work;

    private Exports exports(Composer composer) {
        return new Exports(composer, new PushedBlobIndex(work.resolve("index")),
                new CredentialResolver(Map.of(), work.resolve("home")), null);
    }

    private static PushOptions insecure() {
        return PushOptions.defaults().withTls(new TlsOptions(true, null));
    }

    @Test
    void aLayerUploadStartsBeforeTheLastLayerIsWritten() throws Exception {
        Requirements.require("docker-registry", "skopeo");
        Composer composer = TestImages.composer(work.resolve("cache"));
        Recipe recipe = TestImages.recipe("greeter");
        CountDownLatch uploadStarted = new CountDownLatch(1);
        AtomicBoolean overlapped = new AtomicBoolean();
        // The last layer's "written" event waits (a condition, bounded) until an upload has begun: a
        // push that only starts once the image is complete never gets there, and the wait runs out.
        ProgressListener progress = e -> {
            if (e.stage() == PipelineStep.LAYERS && e.message().startsWith("layer ") && e.done() == e.total()
                    && e.total() > 0) {
                try {
                    overlapped.set(uploadStarted.await(60, TimeUnit.SECONDS));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        TransferListener transfer = e -> {
            if (e.kind() == TransferEvent.Kind.STARTED || e.kind() == TransferEvent.Kind.EXISTS) {
                uploadStarted.countDown();
            }
        };
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"))) {
            RegistryReference target = RegistryReference.parse(registry.address() + "/strata/greeter:1");
            Exports.Pushed pushed = exports(composer).buildAndPush(recipe, java.util.Optional.empty(), target, insecure(),
                    progress, transfer, w -> { });
            assertTrue(overlapped.get(), "a layer began uploading while the image was still being written");
            long total = pushed.image().blobsInPushOrder().stream().mapToLong(ImageBlob::size).sum();
            assertEquals(total, pushed.result().bytesUploaded());
            assertEquals(pushed.image().manifestDigest(), pushed.result().manifestDigest());
            TestImages.run(null, List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + target,
                    "oci:" + work.resolve("copy") + ":x"), null, 120).ok("skopeo copy checks every blob");

            Exports.Pushed again = exports(composer).buildAndPush(recipe, java.util.Optional.empty(), target, insecure(),
                    ProgressListener.NONE, TransferListener.NONE, w -> { });
            assertEquals(0, again.result().bytesUploaded());
            assertEquals(0, again.result().blobsUploaded());
            assertEquals(pushed.result().manifestDigest(), again.result().manifestDigest());
        }
    }

    /** A fixed image (one large random layer), so that a push is still sending when it is cancelled. */
    private record Fixed(PushableImage image) implements Exports.Images {
        @Override
        public PushableImage forPush(Recipe recipe, ProgressListener progress) {
            return image;
        }

        @Override
        public LoadableImage forLoad(Recipe recipe, String nameTag, ProgressListener progress) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aPushCancelledMidUploadStoresNoImageAndTheNextPushCompletesIt() throws Exception {
        Requirements.require("docker-registry", "skopeo");
        Path big = work.resolve("layer.bin");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(7);
        java.security.MessageDigest sha = dev.strata.output.Digests.newSha256();
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < 96; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
                sha.update(chunk);
            }
        }
        ImageBlob layer = new ImageBlob("sha256:" + java.util.HexFormat.of().formatHex(sha.digest()), Files.size(big),
                "application/vnd.oci.image.layer.v1.tar", BlobSource.ofFile(big));
        String diffId = layer.digest();
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
        ImageBlob configBlob = ImageBlob.ofBytes(config, "application/vnd.oci.image.config.v1+json");
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + configBlob.digest() + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layer.digest() + "\",\"size\":"
                + layer.size() + "}]}").getBytes(StandardCharsets.UTF_8);
        PushableImage image = new PushableImage(manifest, "application/vnd.oci.image.manifest.v1+json", configBlob,
                List.of(layer));
        Exports exports = new Exports(new Fixed(image), new PushedBlobIndex(work.resolve("index")),
                new CredentialResolver(Map.of(), work.resolve("home")), null);
        // Small PATCH pieces: the upload is many exchanges, the cancel lands between or inside them.
        PushOptions options = insecure().withChunkSize(1 << 20);

        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"))) {
            RegistryReference target = RegistryReference.parse(registry.address() + "/strata/big:1");
            Thread pusher = Thread.currentThread();
            AtomicInteger finished = new AtomicInteger();
            AtomicInteger tagged = new AtomicInteger();
            AtomicBoolean interrupted = new AtomicBoolean();
            TransferListener cancelMidUpload = e -> {
                if (e.kind() == TransferEvent.Kind.PROGRESS && e.done() > 0 && e.done() < e.size()
                        && interrupted.compareAndSet(false, true)) {
                    pusher.interrupt();
                }
                if (e.kind() == TransferEvent.Kind.FINISHED && layer.digest().equals(e.digest())) {
                    finished.incrementAndGet();
                }
                if (e.kind() == TransferEvent.Kind.TAGGED) {
                    tagged.incrementAndGet();
                }
            };
            assertThrows(CancellationException.class, () -> exports.buildAndPush(TestImages.recipe("x"),
                    java.util.Optional.empty(), target, options, ProgressListener.NONE, cancelMidUpload, w -> { }));
            Thread.interrupted(); // clear the flag the cancel left on this thread
            assertTrue(interrupted.get(), "the push was cancelled while the layer was being sent");
            assertEquals(0, tagged.get());
            assertEquals(0, finished.get(), "the layer's upload stopped instead of finishing");

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<Void> tag = http.send(HttpRequest.newBuilder(URI.create("http://" + registry.address()
                    + "/v2/strata/big/manifests/1")).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept", "application/vnd.oci.image.manifest.v1+json")
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(404, tag.statusCode(), "no manifest stored for a cancelled push");
            HttpResponse<Void> blob = http.send(HttpRequest.newBuilder(URI.create("http://" + registry.address()
                    + "/v2/strata/big/blobs/" + layer.digest())).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(404, blob.statusCode(), "no part of the cancelled layer counts as the blob");

            Exports.Pushed done = exports.buildAndPush(TestImages.recipe("x"), java.util.Optional.empty(), target,
                    options, ProgressListener.NONE, TransferListener.NONE, w -> { });
            PushResult r = done.result();
            assertEquals(layer.size() + config.length, r.bytesUploaded());
            assertFalse(r.tags().isEmpty());
            TestImages.run(null, List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + target,
                    "dir:" + work.resolve("copy")), null, 120).ok("skopeo copy checks every blob");
        }
    }
}
