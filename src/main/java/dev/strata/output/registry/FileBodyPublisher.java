package dev.strata.output.registry;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body read from a file as memory-mapped 1 MiB slices. Mapped buffers are direct, so
 * the socket writes them straight from the page cache, where {@code BodyPublishers.ofFile} copies
 * each 16 KiB piece through a heap buffer and then into a direct one: on the benchmark image this
 * roughly halves the client's CPU per byte (see docs/performance.md, "Push").
 */
final class FileBodyPublisher implements HttpRequest.BodyPublisher {
    static final int SLICE = 1 << 20;

    private final Path file;
    private final long size;

    FileBodyPublisher(Path file, long size) {
        this.file = file;
        this.size = size;
    }

    @Override
    public long contentLength() {
        return size;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            if (channel.size() < size) {
                channel.close();
                throw new IOException(file + " holds " + channel.size() + " bytes, fewer than the blob's " + size);
            }
        } catch (IOException e) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) { }

                @Override
                public void cancel() { }
            });
            subscriber.onError(e);
            return;
        }
        subscriber.onSubscribe(new Slices(channel, subscriber));
    }

    /** Emits mapped slices on demand, in the requesting thread; closes the file at the end. */
    private final class Slices implements Flow.Subscription {
        private final FileChannel channel;
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicBoolean emitting = new AtomicBoolean();
        private long position;
        private volatile boolean done;

        Slices(FileChannel channel, Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.channel = channel;
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                finish(new IllegalArgumentException("non-positive request " + n));
                return;
            }
            demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
            drain();
        }

        private void drain() {
            // One emitter at a time; a request() during onNext only adds demand for the loop to see.
            while (!done && demand.get() > 0 && emitting.compareAndSet(false, true)) {
                try {
                    while (!done && demand.get() > 0) {
                        if (position >= size) {
                            finish(null);
                            break;
                        }
                        int len = (int) Math.min(SLICE, size - position);
                        ByteBuffer slice;
                        try {
                            slice = channel.map(FileChannel.MapMode.READ_ONLY, position, len);
                        } catch (IOException e) {
                            finish(e);
                            break;
                        }
                        position += len;
                        demand.decrementAndGet();
                        subscriber.onNext(slice);
                    }
                } finally {
                    emitting.set(false);
                }
            }
        }

        @Override
        public void cancel() {
            done = true;
            close();
        }

        private void finish(Throwable error) {
            if (done) {
                return;
            }
            done = true;
            close();
            if (error == null) {
                subscriber.onComplete();
            } else {
                subscriber.onError(error);
            }
        }

        private void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to read from it
            }
        }
    }
}
