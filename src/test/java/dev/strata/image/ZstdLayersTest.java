package dev.strata.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdInputStream;
import dev.strata.closure.StorePath;
import dev.strata.output.ImageName;
import dev.strata.output.ImageOutput;
import dev.strata.output.OutputFormat;
import dev.strata.output.OutputMode;
import dev.strata.testing.Requirements;
import dev.strata.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zstd layers: the bytes do not depend on the number of zstd workers and match a known answer (the
 * zstd-jni release is pinned by Maven, so the same Strata gives the same layer on every machine); a
 * layer of real binaries is no larger than {@code zstd -3 -T2} makes of the same tar; and the zstd
 * CLI, zstd-jni and skopeo (Go's zstd) read the layers back to their diffIDs, and umoci unpacks the
 * content after skopeo recompressed it (umoci 0.4.7 does not take zstd layers itself).
 */
class ZstdLayersTest {
    /** SHA-256 of {@link #sample()} as LayerCompressor's zstd compresses it (zstd-jni 1.5.7-4, level 3). */
    static final String KNOWN_ANSWER = "sha256:ae9e10321be46899e65ebd7fa92d8567b1d58b656f0b605a691687f7f6217ad0";

    @TempDir
    Path tmp;

    FakeStore store;
    StorePath lib;
    byte[] libBytes;
    BuiltImage image;
    BuiltLayer layer;

    @BeforeEach
    void build() throws IOException {
        store = new FakeStore(tmp.resolve("root"));
        lib = FakeStore.path("libjvm-1.0");
        // A real binary of some MB: the JVM's own, present wherever the tests run.
        libBytes = Files.readAllBytes(Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so"));
        store.bytes(lib, "lib/libjvm.so", libBytes);
        List<StorePath> paths = List.of(lib);
        image = ImageBuilder.inCache(tmp.resolve("cache")).build(
                new ImageInputs("x86_64-linux", FakeStore.closureOf(paths), null, store.root), FakeStore.onePerPath(paths),
                ImageConfig.empty(), new BuildOptions(Compression.ZSTD, ManifestFormat.OCI, null), BuildListener.NONE);
        layer = image.layers().get(0);
        assertEquals(Compression.ZSTD.layerMediaType(ManifestFormat.OCI), layer.mediaType());
    }

    /** 20 MiB, compressible, from a fixed seed: more than two of zstd's 8 MiB jobs at level 3. */
    static byte[] sample() {
        byte[] b = new byte[20 * 1024 * 1024 + 12345];
        Random r = new Random(14);
        byte[] words = new byte[4096];
        r.nextBytes(words);
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextInt(4) == 0 ? (byte) r.nextInt() : words[(i * 7 + r.nextInt(3)) & 4095];
        }
        return b;
    }

    static byte[] compress(byte[] data, int workers) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LayerCompressor c = new LayerCompressor(pool, 2);
             OutputStream z = c.open(Compression.ZSTD, out, workers)) {
            for (int off = 0; off < data.length; off += 256 * 1024) {
                z.write(data, off, Math.min(256 * 1024, data.length - off));
            }
        } finally {
            pool.shutdownNow();
        }
        return out.toByteArray();
    }

    @Test
    void theBytesDoNotDependOnTheWorkersAndMatchTheKnownAnswer() throws IOException {
        byte[] data = sample();
        byte[] one = compress(data, 1);
        assertArrayEquals(one, compress(data, 2), "1 and 2 workers");
        assertArrayEquals(one, compress(data, 3), "1 and 3 workers");
        try (InputStream in = new ZstdInputStream(new java.io.ByteArrayInputStream(one))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(KNOWN_ANSWER, Digest.of(one).toString(),
                "the zstd bytes changed: a new zstd-jni or new settings; change LayerCompressor.settings too");
    }

    @Test
    void theZstdCliDecompressesTheLayerToItsDiffIdAndMakesItNoSmaller() {
        Requirements.require("zstd", "sha256sum");
        String blob = layer.blob().toString();
        TestImages.run("zstd", "-q", "-t", blob).ok("zstd -t");
        String sha = TestImages.run("sh", "-c", "zstd -q -dc < \"$0\" | sha256sum", blob).ok("zstd -dc").out().split(" ")[0];
        assertEquals(layer.diffId().toString(), "sha256:" + sha);
        long cli = Long.parseLong(TestImages.run("sh", "-c", "zstd -q -dc < \"$0\" | zstd -3 -T2 -q -c | wc -c", blob)
                .ok("zstd -3 -T2").out().strip());
        assertTrue(layer.size() <= cli, "Strata's layer is " + layer.size() + " bytes, zstd -3 -T2 makes " + cli);
    }

    @Test
    void skopeoReadsTheZstdLayerAndUmociUnpacksItsContent() throws IOException {
        Requirements.require("umoci", "skopeo");
        Path layout = tmp.resolve("layout");
        ImageOutput.write(image, OutputFormat.OCI, ImageName.parse("demo/zstd:1"), layout, OutputMode.ADD);
        // skopeo decompresses with Go's zstd on copy; the decompressed blob is the tar whose digest is the diffID.
        Path dir = tmp.resolve("skopeo-dir");
        TestImages.run("skopeo", "copy", "--dest-decompress", "oci:" + layout + ":demo/zstd:1", "dir:" + dir).ok("skopeo");
        String hex = layer.diffId().toString().substring("sha256:".length());
        assertTrue(Files.isRegularFile(dir.resolve(hex)), "skopeo wrote the decompressed layer " + hex);
        assertEquals(layer.diffId(), BlobStore.hash(dir.resolve(hex)));
        // umoci 0.4.7 (Debian 12) refuses the tar+zstd media type itself, so skopeo recompresses the
        // layer as gzip (reading the zstd with Go's decoder) and umoci unpacks that, checking every
        // layer against the config's diffIDs, which are Strata's.
        Path gz = tmp.resolve("gzip-layout");
        TestImages.run("skopeo", "copy", "--dest-compress-format", "gzip", "oci:" + layout + ":demo/zstd:1",
                "oci:" + gz + ":demo/zstd:1").ok("skopeo to gzip");
        Path bundle = tmp.resolve("bundle");
        TestImages.run("umoci", "unpack", "--rootless", "--image", gz + ":demo/zstd:1", bundle.toString()).ok("umoci");
        assertArrayEquals(libBytes, Files.readAllBytes(bundle.resolve("rootfs" + lib.path() + "/lib/libjvm.so")));
    }
}
