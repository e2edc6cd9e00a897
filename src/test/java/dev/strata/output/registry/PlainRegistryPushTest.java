package dev.strata.output.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.output.ImageBlob;
import dev.strata.output.PushableImage;
import dev.strata.output.TransferEvent;
import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.output.fixtures.TestImage;
import dev.strata.testing.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes to a real docker-registry over plain HTTP and checks the result with skopeo. */
class PlainRegistryPushTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static LocalRegistry registry;

    @TempDir
    Path work;

    @BeforeAll
    static void startRegistry() throws Exception {
        Requirements.require("docker-registry", "skopeo");
        registry = LocalRegistry.start(dir.resolve("registry"));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private RegistryPusher pusher(Path indexDir, List<String> warnings) {
        return new RegistryPusher(new PushedBlobIndex(indexDir), new CredentialResolver(Map.of(), work),
                warnings::add);
    }

    private static PushOptions insecure() {
        return PushOptions.defaults().withTls(new TlsOptions(true, null));
    }

    @Test
    void pushedImageReadsBackIdenticallyWithSkopeo() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "first", true);
        RegistryReference ref = RegistryReference.parse(registry.address() + "/strata/first:1");
        List<String> warnings = new ArrayList<>();
        List<TransferEvent> events = new CopyOnWriteArrayList<>();

        PushResult r = pusher(work.resolve("index"), warnings).push(image.pushable(), ref, insecure(), events::add);

        assertEquals(ref.toString(), r.reference());
        assertEquals(image.pushable().manifestDigest(), r.manifestDigest());
        assertEquals(3, r.blobsUploaded());
        assertEquals(0, r.blobsSkipped());
        long total = image.pushable().blobsInPushOrder().stream().mapToLong(ImageBlob::size).sum();
        assertEquals(total, r.bytesUploaded());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("--insecure") && w.contains("plain HTTP")), warnings.toString());
        for (ImageBlob b : image.pushable().blobsInPushOrder()) {
            assertTrue(events.stream().anyMatch(e -> e.kind() == TransferEvent.Kind.PROGRESS
                    && b.digest().equals(e.digest()) && e.done() == b.size()), "full progress for " + b.digest());
        }

        String raw = Commands.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + ref)).ok().stdout();
        assertArrayEquals(image.pushable().manifest(), raw.getBytes(StandardCharsets.UTF_8));
        JsonNode inspect = JSON.readTree(Commands.run(List.of("skopeo", "inspect", "--tls-verify=false",
                "docker://" + ref)).ok().stdout());
        assertEquals(r.manifestDigest(), inspect.get("Digest").asText());

        Path copy = work.resolve("copy");
        Commands.run(List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + ref, "oci:" + copy + ":1")).ok();
        for (ImageBlob b : image.pushable().blobsInPushOrder()) {
            Path back = copy.resolve("blobs/sha256").resolve(b.digest().substring(7));
            assertArrayEquals(Files.readAllBytes(b.source().file().orElseThrow()), Files.readAllBytes(back),
                    "blob " + b.digest() + " came back identical");
        }
    }

    @Test
    void secondPushUploadsNoBlob() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "again", true);
        RegistryReference ref = RegistryReference.parse(registry.address() + "/strata/again:1");
        RegistryPusher pusher = pusher(work.resolve("index"), new ArrayList<>());
        pusher.push(image.pushable(), ref, insecure(), e -> { });

        List<TransferEvent> events = new CopyOnWriteArrayList<>();
        PushResult again = pusher.push(image.pushable(), ref, insecure(), events::add);

        assertEquals(0, again.blobsUploaded());
        assertEquals(0, again.bytesUploaded());
        assertEquals(3, again.blobsSkipped());
        assertEquals(image.pushable().manifestDigest(), again.manifestDigest());
        assertEquals(3, events.stream().filter(e -> e.kind() == TransferEvent.Kind.EXISTS).count());
    }

    @Test
    void imageSharingALayerUploadsOnlyTheNewOnes() throws Exception {
        RegistryPusher pusher = pusher(work.resolve("index"), new ArrayList<>());
        TestImage a = TestImage.busybox(work.resolve("a"), "shared-a", true);
        TestImage b = TestImage.busybox(work.resolve("b"), "shared-b", true);
        assertEquals(a.layers().get(0).blob().digest(), b.layers().get(0).blob().digest());
        pusher.push(a.pushable(), RegistryReference.parse(registry.address() + "/strata/shared:a"), insecure(), e -> { });

        PushResult rb = pusher.push(b.pushable(), RegistryReference.parse(registry.address() + "/strata/shared:b"),
                insecure(), e -> { });

        assertEquals(2, rb.blobsUploaded(), "the app layer and the config");
        assertEquals(1, rb.blobsSkipped(), "the busybox layer");
        assertEquals(b.layers().get(1).blob().size() + b.pushable().config().size(), rb.bytesUploaded());
    }

    @Test
    void pushToAnotherRepositoryMountsBlobsTheCacheRemembers() throws Exception {
        RegistryPusher pusher = pusher(work.resolve("index"), new ArrayList<>());
        TestImage image = TestImage.busybox(work.resolve("layout"), "mounted", true);
        pusher.push(image.pushable(), RegistryReference.parse(registry.address() + "/strata/origin:1"), insecure(), e -> { });
        List<TransferEvent> events = new CopyOnWriteArrayList<>();

        PushResult r = pusher.push(image.pushable(), RegistryReference.parse(registry.address() + "/other/copy:1"),
                insecure(), events::add);

        assertEquals(0, r.blobsUploaded());
        assertEquals(0, r.bytesUploaded());
        assertEquals(3, r.blobsMounted());
        assertEquals(3, r.blobsSkipped());
        assertTrue(events.stream().allMatch(e -> e.kind() != TransferEvent.Kind.MOUNTED || "strata/origin".equals(e.detail())));
        assertTrue(registry.repositoryBlobs("other/copy").containsAll(List.of(image.pushable().config().digest(),
                image.layers().get(0).blob().digest(), image.layers().get(1).blob().digest())));
        Commands.run(List.of("skopeo", "inspect", "--tls-verify=false", "docker://" + registry.address()
                + "/other/copy:1")).ok();
    }

    @Test
    void dockerMediaTypesAndSeveralTags() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "tags", false);
        RegistryReference ref = RegistryReference.parse(registry.address() + "/strata/tags:1.0");

        PushResult r = pusher(work.resolve("index"), new ArrayList<>()).push(image.pushable(), ref,
                insecure().withExtraTags(List.of("latest", "stable")), e -> { });

        assertEquals(List.of("1.0", "latest", "stable"), r.tags());
        for (String tag : r.tags()) {
            JsonNode raw = JSON.readTree(Commands.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false",
                    "docker://" + ref.withTag(tag))).ok().stdout());
            assertEquals(TestImage.DOCKER_MANIFEST, raw.get("mediaType").asText());
            JsonNode inspect = JSON.readTree(Commands.run(List.of("skopeo", "inspect", "--tls-verify=false",
                    "docker://" + ref.withTag(tag))).ok().stdout());
            assertEquals(r.manifestDigest(), inspect.get("Digest").asText(), tag);
        }
    }

    @Test
    void chunkedUploadWhenAsked() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "chunked", true);
        RegistryReference ref = RegistryReference.parse(registry.address() + "/strata/chunked:1");
        List<TransferEvent> events = new CopyOnWriteArrayList<>();

        PushResult r = pusher(work.resolve("index"), new ArrayList<>()).push(image.pushable(), ref,
                insecure().withChunkSize(256 << 10), events::add);

        assertEquals(3, r.blobsUploaded());
        ImageBlob big = image.layers().get(0).blob();
        assertTrue(big.size() > 3 * (256 << 10), "the busybox layer spans several chunks");
        assertTrue(registry.log().contains("PATCH /v2/strata/chunked/blobs/uploads/"), "PATCH requests were made");
        Path copy = work.resolve("copy");
        Commands.run(List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + ref, "oci:" + copy + ":1")).ok();
        assertArrayEquals(Files.readAllBytes(big.source().file().orElseThrow()),
                Files.readAllBytes(copy.resolve("blobs/sha256").resolve(big.digest().substring(7))));
    }

    @Test
    void blobsFromStreamsRatherThanFilesPushTheSame() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "streams", true);
        PushableImage streamed = streamed(image);
        RegistryPusher pusher = pusher(work.resolve("index"), new ArrayList<>());

        PushResult whole = pusher.push(streamed, RegistryReference.parse(registry.address() + "/strata/streams:1"),
                insecure(), e -> { });
        PushResult chunked = pusher.push(streamed, RegistryReference.parse(registry.address() + "/strata/streams-chunked:1"),
                insecure().withChunkSize(300_000), e -> { });

        assertEquals(3, whole.blobsUploaded());
        assertEquals(image.pushable().manifestDigest(), whole.manifestDigest());
        assertEquals(3, chunked.blobsMounted(), "the index remembered the first repository");
        Path copy = work.resolve("copy");
        Commands.run(List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + registry.address()
                + "/strata/streams:1", "oci:" + copy + ":1")).ok();
        for (ImageBlob b : image.pushable().blobsInPushOrder()) {
            assertArrayEquals(Files.readAllBytes(b.source().file().orElseThrow()),
                    Files.readAllBytes(copy.resolve("blobs/sha256").resolve(b.digest().substring(7))));
        }
    }

    @Test
    void chunkedUploadFromStreams() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "stream-chunks", true);
        PushableImage streamed = streamed(image);

        PushResult r = pusher(work.resolve("index"), new ArrayList<>()).push(streamed,
                RegistryReference.parse(registry.address() + "/strata/stream-chunks:1"), insecure().withChunkSize(300_000),
                e -> { });

        assertEquals(3, r.blobsUploaded());
        Commands.run(List.of("skopeo", "inspect", "--tls-verify=false", "docker://" + registry.address()
                + "/strata/stream-chunks:1")).ok();
    }

    /** The same image with every blob read from a stream, as a source without a file would give it. */
    private static PushableImage streamed(TestImage image) {
        UnaryOperator<ImageBlob> asStream = b -> {
            Path file = b.source().file().orElseThrow();
            return new ImageBlob(b.digest(), b.size(), b.mediaType(), () -> Files.newInputStream(file));
        };
        return new PushableImage(image.pushable().manifest(), image.pushable().manifestMediaType(),
                asStream.apply(image.pushable().config()), image.pushable().layers().stream().map(asStream).toList());
    }
}
