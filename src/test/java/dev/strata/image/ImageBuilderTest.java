package dev.strata.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import dev.strata.AtomicFile;
import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import dev.strata.layering.Layer;
import dev.strata.layering.LayerPlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image builder on a scratch store: digests, the layer cache, cancellation and crashes. */
class ImageBuilderTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    FakeStore store;
    StorePath lib;
    StorePath app;
    StorePath data;
    List<StorePath> paths;

    @BeforeEach
    void makeStore() {
        store = new FakeStore(tmp.resolve("root"));
        lib = FakeStore.path("libfoo-1.0");
        store.file(lib, "lib/libfoo.so", "ELF pretend library ".repeat(5000), "r--r--r--");
        app = FakeStore.path("app-2.0");
        store.file(app, "bin/app", "#!/bin/sh\necho app\n", "r-xr-xr-x");
        store.symlink(app, "lib/libfoo.so", lib.path() + "/lib/libfoo.so");
        data = FakeStore.path("data-3.0");
        byte[] bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(bytes);
        store.bytes(data, "share/blob.bin", bytes);
        paths = List.of(lib, data, app);
    }

    ImageInputs inputs() {
        return new ImageInputs("x86_64-linux", FakeStore.closureOf(paths), null, store.root);
    }

    BuiltImage build(Path cache, Compression c, ManifestFormat f) {
        return ImageBuilder.inCache(cache).build(inputs(), FakeStore.onePerPath(paths), ImageConfig.empty(),
                new BuildOptions(c, f, null), BuildListener.NONE);
    }

    static InputStream decompress(Compression c, InputStream in) throws IOException {
        switch (c) {
            case GZIP: return new GZIPInputStream(in, 1 << 16);
            case ZSTD: return new ZstdInputStream(in);
            default: return in;
        }
    }

    @Test
    void diffIdsAreHashesOfTheDecompressedLayersAndDigestsHashesOfTheBlobs() throws IOException {
        for (Compression c : Compression.values()) {
            BuiltImage image = build(tmp.resolve("cache-" + c.id()), c, ManifestFormat.OCI);
            JsonNode config = JSON.readTree(image.configBytes());
            JsonNode manifest = JSON.readTree(image.manifestBytes());
            assertEquals(Digest.of(image.manifestBytes()), image.manifestDigest());
            assertEquals(Digest.of(image.configBytes()), image.configDigest());
            assertEquals(image.manifestDigest(), BlobStore.hash(image.manifest().path()));
            assertEquals(image.configDigest().toString(), manifest.path("config").path("digest").asText());
            assertEquals(4, image.layers().size(), "three store layers and the top layer");
            for (int i = 0; i < image.layers().size(); i++) {
                BuiltLayer l = image.layers().get(i);
                assertEquals(l.digest(), BlobStore.hash(l.blob()), c + " layer " + i + " digest");
                assertEquals(Files.size(l.blob()), l.size());
                Digest diffId;
                try (InputStream in = decompress(c, Files.newInputStream(l.blob()))) {
                    var md = Digest.sha256();
                    byte[] buf = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        md.update(buf, 0, n);
                    }
                    diffId = Digest.of(md);
                }
                assertEquals(diffId, l.diffId(), c + " layer " + i + " diffID");
                assertEquals(l.diffId().toString(), config.path("rootfs").path("diff_ids").get(i).asText());
                JsonNode d = manifest.path("layers").get(i);
                assertEquals(l.digest().toString(), d.path("digest").asText());
                assertEquals(l.size(), d.path("size").asLong());
                assertEquals(c.layerMediaType(ManifestFormat.OCI), d.path("mediaType").asText());
            }
            if (c == Compression.NONE) {
                image.layers().forEach(l -> assertEquals(l.digest(), l.diffId()));
            }
            // The layers hold their whole content, read back through the decompressor.
            try (InputStream in = decompress(c, Files.newInputStream(image.layers().get(1).blob()));
                 var tar = new TarArchiveInputStream(in)) {
                Map<String, byte[]> files = new HashMap<>();
                for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    files.put(e.getName().replaceFirst("^/", ""), tar.readAllBytes());
                }
                assertArrayEquals(Files.readAllBytes(store.dir(data).resolve("share/blob.bin")),
                        files.get(data.path().substring(1) + "/share/blob.bin"), "layer 2 holds data's file, all of it");
            }
        }
    }

    @Test
    void configAndManifestSayWhatTheImageIs() throws IOException {
        ImageConfig cfg = ImageConfig.empty().withEntrypoint(List.of("/bin/app")).withCmd(List.of("--help"))
                .withEnv(List.of("LANG=C.UTF-8")).withWorkingDir("/srv").withUser("app")
                .withExposedPorts(List.of("8080")).withLabels(Map.of("org.example", "yes"));
        BuiltImage image = ImageBuilder.inCache(tmp.resolve("c")).build(inputs(), FakeStore.onePerPath(paths), cfg,
                new BuildOptions(Compression.GZIP, ManifestFormat.DOCKER, null), BuildListener.NONE);
        JsonNode config = JSON.readTree(image.configBytes());
        assertEquals("1970-01-01T00:00:00Z", config.path("created").asText());
        assertEquals("amd64", config.path("architecture").asText());
        assertEquals("linux", config.path("os").asText());
        JsonNode c = config.path("config");
        assertEquals("[\"PATH=/bin\",\"LANG=C.UTF-8\"]", c.path("Env").toString());
        assertEquals("[\"/bin/app\"]", c.path("Entrypoint").toString());
        assertEquals("[\"--help\"]", c.path("Cmd").toString());
        assertEquals("/srv", c.path("WorkingDir").asText());
        assertEquals("app", c.path("User").asText());
        assertEquals("{\"8080/tcp\":{}}", c.path("ExposedPorts").toString());
        assertEquals("{\"org.example\":\"yes\"}", c.path("Labels").toString());
        JsonNode history = config.path("history");
        assertEquals(4, history.size());
        assertEquals("strata: libfoo-1.0", history.get(0).path("created_by").asText());
        assertTrue(history.get(3).path("created_by").asText().contains("symlinks"));
        JsonNode manifest = JSON.readTree(image.manifestBytes());
        assertEquals("application/vnd.docker.distribution.manifest.v2+json", manifest.path("mediaType").asText());
        assertEquals("application/vnd.docker.container.image.v1+json", manifest.path("config").path("mediaType").asText());
        assertEquals("application/vnd.docker.image.rootfs.diff.tar.gzip",
                manifest.path("layers").get(0).path("mediaType").asText());
        assertEquals(image.manifestMediaType(), manifest.path("mediaType").asText());

        BuiltImage now = ImageBuilder.inCache(tmp.resolve("c")).build(inputs(), FakeStore.onePerPath(paths), cfg,
                new BuildOptions(Compression.GZIP, ManifestFormat.DOCKER, Instant.now()), BuildListener.NONE);
        assertNotEquals("1970-01-01T00:00:00Z", JSON.readTree(now.configBytes()).path("created").asText());
        assertEquals(image.layers().get(0).digest(), now.layers().get(0).digest(), "layers do not depend on created");
    }

    @Test
    void theOtherManifestDialectSharesConfigAndLayersAndEqualsADirectBuild() {
        BuiltImage oci = build(tmp.resolve("cache"), Compression.GZIP, ManifestFormat.OCI);
        BuiltImage docker = ImageBuilder.inCache(tmp.resolve("cache")).inFormat(oci, ManifestFormat.DOCKER);
        assertEquals(oci.configDigest(), docker.configDigest());
        assertEquals(oci.layers().stream().map(BuiltLayer::digest).toList(),
                docker.layers().stream().map(BuiltLayer::digest).toList());
        assertEquals("application/vnd.docker.image.rootfs.diff.tar.gzip", docker.layers().get(0).mediaType());
        assertEquals(build(tmp.resolve("other"), Compression.GZIP, ManifestFormat.DOCKER).manifestDigest(),
                docker.manifestDigest(), "the same manifest as building in the Docker dialect");
        assertTrue(BlobStore.in(tmp.resolve("cache")).verify(docker.manifestDigest(), docker.manifest().size()));
        BuiltImage zstd = build(tmp.resolve("z"), Compression.ZSTD, ManifestFormat.OCI);
        assertThrows(StrataException.class, () -> ImageBuilder.inCache(tmp.resolve("z")).inFormat(zstd, ManifestFormat.DOCKER));
    }

    @Test
    void bytesDoNotDependOnTheNumberOfThreads() {
        for (Compression c : List.of(Compression.GZIP, Compression.ZSTD)) {
            BuiltImage one = ImageBuilder.inCache(tmp.resolve("t1-" + c.id())).withThreads(1).build(inputs(),
                    FakeStore.onePerPath(paths), ImageConfig.empty(), new BuildOptions(c, ManifestFormat.OCI, null),
                    BuildListener.NONE);
            BuiltImage four = ImageBuilder.inCache(tmp.resolve("t4-" + c.id())).withThreads(4).build(inputs(),
                    FakeStore.onePerPath(paths), ImageConfig.empty(), new BuildOptions(c, ManifestFormat.OCI, null),
                    BuildListener.NONE);
            assertEquals(one.manifestDigest(), four.manifestDigest(), c.id());
        }
    }

    @Test
    void secondBuildReusesEveryLayerWithoutReadingTheStore() throws IOException {
        Path cache = tmp.resolve("cache");
        BuiltImage first = build(cache, Compression.GZIP, ManifestFormat.OCI);
        assertTrue(first.layers().stream().noneMatch(BuiltLayer::reused));
        OciLayoutDelete.tree(store.root.resolve("nix"));
        List<Integer> started = new ArrayList<>();
        BuiltImage second = ImageBuilder.inCache(cache).build(inputs(), FakeStore.onePerPath(paths), ImageConfig.empty(),
                new BuildOptions(Compression.GZIP, ManifestFormat.OCI, null), new BuildListener() {
                    @Override
                    public synchronized void layerStarted(int index, int count, String description) {
                        started.add(index);
                    }
                });
        assertEquals(first.manifestDigest(), second.manifestDigest());
        assertTrue(second.layers().stream().allMatch(BuiltLayer::reused));
        assertEquals(List.of(), started, "no layer was written");
    }

    @Test
    void corruptedBlobIsDetectedAndRebuilt() throws IOException {
        Path cache = tmp.resolve("cache");
        BuiltImage first = build(cache, Compression.GZIP, ManifestFormat.OCI);
        BuiltLayer victim = first.layers().get(1);
        victim.blob().toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(victim.blob().toFile(), "rw")) {
            f.seek(victim.size() / 2);
            int b = f.read();
            f.seek(victim.size() / 2);
            f.write(b ^ 0x40);
        }
        assertNotEquals(victim.digest(), BlobStore.hash(victim.blob()));
        BuiltImage second = build(cache, Compression.GZIP, ManifestFormat.OCI);
        assertEquals(first.manifestDigest(), second.manifestDigest());
        assertFalse(second.layers().get(1).reused(), "the corrupt layer was written again");
        assertTrue(second.layers().get(0).reused());
        assertEquals(victim.digest(), BlobStore.hash(second.layers().get(1).blob()));
    }

    BuiltImage build(Path cache, List<String> warnings) {
        return ImageBuilder.inCache(cache).build(inputs(), FakeStore.onePerPath(paths), ImageConfig.empty(),
                new BuildOptions(Compression.GZIP, ManifestFormat.OCI, null), new BuildListener() {
                    @Override
                    public synchronized void warning(String message) {
                        warnings.add(message);
                    }
                });
    }

    static String keyOf(Path cache, BuiltLayer layer) {
        LayerIndex index = LayerIndex.in(cache);
        return index.keys().stream().filter(k -> index.get(k).orElseThrow().digestValue().equals(layer.digest()))
                .findFirst().orElseThrow();
    }

    @Test
    void aWrongDiffIdInTheIndexIsCaughtAndTheLayerWrittenAgain() {
        Path cache = tmp.resolve("cache");
        BuiltImage first = build(cache, Compression.GZIP, ManifestFormat.OCI);
        LayerIndex index = LayerIndex.in(cache);
        String key = keyOf(cache, first.layers().get(1));
        LayerIndex.Entry e = index.get(key).orElseThrow();
        index.put(key, new LayerIndex.Entry(e.layerKey(), e.format(), first.layers().get(0).diffId().toString(), e.digest(),
                e.size(), e.compression(), e.mediaType(), e.paths()));

        List<String> warnings = new ArrayList<>();
        BuiltImage second = build(cache, warnings);
        assertEquals(first.manifestDigest(), second.manifestDigest(), "the config lists the true diffID again");
        assertFalse(second.layers().get(1).reused());
        assertTrue(second.layers().get(0).reused() && second.layers().get(2).reused());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("repaired the cached layer 2 of 4") && warnings.get(0).contains("diffID"),
                warnings.get(0));
        assertEquals(first.layers().get(1).diffId(), index.get(key).orElseThrow().diffIdValue(), "the entry is right again");
    }

    @Test
    void anEntryWithoutADiffIdRecordIsCheckedOnceByDecompressingItsBlob() throws IOException {
        Path cache = tmp.resolve("cache");
        BuiltImage first = build(cache, Compression.GZIP, ManifestFormat.OCI);
        Path records = cache.resolve("blobs/diffids");
        try (var s = Files.list(records)) {
            assertEquals(first.layers().size(), s.count(), "each layer written notes what its blob decompresses to");
        }
        OciLayoutDelete.tree(records); // as a cache written by an earlier Strata

        List<String> warnings = new ArrayList<>();
        BuiltImage second = build(cache, warnings);
        assertEquals(List.of(), warnings);
        assertTrue(second.layers().stream().allMatch(BuiltLayer::reused));
        for (BuiltLayer l : first.layers()) {
            assertEquals(l.diffId().toString(), Files.readString(records.resolve(l.digest().hex() + "-gzip")),
                    "checked by decompressing, and noted");
        }
    }

    @Test
    void missingBlobIsRebuiltAndTruncatedBlobToo() throws IOException {
        Path cache = tmp.resolve("cache");
        BuiltImage first = build(cache, Compression.ZSTD, ManifestFormat.OCI);
        Files.delete(first.layers().get(0).blob());
        Path truncated = first.layers().get(1).blob();
        truncated.toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(truncated.toFile(), "rw")) {
            f.setLength(f.length() - 1);
        }
        BuiltImage second = build(cache, Compression.ZSTD, ManifestFormat.OCI);
        assertEquals(first.manifestDigest(), second.manifestDigest());
        assertFalse(second.layers().get(0).reused());
        assertFalse(second.layers().get(1).reused());
        assertTrue(second.layers().get(2).reused());
    }

    @Test
    void concurrentBuildsShareTheCacheSafely() throws Exception {
        Path cache = tmp.resolve("cache");
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<BuiltImage> results = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    results.add(build(cache, Compression.GZIP, ManifestFormat.OCI));
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(1, results.stream().map(BuiltImage::manifestDigest).distinct().count());
        CacheMaintenance.VerifyReport report = CacheMaintenance.in(cache).verify(d -> { });
        assertEquals(List.of(), report.corrupt());
        assertEquals(List.of(), CacheMaintenance.in(cache).partials());
    }

    @Test
    void cancellingByInterruptLeavesOnlyCompleteBlobsAndNoTemporaryFiles() throws Exception {
        StorePath big = FakeStore.path("big-1.0");
        byte[] chunk = new byte[8 << 20];
        Random r = new Random(1);
        for (int i = 0; i < 8; i++) {
            r.nextBytes(chunk);
            store.bytes(big, "share/part" + i, chunk);
        }
        List<StorePath> all = List.of(lib, big);
        ImageInputs in = new ImageInputs("x86_64-linux", FakeStore.closureOf(all), null, store.root);
        Path cache = tmp.resolve("cache");
        CountDownLatch reading = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread builder = new Thread(() -> {
            try {
                ImageBuilder.inCache(cache).build(in, FakeStore.onePerPath(all), ImageConfig.empty(),
                        BuildOptions.defaults(), new BuildListener() {
                            @Override
                            public void bytesRead(long done, long total) {
                                reading.countDown();
                            }
                        });
                outcome.set(new AssertionError("the build finished before it was cancelled"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        builder.start();
        assertTrue(reading.await(60, TimeUnit.SECONDS));
        builder.interrupt();
        builder.join(60_000);
        assertFalse(builder.isAlive());
        assertTrue(outcome.get() instanceof CancellationException, "got " + outcome.get());
        BlobStore blobs = BlobStore.in(cache);
        assertEquals(List.of(), CacheMaintenance.in(cache).partials(), "no half-written blob is left");
        for (Digest d : blobs.list()) {
            assertTrue(blobs.verify(d, -1), d + " is complete");
        }
        BuiltImage after = ImageBuilder.inCache(cache).build(in, FakeStore.onePerPath(all), ImageConfig.empty(),
                BuildOptions.defaults(), BuildListener.NONE);
        BuiltImage fresh = ImageBuilder.inCache(tmp.resolve("fresh")).build(in, FakeStore.onePerPath(all),
                ImageConfig.empty(), BuildOptions.defaults(), BuildListener.NONE);
        assertEquals(fresh.manifestDigest(), after.manifestDigest());
    }

    @Test
    void killedBuildLeavesACacheTheNextBuildUsesCorrectly() throws Exception {
        StorePath big = FakeStore.path("big-2.0");
        byte[] chunk = new byte[8 << 20];
        Random r = new Random(2);
        for (int i = 0; i < 6; i++) {
            r.nextBytes(chunk);
            store.bytes(big, "share/part" + i, chunk);
        }
        List<StorePath> all = List.of(lib, app, big);
        Path cache = tmp.resolve("cache");
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BuildInChild.class.getName(), store.root.toString(),
                cache.toString(), "gzip"));
        all.forEach(p -> argv.add(p.path()));
        Process child = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            long read = 0;
            while ((line = out.readLine()) != null && read < (16 << 20)) {
                if (line.startsWith("progress ")) {
                    read = Long.parseLong(line.substring(9));
                }
            }
            assertTrue(read >= 16 << 20, "the child build was under way; last line: " + line);
            child.destroyForcibly();
            child.waitFor();
        }
        ImageInputs in = new ImageInputs("x86_64-linux", FakeStore.closureOf(all), null, store.root);
        BuiltImage after = ImageBuilder.inCache(cache).build(in, FakeStore.onePerPath(all), ImageConfig.empty(),
                BuildOptions.defaults(), BuildListener.NONE);
        BuiltImage fresh = ImageBuilder.inCache(tmp.resolve("fresh")).build(in, FakeStore.onePerPath(all),
                ImageConfig.empty(), BuildOptions.defaults(), BuildListener.NONE);
        assertEquals(fresh.manifestDigest(), after.manifestDigest());
        for (BuiltLayer l : after.layers()) {
            assertEquals(l.digest(), BlobStore.hash(l.blob()));
        }
        // What the kill left behind (at most partial files) is named after the killed process, so gc
        // removes it at once, however recent.
        CacheMaintenance maintenance = CacheMaintenance.in(cache);
        List<AtomicFile.Partial> left = maintenance.partials();
        assertTrue(left.stream().allMatch(p -> p.writer() == AtomicFile.Writer.GONE), left.toString());
        assertEquals(left.size(), maintenance.gc(Duration.ofDays(30)).temporaryFilesRemoved());
        assertEquals(List.of(), maintenance.partials());
    }

    @Test
    void planMustCoverTheClosureExactly() {
        Path cache = tmp.resolve("cache");
        LayerPlan missing = FakeStore.onePerPath(List.of(lib, app));
        StrataException e = assertThrows(StrataException.class, () -> ImageBuilder.inCache(cache).build(inputs(), missing,
                ImageConfig.empty(), BuildOptions.defaults(), BuildListener.NONE));
        assertTrue(e.getMessage().contains("leaves out " + data), e.getMessage());
        LayerPlan twice = new LayerPlan("t", 10, List.of(Layer.of(List.of(lib, app), 1, "x"), Layer.of(List.of(app, data), 1, "y")));
        e = assertThrows(StrataException.class, () -> ImageBuilder.inCache(cache).build(inputs(), twice,
                ImageConfig.empty(), BuildOptions.defaults(), BuildListener.NONE));
        assertTrue(e.getMessage().contains(app + " in layers 1 and 2"), e.getMessage());
        StorePath stranger = FakeStore.path("stranger-1");
        LayerPlan extra = FakeStore.onePerPath(List.of(lib, app, data, stranger));
        e = assertThrows(StrataException.class, () -> ImageBuilder.inCache(cache).build(inputs(), extra,
                ImageConfig.empty(), BuildOptions.defaults(), BuildListener.NONE));
        assertTrue(e.getMessage().contains(stranger + ", which is not in the closure"), e.getMessage());
    }

    @Test
    void zstdNeedsAnOciManifest() {
        StrataException e = assertThrows(StrataException.class,
                () -> new BuildOptions(Compression.ZSTD, ManifestFormat.DOCKER, null));
        assertEquals("zstd layers exist only in OCI images; choose the oci manifest format, or gzip or no compression",
                e.getMessage());
    }

    @Test
    void cacheVerifyFindsCorruptBlobsAndGcKeepsWhatRecentImagesUse() throws IOException {
        Path cache = tmp.resolve("cache");
        BuiltImage image = build(cache, Compression.GZIP, ManifestFormat.OCI);
        BlobStore blobs = BlobStore.in(cache);
        Blob orphan = blobs.put("an old blob nobody uses".getBytes());
        Files.setLastModifiedTime(orphan.path(), FileTime.from(Instant.now().minus(Duration.ofDays(3))));
        Path victim = image.layers().get(2).blob();
        victim.toFile().setWritable(true);
        Files.write(victim, new byte[] {1, 2, 3});

        CacheMaintenance m = CacheMaintenance.in(cache);
        CacheMaintenance.VerifyReport v = m.verify(d -> { });
        assertEquals(List.of(image.layers().get(2).digest()), v.corrupt());
        assertEquals(1, v.indexEntriesRemoved(), "the index entry of the corrupt blob went with it");
        assertFalse(Files.exists(victim));

        CacheMaintenance.GcReport gc = m.gc(Duration.ofDays(30));
        assertEquals(1, gc.blobsRemoved(), "only the orphan");
        assertFalse(Files.exists(orphan.path()));
        assertTrue(Files.exists(image.layers().get(0).blob()));
        assertTrue(Files.exists(image.manifest().path()));

        // Once the image is older than the age limit and its blobs past the grace period, all go.
        for (Digest d : blobs.list()) {
            Files.setLastModifiedTime(blobs.path(d), FileTime.from(Instant.now().minus(Duration.ofDays(40))));
        }
        for (Path dir : List.of(cache.resolve("images"), cache.resolve("layers"))) {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofDays(40))));
                }
            }
        }
        CacheMaintenance.GcReport all = m.gc(Duration.ofDays(30));
        assertEquals(1, all.imagesForgotten());
        assertEquals(List.of(), blobs.list());
        assertEquals(List.of(), LayerIndex.in(cache).keys(), "index entries of removed blobs are dropped");
        BuiltImage again = build(cache, Compression.GZIP, ManifestFormat.OCI);
        assertEquals(image.manifestDigest(), again.manifestDigest());
        assertTrue(again.layers().stream().noneMatch(BuiltLayer::reused));
    }

    @Test
    void rememberedImagesLiveInTheSameRecordsAndGcCollectsThem() throws IOException {
        Path cache = tmp.resolve("remembered");
        BuiltImage image = build(cache, Compression.GZIP, ManifestFormat.OCI);
        BuiltImage docker = ImageBuilder.inCache(cache).inFormat(image, ManifestFormat.DOCKER);
        ImageRecords records = ImageRecords.in(cache);
        records.remember("k1", List.of(image.manifestDigest().toString(), docker.manifestDigest().toString()));
        List<ImageRecords.Manifest> recalled = records.recall("k1").orElseThrow();
        assertEquals(List.of(image.manifestDigest().toString(), docker.manifestDigest().toString()),
                recalled.stream().map(ImageRecords.Manifest::digest).toList());
        assertArrayEquals(docker.manifestBytes(), recalled.get(1).bytes());
        assertTrue(ImageRecords.in(cache).recall("k1").isPresent(), "across restarts");
        assertTrue(records.recall("other").isEmpty());
        // A key file of the Strata before the records were merged: plain text, never collected then.
        Path legacy = cache.resolve("images").resolve("0123abcd");
        Files.writeString(legacy, image.manifestDigest() + "\n");

        // The key's record alone keeps every blob of both manifests.
        try (var s = Files.list(cache.resolve("images"))) {
            for (Path p : s.filter(p -> !p.getFileName().toString().startsWith("key-")).toList()) {
                Files.delete(p);
            }
        }
        BlobStore blobs = BlobStore.in(cache);
        ageAll(cache.resolve("blobs"), Duration.ofDays(40));
        CacheMaintenance.GcReport young = CacheMaintenance.in(cache).gc(Duration.ofDays(30));
        assertEquals(0, young.blobsRemoved(), "a remembered image's blobs are in use");
        assertTrue(records.recall("k1").isPresent());

        Files.writeString(legacy, image.manifestDigest() + "\n");
        for (String dir : List.of("images", "layers", "blobs")) {
            ageAll(cache.resolve(dir), Duration.ofDays(40));
        }
        CacheMaintenance.GcReport old = CacheMaintenance.in(cache).gc(Duration.ofDays(30));
        assertEquals(2, old.imagesForgotten(), "the key's record and the old plain-text one");
        assertEquals(List.of(), blobs.list());
        assertTrue(ImageRecords.in(cache).recall("k1").isEmpty());
        try (var s = Files.list(cache.resolve("images"))) {
            assertEquals(List.of(), s.toList());
        }
    }

    private static void ageAll(Path dir, Duration age) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(age)));
            }
        }
    }

    @Test
    void sameImageWhateverTheCacheDirectory() {
        assertEquals(build(tmp.resolve("a"), Compression.GZIP, ManifestFormat.OCI).manifestDigest(),
                build(tmp.resolve("b"), Compression.GZIP, ManifestFormat.OCI).manifestDigest());
        assertArrayEquals(build(tmp.resolve("c"), Compression.NONE, ManifestFormat.OCI).configBytes(),
                build(tmp.resolve("d"), Compression.GZIP, ManifestFormat.OCI).configBytes(),
                "the config depends on the uncompressed layers only");
    }
}
