package dev.strata.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import dev.strata.closure.StorePath;
import dev.strata.testing.Requirements;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gzip engines: libdeflate is taken only at the pinned release, the fallback is zlib, the two
 * write different bytes of the same tar, the engine is in the cache key, and the libdeflate bytes are
 * the same for any thread count, JDK and process.
 */
class GzipEngineTest {
    static final int BLOCK = 128 * 1024;

    @TempDir
    Path tmp;

    static Libdeflate pinned() {
        GzipEngine.Choice c = GzipEngine.choose(null, GzipEngine.LIBRARY);
        Requirements.need(c.engine() instanceof GzipEngine.Pinned,
                "libdeflate " + Libdeflate.PINNED_RELEASE + " is not usable here (" + c.fallbackReason()
                        + "); packaging/setup-deps.sh installs Debian's libdeflate0");
        return ((GzipEngine.Pinned) c.engine()).library();
    }

    static byte[] gzip(GzipEngine engine, byte[] data, int threads, int chunk) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (ParallelGzip gz = new ParallelGzip(pool, threads, 6, BLOCK, engine)) {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            try (ParallelGzip.Stream s = gz.open(bo)) {
                for (int off = 0; off < data.length; off += chunk) {
                    s.write(data, off, Math.min(chunk, data.length - off));
                }
            }
            return bo.toByteArray();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void thePinnedLibdeflateIsChosenWhenPresent() {
        Libdeflate lib = pinned();
        assertEquals("libdeflate-" + Libdeflate.PINNED_RELEASE, new GzipEngine.Pinned(lib).id());
        assertNull(GzipEngine.choose(null, GzipEngine.LIBRARY).fallbackReason());
    }

    @Test
    void aMissingLibraryFallsBackToZlibAndSaysWhy() {
        GzipEngine.Choice c = GzipEngine.choose(null, "libdeflate-not-here.so.0");
        assertInstanceOf(GzipEngine.Zlib.class, c.engine());
        assertTrue(c.fallbackReason().contains("libdeflate-not-here.so.0") && c.fallbackReason().contains("cannot be loaded"),
                c.fallbackReason());
    }

    @Test
    void aLibraryThatIsNotLibdeflateFallsBackToZlib() {
        // libz is a real shared library without libdeflate's functions: it loads, then fails to work.
        GzipEngine.Choice c = GzipEngine.choose(null, "libz.so.1");
        assertInstanceOf(GzipEngine.Zlib.class, c.engine());
        assertTrue(c.fallbackReason().contains("libz.so.1"), c.fallbackReason());
    }

    @Test
    void aPassedCheckIsRememberedForThatLibraryFileOnly() throws IOException {
        pinned();
        Path checks = tmp.resolve("checks");
        // By name, as Strata loads it: the file dlopen found is what is remembered.
        assertInstanceOf(GzipEngine.Pinned.class, GzipEngine.choose(null, GzipEngine.LIBRARY, checks).engine());
        try (var l = Files.list(checks)) {
            assertEquals(1, l.count(), "the library loaded by name is remembered");
        }
        assertInstanceOf(GzipEngine.Pinned.class, GzipEngine.choose(null, GzipEngine.LIBRARY, checks).engine());
        Path real = Path.of(Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains("/libdeflate.so"))
                .findFirst().orElseThrow().replaceFirst("^[^/]*", "")).toRealPath();
        Path copy = Files.copy(real, tmp.resolve("libdeflate-copy.so.0"));
        checks = tmp.resolve("checks-of-the-copy");
        GzipEngine.Choice first = GzipEngine.choose(null, copy.toString(), checks);
        assertInstanceOf(GzipEngine.Pinned.class, first.engine());
        List<Path> notes;
        try (var l = Files.list(checks)) {
            notes = l.toList();
        }
        assertEquals(1, notes.size(), "one note for the library that passed");
        assertTrue(Files.readString(notes.get(0)).contains(Libdeflate.PINNED_OUTPUT));
        GzipEngine.Choice again = GzipEngine.choose(null, copy.toString(), checks);
        assertInstanceOf(GzipEngine.Pinned.class, again.engine());
        byte[] data = new byte[3 * BLOCK + 5];
        new Random(3).nextBytes(data);
        Arrays.fill(data, 1000, 200_000, (byte) 'a');
        assertArrayEquals(gzip(first.engine(), data, 2, 4096), gzip(again.engine(), data, 2, 4096),
                "the remembered library writes the checked bytes");
        // Replaced in place (a newer release, say): another identity, checked again.
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(0));
        assertInstanceOf(GzipEngine.Pinned.class, GzipEngine.choose(null, copy.toString(), checks).engine());
        try (var l = Files.list(checks)) {
            assertEquals(2, l.count(), "a second note for the changed file");
        }
        // A library that fails is never remembered as passing.
        assertInstanceOf(GzipEngine.Zlib.class, GzipEngine.choose(null, "libz.so.1", checks).engine());
        try (var l = Files.list(checks)) {
            assertEquals(2, l.count());
        }
    }

    @Test
    void thePropertyForcesZlibWithoutANote() {
        GzipEngine.Choice c = GzipEngine.choose("zlib", GzipEngine.LIBRARY);
        assertInstanceOf(GzipEngine.Zlib.class, c.engine());
        assertNull(c.fallbackReason());
    }

    @Test
    void zlibAndLibdeflateLayersDifferInBytesButDecompressToTheSameTar() throws IOException {
        GzipEngine pinned = new GzipEngine.Pinned(pinned());
        for (int size : new int[] {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 5 * BLOCK + 12345}) {
            byte[] data = ParallelGzipTest.sample(size);
            byte[] zlib = gzip(new GzipEngine.Zlib(), data, 2, 10_000);
            byte[] members = gzip(pinned, data, 2, 10_000);
            assertArrayEquals(data, ParallelGzipTest.gunzip(zlib), "zlib, size " + size);
            assertArrayEquals(data, ParallelGzipTest.gunzip(members), "libdeflate, size " + size);
            assertFalse(Arrays.equals(zlib, members), "size " + size);
        }
    }

    @Test
    void libdeflateOutputIsOneGzipMemberPerBlockAndTheSameForAnyThreadCount() throws IOException {
        Libdeflate lib = pinned();
        GzipEngine pinned = new GzipEngine.Pinned(lib);
        for (int size : new int[] {0, BLOCK, 3 * BLOCK, 7 * BLOCK + 999}) {
            byte[] data = ParallelGzipTest.sample(size);
            byte[] one = gzip(pinned, data, 1, 1 << 20);
            assertArrayEquals(one, gzip(pinned, data, 2, 4096), "size " + size);
            assertArrayEquals(one, gzip(pinned, data, 4, 777), "size " + size);
            assertArrayEquals(one, gzip(pinned, data, 8, 3 * BLOCK), "size " + size);
            assertArrayEquals(membersOf(lib, data), one, "size " + size);
        }
    }

    /** RFC 1952 members written by hand: the fixed header, libdeflate's deflate, CRC-32 and length. */
    static byte[] membersOf(Libdeflate lib, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Pointer c = lib.allocate(6);
        try {
            int off = 0;
            do {
                int n = Math.min(BLOCK, data.length - off);
                byte[] block = Arrays.copyOfRange(data, off, off + n);
                byte[] deflated = new byte[lib.bound(c, n)];
                int len = lib.compress(c, block, n, deflated);
                out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
                out.write(deflated, 0, len);
                CRC32 crc = new CRC32();
                crc.update(block);
                for (long v : new long[] {crc.getValue(), n}) {
                    for (int i = 0; i < 4; i++) {
                        out.write((int) (v >>> (8 * i)) & 0xff);
                    }
                }
                off += n;
            } while (off < data.length);
        } finally {
            lib.free(c);
        }
        return out.toByteArray();
    }

    @Test
    void libdeflateLayersAreNoLargerThanZlibs() throws IOException {
        GzipEngine pinned = new GzipEngine.Pinned(pinned());
        byte[] data = ParallelGzipTest.sample(16 * BLOCK);
        int zlib = gzip(new GzipEngine.Zlib(), data, 2, 1 << 16).length;
        int members = gzip(pinned, data, 2, 1 << 16).length;
        assertTrue(members <= zlib, "libdeflate " + members + " vs zlib " + zlib);
    }

    @Test
    void theEngineIsPartOfTheGzipCacheKeyOnly() {
        GzipEngine zlib = new GzipEngine.Zlib();
        GzipEngine pinned = new GzipEngine.Pinned(pinned());
        assertNotEquals(LayerIndex.key("k", Compression.GZIP, zlib), LayerIndex.key("k", Compression.GZIP, pinned));
        assertNotEquals(LayerIndex.format(Compression.GZIP, zlib), LayerIndex.format(Compression.GZIP, pinned));
        assertEquals(LayerIndex.key("k", Compression.ZSTD, zlib), LayerIndex.key("k", Compression.ZSTD, pinned));
        assertEquals(LayerIndex.key("k", Compression.NONE, zlib), LayerIndex.key("k", Compression.NONE, pinned));
    }

    /**
     * The same image built in fresh JVMs (every JDK installed, one and two processors) has one
     * manifest digest; a build with zlib in the same cache does not reuse libdeflate's layers (nor the
     * other way round): each engine's build equals its own build in an empty cache.
     */
    @Test
    void digestsDependOnTheEngineOnlyNotOnTheJdkProcessorsOrCache() throws Exception {
        pinned();
        FakeStore store = new FakeStore(tmp.resolve("root"));
        StorePath big = FakeStore.path("big-1.0");
        byte[] bytes = new byte[2 * 1024 * 1024 + 333];
        new Random(11).nextBytes(bytes);
        for (int i = 0; i < bytes.length; i += 2) {
            bytes[i] = (byte) (i % 7); // half predictable: deflate has choices to make
        }
        store.bytes(big, "share/big.bin", bytes);
        StorePath small = FakeStore.path("small-1.0");
        store.file(small, "etc/conf", "key = value\n".repeat(1000), "r--r--r--");
        List<StorePath> paths = List.of(big, small);

        Map<String, String> digests = new LinkedHashMap<>();
        for (Path java : javas()) {
            for (String cpus : List.of("1", "2")) {
                String where = java + " with " + cpus + " processor(s)";
                digests.put(where, buildInChild(java, store, tmp.resolve("cache-" + digests.size()), paths,
                        "-XX:ActiveProcessorCount=" + cpus));
            }
        }
        assertEquals(1, digests.values().stream().distinct().count(), digests.toString());
        String libdeflate = digests.values().iterator().next();

        Path java = javas().get(0);
        Path shared = tmp.resolve("cache-shared");
        String zlibFresh = buildInChild(java, store, tmp.resolve("cache-zlib"), paths, "-Dstrata.gzip=zlib");
        assertNotEquals(libdeflate, zlibFresh, "the engines write different bytes");
        assertEquals(libdeflate, buildInChild(java, store, shared, paths));
        assertEquals(zlibFresh, buildInChild(java, store, shared, paths, "-Dstrata.gzip=zlib"));
        assertEquals(libdeflate, buildInChild(java, store, shared, paths));
    }

    /** Every distinct JDK under /usr/lib/jvm (this one first). */
    static List<Path> javas() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(Path.of(System.getProperty("java.home"), "bin", "java").toRealPath());
        Path jvm = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvm)) {
            try (var dirs = Files.list(jvm)) {
                for (Path d : dirs.sorted().toList()) {
                    Path java = d.resolve("bin/java");
                    if (Files.isExecutable(java) && !out.contains(java.toRealPath())) {
                        out.add(java.toRealPath());
                    }
                }
            }
        }
        return out;
    }

    static String buildInChild(Path java, FakeStore store, Path cache, List<StorePath> paths, String... jvmOptions)
            throws Exception {
        List<String> argv = new ArrayList<>(List.of(java.toString()));
        argv.addAll(List.of(jvmOptions));
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), BuildInChild.class.getName(),
                store.root.toString(), cache.toString(), "gzip"));
        paths.forEach(p -> argv.add(p.path()));
        Process child = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes());
        assertEquals(0, child.waitFor(), String.join(" ", argv) + "\n" + out);
        return out.lines().filter(l -> l.startsWith("manifest ")).findFirst()
                .orElseThrow(() -> new AssertionError("no manifest digest from " + java + ":\n" + out));
    }
}
