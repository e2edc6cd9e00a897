package dev.strata.image;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Block-parallel gzip in the manner of pigz: the uncompressed stream is cut into blocks of a fixed
 * size, each block is deflated on its own thread with the last 32 KiB of the block before it as
 * the preset dictionary, and the compressed blocks are written in order. Every block but the last
 * ends with a sync flush (an empty stored block), which leaves it byte-aligned, so the pieces
 * concatenate into one valid deflate stream; the last block ends the stream.
 *
 * <p>The output depends only on the input, the level and the block size, never on the number of
 * threads or on timing: block boundaries are fixed byte offsets and each block's bytes are a pure
 * function of (its data, its dictionary, the level, whether it is last). For example with 1 MiB
 * blocks, a 2.5 MiB tar becomes blocks [0, 1 MiB), [1 MiB, 2 MiB) with the dictionary
 * [1 MiB - 32 KiB, 1 MiB), and the last [2 MiB, 2.5 MiB) with [2 MiB - 32 KiB, 2 MiB); one thread
 * or eight produce the same bytes. The gzip header is fixed (no name, mtime 0, OS unknown), the
 * trailer holds the CRC-32 and length of the whole input.
 *
 * <p>The compression ratio is within a fraction of a percent of single-stream gzip at the same
 * level: the dictionary carries the history across block boundaries.
 *
 * <p>With the libdeflate engine ({@link GzipEngine.Pinned}) every block is a gzip member of its own
 * instead (header, deflate, CRC-32 and length of the block): libdeflate compresses whole buffers and
 * has neither preset dictionaries nor sync flushes. A multi-member gzip file is one valid gzip file
 * (RFC 1952 section 2.2) that every gzip reader decompresses to the concatenation; the same rule
 * holds: fixed block offsets, each member a pure function of its block, so the bytes do not depend
 * on threads or timing. An empty input is one empty member.
 */
public final class ParallelGzip implements AutoCloseable {
    static final int DICTIONARY = 32 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final ExecutorService pool;
    private final int level;
    private final int blockSize;
    private final int maxInFlight;
    private final GzipEngine engine;
    private final ConcurrentLinkedDeque<Deflater> deflaters = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<Libdeflate.Compressor> nativeCompressors = new ConcurrentLinkedDeque<>();
    /** Blocks not in use, shared by the streams: after the first few, no block is allocated again. */
    private final ConcurrentLinkedDeque<Block> spare = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /**
     * @param pool the threads that deflate blocks (shared by every stream opened here)
     * @param parallelism how many threads the pool has; bounds the blocks each stream keeps in flight
     */
    public ParallelGzip(ExecutorService pool, int parallelism, int level, int blockSize) {
        this(pool, parallelism, level, blockSize, new GzipEngine.Zlib());
    }

    /** As above, with the engine that deflates the blocks. */
    public ParallelGzip(ExecutorService pool, int parallelism, int level, int blockSize, GzipEngine engine) {
        if (blockSize < 2 * DICTIONARY) {
            throw new IllegalArgumentException("block size " + blockSize + " is smaller than twice the dictionary");
        }
        this.pool = pool;
        this.level = level;
        this.blockSize = blockSize;
        this.maxInFlight = Math.max(2, 2 * parallelism);
        this.engine = engine;
    }

    private boolean members() {
        return engine instanceof GzipEngine.Pinned;
    }

    /** A gzip stream into {@code out}; closing it finishes the gzip member and closes {@code out}. */
    public Stream open(OutputStream out) throws IOException {
        return new Stream(out);
    }

    /** Releases the native memory of the deflaters; streams still open must not be used afterwards. */
    @Override
    public void close() {
        closed = true;
        Deflater d;
        while ((d = deflaters.poll()) != null) {
            d.end();
        }
        Libdeflate.Compressor c;
        while ((c = nativeCompressors.poll()) != null) {
            c.close();
        }
    }

    private Block compress(Block b) {
        return engine instanceof GzipEngine.Pinned p ? compressMember(b, p.library()) : deflate(b);
    }

    /** The block as a whole gzip member, deflated by libdeflate straight into the block's output. */
    private Block compressMember(Block b, Libdeflate lib) {
        Libdeflate.Compressor c = nativeCompressors.poll();
        if (c == null) {
            c = lib.compressor(level, blockSize);
        }
        try {
            int room = HEADER.length + c.bound(b.length) + 8;
            if (b.out.length < room) {
                b.out = new byte[room];
            }
            System.arraycopy(HEADER, 0, b.out, 0, HEADER.length);
            int n = c.compress(b.data, b.length, b.out, HEADER.length);
            CRC32 crc = new CRC32();
            crc.update(b.data, 0, b.length);
            putTrailer(b.out, HEADER.length + n, (int) crc.getValue(), b.length);
            b.outLength = HEADER.length + n + 8;
            return b;
        } finally {
            if (closed) {
                c.close();
            } else {
                nativeCompressors.push(c);
            }
        }
    }

