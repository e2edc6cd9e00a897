package dev.strata.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.closure.StorePath;
import dev.strata.output.ImageName;
import dev.strata.output.ImageOutput;
import dev.strata.output.OutputFormat;
import dev.strata.output.OutputMode;
import dev.strata.testing.Requirements;
import dev.strata.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers as this host compresses them (libdeflate's one gzip member per 1 MiB block, or zlib's one
 * member) are read by the gzip readers clients use: GNU gzip, the JDK's GZIPInputStream, Python's
 * gzip module, and Go's compress/gzip in umoci and skopeo; each gives back the layer's diffID.
 */
class GzipReadersTest {
    @TempDir
    Path tmp;

    FakeStore store;
    StorePath big;
    byte[] bigBytes;
    BuiltImage image;
    BuiltLayer bigLayer;

    @BeforeEach
    void build() {
        GzipEngineTest.pinned(); // the layers must be multi-member for this test to mean anything
        store = new FakeStore(tmp.resolve("root"));
        big = FakeStore.path("big-1.0");
        bigBytes = new byte[3 * 1024 * 1024 + 4321];
        new Random(5).nextBytes(bigBytes);
        for (int i = 0; i < bigBytes.length; i += 3) {
            bigBytes[i] = (byte) 'x';
        }
        store.bytes(big, "share/big.bin", bigBytes);
        List<StorePath> paths = List.of(big);
        image = ImageBuilder.inCache(tmp.resolve("cache")).build(
                new ImageInputs("x86_64-linux", FakeStore.closureOf(paths), null, store.root), FakeStore.onePerPath(paths),
                ImageConfig.empty(), new BuildOptions(Compression.GZIP, ManifestFormat.OCI, null), BuildListener.NONE);
        bigLayer = image.layers().get(0);
    }

    @Test
    void theBigLayerIsSeveralGzipMembers() throws IOException {
        byte[] blob = Files.readAllBytes(bigLayer.blob());
        int headers = 0;
        for (int i = 0; i + 10 <= blob.length; i++) {
            if (blob[i] == 0x1f && blob[i + 1] == (byte) 0x8b && blob[i + 2] == 8 && blob[i + 3] == 0 && blob[i + 9] == (byte) 0xff) {
                headers++;
            }
        }
        assertTrue(headers >= 4, "a 3 MiB tar in 1 MiB members has at least 4 member headers, found " + headers);
    }

    @Test
    void gnuGzipTestsAndDecompressesTheLayer() {
        Requirements.require("gzip", "sha256sum");
        TestImages.run("gzip", "-t", bigLayer.blob().toString()).ok("gzip -t");
        String sha = TestImages.run("sh", "-c", "gzip -dc < \"$0\" | sha256sum", bigLayer.blob().toString())
                .ok("gzip -dc").out().split(" ")[0];
        assertEquals(bigLayer.diffId().toString(), "sha256:" + sha);
    }

    @Test
    void javasGzipInputStreamReadsTheLayer() throws IOException {
        var md = Digest.sha256();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(bigLayer.blob()))) {
            md.update(in.readAllBytes());
        }
        assertEquals(bigLayer.diffId(), Digest.of(md));
    }

    @Test
    void pythonsGzipModuleReadsTheLayer() {
        Requirements.require("python3");
        String sha = TestImages.run("python3", "-c",
                "import gzip, hashlib, sys; print(hashlib.sha256(gzip.open(sys.argv[1]).read()).hexdigest())",
                bigLayer.blob().toString()).ok("python3 gzip").out().strip();
        assertEquals(bigLayer.diffId().toString(), "sha256:" + sha);
    }

    @Test
    void umociAndSkopeoReadTheLayersWithGosGzip() throws IOException {
        Requirements.require("umoci", "skopeo");
        Path layout = tmp.resolve("layout");
        ImageOutput.write(image, OutputFormat.OCI, ImageName.parse("demo/big:1"), layout, OutputMode.ADD);
        // umoci decompresses every layer and checks it against the config's diffIDs.
        Path bundle = tmp.resolve("bundle");
        TestImages.run("umoci", "unpack", "--rootless", "--image", layout + ":demo/big:1", bundle.toString()).ok("umoci");
        assertArrayEquals(bigBytes, Files.readAllBytes(bundle.resolve("rootfs" + big.path() + "/share/big.bin")));
        // skopeo decompresses on copy; the decompressed blob is the tar whose digest is the diffID.
        Path dir = tmp.resolve("skopeo-dir");
        TestImages.run("skopeo", "copy", "--dest-decompress", "oci:" + layout + ":demo/big:1", "dir:" + dir).ok("skopeo");
        String hex = bigLayer.diffId().toString().substring("sha256:".length());
        assertTrue(Files.isRegularFile(dir.resolve(hex)), "skopeo wrote the decompressed layer " + hex);
        assertEquals(bigLayer.diffId(), BlobStore.hash(dir.resolve(hex)));
    }
}
