package dev.strata.output.daemon;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A byte stream to a Docker Engine API: a unix socket (JDK 16+ {@link UnixDomainSocketAddress},
 * which java.net.http cannot dial) or plain TCP. Reads and writes go straight to the channel (the
 * streams of {@code Channels} would share one lock between a blocked read and a write).
 *
 * <p>Every wait is bounded by a {@link ProgressDeadline}: connecting, and each write of the
 * request, must make progress within the timeout; the whole answer must arrive within the timeout
 * plus what the caller allows for the daemon's work (a total, so an answer trickled a byte at a
 * time cannot hold the caller either). When it expires the channel is closed and the blocked call
 * ends with a {@link SocketTimeoutException} saying what the daemon failed to do ("sent no
 * complete answer within 60 s").
 */
final class EngineConnection implements Closeable {
    static final String CONNECTING = "did not accept the connection within %d s";
    static final String READING_REQUEST = "stopped reading what was sent for %d s";
    static final String ANSWERING = "sent no complete answer within %d s";
    static final String STREAMING = "sent nothing for %d s";

    private final SocketChannel channel;
    private final ProgressDeadline deadline;
    private final Duration timeout;
    private final InputStream in;
    private final OutputStream out;
    private volatile boolean streaming;

    private EngineConnection(SocketChannel channel, ProgressDeadline deadline, Duration timeout) {
        this.channel = channel;
        this.deadline = deadline;
        this.timeout = timeout;
        this.in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n;
                try {
                    n = channel.read(ByteBuffer.wrap(b, off, len));
                } catch (ClosedChannelException e) {
                    throw stalled(e);
                }
                if (n > 0 && streaming) {
                    deadline.progress();
                }
                return n; // otherwise reading moves no deadline: the answer has a total one
            }
        };
        this.out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                deadline.progress(); // time spent making these bytes is ours, not the daemon's
                while (buf.hasRemaining()) {
                    try {
                        if (channel.write(buf) > 0) {
                            deadline.progress();
                        }
                    } catch (ClosedChannelException e) {
                        throw stalled(e);
                    }
                }
            }
        };
    }

    /** Connects within {@code timeout}; throws the plain I/O exception (the caller words it for the user). */
    static EngineConnection open(DockerHost host, Duration timeout) throws IOException {
        SocketChannel ch = host.isUnix() ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        ProgressDeadline deadline = new ProgressDeadline(timeout, CONNECTING, () -> closeQuietly(ch));
        try {
            SocketAddress address = host.isUnix() ? UnixDomainSocketAddress.of(host.socket())
                    : new InetSocketAddress(host.uri().getHost(), host.uri().getPort());
            ch.connect(address);
        } catch (IOException e) {
            deadline.close();
            ch.close();
            if (deadline.expired() && !(e instanceof ClosedByInterruptException)) {
                throw timedOut(deadline, e);
            }
            throw e;
        }
        deadline.await(READING_REQUEST, timeout);
        return new EngineConnection(ch, deadline, timeout);
    }

    /**
     * The request is sent: from now on wait for the answer, at most the timeout plus {@code work}
     * (what the daemon may need before its first byte, e.g. to unpack a big image).
     */
    void awaitAnswer(Duration work) {
        deadline.await(ANSWERING, timeout.plus(work));
    }

    /**
     * The request is sent and its answer is a stream of any length (an image export): each read
     * that brings bytes starts the clock again, so only a daemon that goes silent for the timeout
     * is given up on.
     */
    void awaitStream() {
        streaming = true;
        deadline.await(STREAMING, timeout);
    }

    private IOException stalled(ClosedChannelException e) {
        return deadline.expired() && !(e instanceof ClosedByInterruptException) ? timedOut(deadline, e) : e;
    }

    private static SocketTimeoutException timedOut(ProgressDeadline deadline, IOException cause) {
        SocketTimeoutException t = new SocketTimeoutException(String.format(deadline.waitingFor(),
                deadline.allowanceSeconds()));
        t.initCause(cause);
        return t;
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing is all the deadline can do
        }
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    @Override
    public void close() throws IOException {
        deadline.close();
        channel.close();
    }
}
