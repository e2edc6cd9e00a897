package dev.strata.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import dev.strata.layering.LayerPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes of an added-files layer are fixed: a directory of several MiB (many gzip blocks, files
 * larger and smaller than every buffer of the writing path) gives the same diffID and digest as
 * the writer of the first release of {@code --add} gave, whatever the threads. A change to how the
 * layer is written (threads, buffers, hashing) must leave these values alone.
 */
class AddedLayerDigestTest {
    @TempDir
    Path tmp;

    /** Written by {@code AddedLayer}/{@code LayerTar} before the writing path was staged (commit 1f253ca). */
    static final String DIFF_ID = "sha256:be6a6281ed32b320ba6f1c211ea4d017c6eec53073a62d81cc9b1e7669d463aa";
    static final String PINNED_DIGEST = "sha256:b1401938b366bacc7b8e829ba77f215000622a8a627575f65e77342107cd0388";
    static final String ZLIB_DIGEST = "sha256:f6d88b1c27ad45e8e9da5ee7a63708a2b4c0d4bc52422eba1ae8342021bf2e05";

    Path tree() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/app"));
        Random r = new Random(13);
        for (int i = 0; i < 12; i++) {
            // Sizes around and across the 256 KiB, 1 MiB and 512-byte boundaries; half compressible.
            int size = i * 397_331 % 3_000_000 + i;
            byte[] b = new byte[size];
            if (i % 2 == 0) {
                r.nextBytes(b);
            } else {
                for (int k = 0; k < size; k++) {
                    b[k] = (byte) ("strata layer " + (k / 64)).charAt(k % 13);
                }
            }
            Path dir = Files.createDirectories(src.resolve("d" + (i % 3)));
            Files.write(dir.resolve("f" + i + (i % 4 == 1 ? ".sh" : ".bin")), b);
            if (i % 4 == 1) {
                Files.setPosixFilePermissions(dir.resolve("f" + i + ".sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Files.writeString(src.resolve("a-name-" + "x".repeat(120) + ".txt"), "long name\n", StandardCharsets.UTF_8);
        Files.writeString(src.resolve("caf\u00e9.txt"), "non-ASCII name\n", StandardCharsets.UTF_8);
        Files.createDirectories(src.resolve("empty"));
        Files.createSymbolicLink(src.resolve("link"), Path.of("d0/f0.bin"));
        return src;
    }

    BuiltLayer addedLayer(Path src, int threads) {
        Path cache = tmp.resolve("cache-" + threads);
        Path store = tmp.resolve("store-" + threads);
        StorePath forest = StorePath.of("/nix/store/0123456789abcdfghijklmnpqrsvwxyz-forest");
        try {
            Files.createDirectories(store.resolve("nix/store/" + forest.baseName()));
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        ImageInputs inputs = new ImageInputs("x86_64-linux", Closure.of(List.of(), List.of()), forest, store)
                .with(null, List.of(AddedFiles.parse(src + ":/srv/app:uid=1000,gid=1000", tmp)));
        BuiltImage image = ImageBuilder.inCache(cache).withThreads(threads).build(inputs,
                new LayerPlan("none", 2, List.of()), ImageConfig.empty(),
                new BuildOptions(Compression.GZIP, ManifestFormat.OCI, Instant.EPOCH), BuildListener.NONE);
        return image.layers().get(image.layers().size() - 1);
    }

    @Test
    void anAddedLayerKeepsItsDiffIdAndDigestWithOneThreadOrMany() throws IOException {
        Path src = tree();
        for (int threads : new int[] {1, 3}) {
            BuiltLayer l = addedLayer(src, threads);
            assertEquals(DIFF_ID, l.diffId().toString(), "diffID with " + threads + " threads");
            assertEquals(GzipEngine.current() instanceof GzipEngine.Pinned ? PINNED_DIGEST : ZLIB_DIGEST,
                    l.digest().toString(), "digest with " + threads + " threads, engine " + GzipEngine.current().id());
        }
    }
}
