package dev.strata.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Block-parallel gzip: valid gzip, the same bytes for any thread count, the ratio of plain gzip. */
class ParallelGzipTest {
    static final int BLOCK = 128 * 1024;

    @TempDir
    Path tmp;

    static byte[] sample(int size) {
        // Half text-like, half binary-like: compressible, with matches across block boundaries.
        Random r = new Random(42);
        byte[] out = new byte[size];
        String words = "layer store path closure manifest digest compression nix image ";
        for (int i = 0; i < size; i++) {
            out[i] = (i / 4096) % 2 == 0 ? (byte) words.charAt((i * 7 + r.nextInt(3)) % words.length()) : (byte) r.nextInt(16);
        }
        return out;
    }

    static byte[] gzip(byte[] data, int threads, int chunk) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (ParallelGzip gz = new ParallelGzip(pool, threads, 6, BLOCK)) {
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

    static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Test
    void outputIsValidGzipOfTheInput() throws IOException {
        for (int size : new int[] {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK, 5 * BLOCK + 12345}) {
            byte[] data = sample(size);
            assertArrayEquals(data, gunzip(gzip(data, 2, 10_000)), "size " + size);
        }
    }

    @Test
    void bytesAreTheSameForAnyThreadCountAndWriteSize() throws IOException {
        byte[] data = sample(7 * BLOCK + 999);
        byte[] one = gzip(data, 1, 1 << 20);
        assertArrayEquals(one, gzip(data, 2, 4096));
        assertArrayEquals(one, gzip(data, 4, 777));
        assertArrayEquals(one, gzip(data, 8, 3 * BLOCK));
    }

    @Test
    void headerIsFixedAndTrailerHoldsCrcAndLength() throws IOException {
        byte[] data = sample(300_000);
        byte[] gz = gzip(data, 2, 65536);
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, Arrays.copyOf(gz, 10),
                "no name, mtime 0, OS unknown");
        CRC32 crc = new CRC32();
        crc.update(data);
        int n = gz.length;
        long storedCrc = (gz[n - 8] & 0xffL) | (gz[n - 7] & 0xffL) << 8 | (gz[n - 6] & 0xffL) << 16 | (gz[n - 5] & 0xffL) << 24;
        long storedLen = (gz[n - 4] & 0xffL) | (gz[n - 3] & 0xffL) << 8 | (gz[n - 2] & 0xffL) << 16 | (gz[n - 1] & 0xffL) << 24;
        assertEquals(crc.getValue(), storedCrc);
        assertEquals(data.length, storedLen);
    }

    @Test
    void sizeIsWithinOnePercentOfSingleStreamGzipAtTheSameLevel() throws IOException {
        byte[] data = sample(16 * BLOCK);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(plain) {
            {
                def.setLevel(Deflater.DEFAULT_COMPRESSION);
            }
        }) {
            g.write(data);
        }
        int parallel = gzip(data, 2, 1 << 16).length;
        double ratio = (double) parallel / plain.size();
        assertTrue(ratio < 1.01, "parallel " + parallel + " vs single-stream " + plain.size());
    }

    @Test
    void gnuGzipAcceptsTheOutput() throws Exception {
        byte[] data = sample(3 * BLOCK + 5);
        Path f = Files.write(tmp.resolve("x.gz"), gzip(data, 2, 50_000));
        Process p = new ProcessBuilder("gzip", "-t", f.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "gzip -t");
        Process d = new ProcessBuilder("gzip", "-dc", f.toString()).start();
        assertArrayEquals(data, d.getInputStream().readAllBytes());
        assertEquals(0, d.waitFor());
    }
}
