package dev.strata.output.daemon;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A byte stream to a Docker Engine API: a unix socket (JDK 16+ {@link UnixDomainSocketAddress},
 * which java.net.http cannot dial) or plain TCP. Reads and writes go straight to the channel (the
 * streams of {@code Channels} would share one lock between a blocked read and a write).
 */
final class EngineConnection implements Closeable {
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    private EngineConnection(SocketChannel channel) {
        this.channel = channel;
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
                int n = channel.read(ByteBuffer.wrap(b, off, len));
                return n;
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
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }
        };
    }

    /** Connects; throws the plain I/O exception (the caller words it for the user). */
    static EngineConnection open(DockerHost host) throws IOException {
        SocketChannel ch;
        if (host.isUnix()) {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(host.socket()));
            } catch (IOException e) {
                ch.close();
                throw e;
            }
        } else {
            ch = SocketChannel.open();
            try {
                ch.socket().connect(new InetSocketAddress(host.uri().getHost(), host.uri().getPort()), 10_000);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
        }
        return new EngineConnection(ch);
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