    private static void putTrailer(byte[] out, int at, int crc, int length) {
        for (int i = 0; i < 4; i++) {
            out[at + i] = (byte) (crc >>> (8 * i));
            out[at + 4 + i] = (byte) (length >>> (8 * i));
        }
    }

    private Block deflate(Block b) {
        Deflater d = deflaters.poll();
        if (d == null) {
            d = new Deflater(level, true);
        } else {
            d.reset();
        }
        try {
            if (b.dictLength > 0) {
                d.setDictionary(b.dictionary, 0, b.dictLength);
            }
            d.setInput(b.data, 0, b.length);
            b.outLength = 0;
            if (b.last) {
                d.finish();
                while (!d.finished()) {
                    ensureRoom(b);
                    b.outLength += d.deflate(b.out, b.outLength, b.out.length - b.outLength);
                }
            } else {
                while (true) {
                    ensureRoom(b);
                    int room = b.out.length - b.outLength;
                    int n = d.deflate(b.out, b.outLength, room, Deflater.SYNC_FLUSH);
                    b.outLength += n;
                    if (n < room) {
                        break;
                    }
                }
            }
            return b;
        } finally {
            if (closed) {
                d.end();
            } else {
                deflaters.push(d);
            }
        }
    }

    private Block takeBlock() {
        Block b = spare.poll();
        return b == null ? new Block() : b;
    }

    private static void ensureRoom(Block b) {
        if (b.out.length - b.outLength < 64) {
            b.out = Arrays.copyOf(b.out, b.out.length + b.out.length / 2 + 1024);
        }
    }

    private final class Block {
        final byte[] data = new byte[blockSize];
        final byte[] dictionary = new byte[DICTIONARY];
        byte[] out = new byte[blockSize + blockSize / 64 + 1024];
        int length;
        int dictLength;
        int outLength;
        boolean last;
    }

    /** One gzip member written through the shared pool. */
    public final class Stream extends OutputStream {
        private final OutputStream out;
        private final ArrayDeque<Future<Block>> inFlight = new ArrayDeque<>();
        private final CRC32 crc = new CRC32();
        private long length;
        private Block current;
        private boolean finished;

        private Stream(OutputStream out) throws IOException {
            this.out = out;
            if (!members()) {
                out.write(HEADER);
            }
            current = takeBlock();
            current.length = 0;
            current.dictLength = 0;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (finished) {
                throw new IOException("write after the gzip stream was finished");
            }
            if (!members()) {
                crc.update(b, off, len);
            }
            length += len;
            while (len > 0) {
                int n = Math.min(len, blockSize - current.length);
                System.arraycopy(b, off, current.data, current.length, n);
                current.length += n;
                off += n;
                len -= n;
                if (current.length == blockSize) {
                    submit(false);
                }
            }
        }

        @Override
        public void flush() {
            // A flush would change where blocks end; the stream is flushed when it is closed.
        }

        private void submit(boolean last) throws IOException {
            Block b = current;
            b.last = last;
            if (!last) {
                Block next = takeBlock();
                if (!members()) {
                    System.arraycopy(b.data, blockSize - DICTIONARY, next.dictionary, 0, DICTIONARY);
                    next.dictLength = DICTIONARY;
                } else {
                    next.dictLength = 0;
                }
                next.length = 0;
                current = next;
            } else {
                current = null;
            }
            if (last && members() && b.length == 0 && length > 0) {
                spare.push(b); // the input ended on a block boundary: its last member is written already
                drain(0);
                return;
            }
            inFlight.add(pool.submit(() -> compress(b)));
            drain(last ? 0 : maxInFlight);
        }

        /** Writes finished blocks in order; waits while more than {@code keep} are in flight. */
        private void drain(int keep) throws IOException {
            while (!inFlight.isEmpty() && (inFlight.size() > keep || inFlight.peek().isDone())) {
                Block done = await(inFlight.poll());
                out.write(done.out, 0, done.outLength);
                spare.push(done);
            }
        }

        private Block await(Future<Block> f) throws IOException {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandon();
                throw new InterruptedIOException("interrupted while compressing");
            } catch (ExecutionException e) {
                abandon();
                throw new IOException("compressing a block failed: " + e.getCause(), e.getCause());
            } catch (CancellationException e) {
                abandon();
                throw new InterruptedIOException("compression was cancelled");
            }
        }

        /** Stops: blocks not yet compressed are dropped; nothing more is written. Closes nothing. */
        public void abandon() {
            finished = true;
            for (Future<Block> f : inFlight) {
                f.cancel(false);
            }
            inFlight.clear();
        }

        /** Ends the deflate stream, writes the trailer, closes the stream below. */
        @Override
        public void close() throws IOException {
            if (finished) {
                return;
            }
            submit(true);
            finished = true;
            if (!members()) {
                byte[] trailer = new byte[8];
                putTrailer(trailer, 0, (int) crc.getValue(), (int) length);
                out.write(trailer);
            }
            out.close();
        }
    }
}
