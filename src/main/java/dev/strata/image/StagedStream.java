package dev.strata.image;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves what lies below a layer's tar writer onto a thread of its own, as a pipe to a second
 * process would: the writing thread reads files and makes tar records into 1 MiB chunks; the stage
 * thread passes each chunk on to {@code downstream} (for a layer: the diffID's SHA-256, the gzip
 * blocks' copy and hand-off, the compressed digest's SHA-256 and the file writes). Reading the next
 * files then overlaps hashing and compressing the last ones, instead of waiting for them.
 *
 * <p>The bytes that reach {@code downstream} are exactly those written, in order; only the sizes of
 * the writes differ, which changes nothing below (hashes see a stream; the gzip blocks end at fixed
 * offsets). At most {@link #DEPTH} chunks are in flight: memory stays bounded whatever the layer's
 * size.
 *
 * <p>{@link #close()} waits until every chunk is through, then closes {@code downstream} on the
 * calling thread. A failure of the stage is thrown by the next write or by {@code close}.
 * {@link #abandon()} stops the stage and returns once it no longer touches {@code downstream}, so
 * the caller may then abandon that too. Interrupting the writing thread throws
 * {@link InterruptedIOException} from the write it is in.
 */
final class StagedStream extends OutputStream {
    static final int CHUNK = 1 << 20;
    static final int DEPTH = 4;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private record Chunk(byte[] data, int length) { }

    private static final Chunk END = new Chunk(new byte[0], -1);

    private final OutputStream downstream;
    /** Chunks to pass on; never full (DEPTH chunks and the end marker fit), so adding never waits. */
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(DEPTH + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(DEPTH);
    private final Thread stage;
    /** What stopped the stage early, if anything did. */
    private volatile Throwable failure;
    private int allocated;
    private byte[] current;
    private int position;
    private boolean closed;

    /** Starts the stage thread (a daemon, named {@code strata-layer-stage-N}). */
    StagedStream(OutputStream downstream) {
        this.downstream = downstream;
        this.stage = new Thread(this::pass, "strata-layer-stage-" + THREADS.incrementAndGet());
        stage.setDaemon(true);
        stage.start();
    }

    private void pass() {
        try {
            while (true) {
                Chunk c = full.take();
                if (c == END) {
                    return;
                }
                downstream.write(c.data, 0, c.length);
                free.add(c.data);
            }
        } catch (InterruptedException e) {
            failure = new InterruptedIOException("layer writing was interrupted");
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("write after the layer stream was closed");
        }
        while (len > 0) {
            if (current == null) {
                current = takeFree();
                position = 0;
            }
            int n = Math.min(len, CHUNK - position);
            System.arraycopy(b, off, current, position, n);
            position += n;
            off += n;
            len -= n;
            if (position == CHUNK) {
                hand();
            }
        }
    }

    private void hand() {
        full.add(new Chunk(current, position));
        current = null;
        position = 0;
    }

    /** A chunk to fill: a new one while fewer than DEPTH exist, else one the stage has passed on. */
    private byte[] takeFree() throws IOException {
        byte[] b = free.poll();
        if (b == null && allocated < DEPTH) {
            allocated++;
            return new byte[CHUNK];
        }
        try {
            while (b == null) {
                b = free.poll(50, TimeUnit.MILLISECONDS);
                if (b == null && !stage.isAlive()) {
                    throwFailure();
                    throw new IOException("the layer's hashing and compressing stopped early");
                }
            }
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new InterruptedIOException("layer writing was interrupted");
        }
    }

    /** Flushes nothing: chunks are passed on when full or at the end (see {@link HashingOutputStream}). */
    @Override
    public void flush() {
        // Deliberately not forwarded.
    }

    /** Passes the last chunk on, waits for the stage to finish, then closes {@code downstream}. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (current != null && position > 0) {
            hand();
        }
        closed = true;
        full.add(END);
        try {
            stage.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new InterruptedIOException("layer writing was interrupted");
        }
        throwFailure();
        downstream.close();
    }

    private void throwFailure() throws IOException {
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw io;
        }
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    /** Whether the stage thread still runs (for tests). */
    boolean stageAlive() {
        return stage.isAlive();
    }

    /** Stops the stage; returns once it no longer writes to {@code downstream} (the caller's interrupt is kept). */
    void abandon() {
        closed = true;
        stage.interrupt();
        boolean interrupted = Thread.interrupted();
        while (stage.isAlive()) {
            try {
                stage.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
