package dev.strata.image;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;

/**
 * Opens the compressing stream of a layer: block-parallel gzip (level 6, 1 MiB blocks, by the
 * process's {@link GzipEngine}), zstd (level 3, with content checksum, multithreaded), or none.
 * Settings are fixed: they decide a layer's bytes, and {@link #settings} is part of every layer
 * cache key.
 *
 * <p>zstd runs with at least one worker thread even on one core: zstd's output is the same for any
 * number of workers from one upwards, but differs from its single-threaded mode, so this keeps the
 * bytes independent of the machine.
 */
public final class LayerCompressor implements AutoCloseable {
    static final int GZIP_LEVEL = 6;
    static final int GZIP_BLOCK = 1 << 20;
    static final int ZSTD_LEVEL = 3;

    private final ParallelGzip gzip;
    private final int threads;

    /** @param pool threads for gzip blocks, {@code threads} of them; gzip by the process's engine */
    public LayerCompressor(ExecutorService pool, int threads) {
        this(pool, threads, GzipEngine.current());
    }

    /** As above, with the gzip engine given. */
    public LayerCompressor(ExecutorService pool, int threads, GzipEngine engine) {
        this.gzip = new ParallelGzip(pool, threads, GZIP_LEVEL, GZIP_BLOCK, engine);
        this.threads = threads;
    }

    /** The settings that decide a layer's bytes in {@code compression}, with gzip by {@code engine}. */
    public static String settings(Compression compression, GzipEngine engine) {
        return switch (compression) {
            case GZIP -> "gzip-" + GZIP_LEVEL + "-" + GZIP_BLOCK + "-" + engine.id();
            case ZSTD -> "zstd-" + ZSTD_LEVEL + "-mt-check";
            case NONE -> "none";
        };
    }

    /**
     * A stream that compresses into {@code out}. {@link Compressing#close()} finishes the format and
     * closes {@code out}; {@link Compressing#abandon()} stops without finishing.
     */
    public Compressing open(Compression compression, OutputStream out) throws IOException {
        return open(compression, out, threads);
    }

    /**
     * As {@link #open(Compression, OutputStream)}, with the number of zstd workers for this layer
     * (at least one; it changes no byte of the output: zstd's multithreaded mode cuts the input into
     * jobs by size alone, and {@code ZstdLayersTest} checks 1, 2 and 3 workers against a known answer).
     */
    public Compressing open(Compression compression, OutputStream out, int zstdWorkers) throws IOException {
        switch (compression) {
            case GZIP: {
                ParallelGzip.Stream s = gzip.open(out);
                return new Compressing(s, s::abandon);
            }
            case ZSTD: {
                // No finalizer: the stream is always closed or abandoned here, which frees the native context.
                ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL);
                z.setWorkers(Math.max(1, zstdWorkers));
                z.setChecksum(true);
                return new Compressing(z, () -> closeQuietly(z));
            }
            case NONE:
                return new Compressing(out, () -> { });
            default:
                throw new IllegalArgumentException(compression.toString());
        }
    }

    @Override
    public void close() {
        gzip.close();
    }

    private static void closeQuietly(OutputStream s) {
        try {
            s.close();
        } catch (IOException e) {
            // abandoning: the bytes are thrown away anyway
        }
    }

    /** A compressing stream; flushes are not passed on (they would move block boundaries). */
    public static final class Compressing extends FilterOutputStream {
        private final Runnable abandon;

        Compressing(OutputStream out, Runnable abandon) {
            super(out);
            this.abandon = abandon;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() {
            // see the class comment
        }

        /** Stops compressing and frees the compressor; the bytes written so far are to be thrown away. */
        public void abandon() {
            abandon.run();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
