package dev.strata.serve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slow-client flood ("slowloris"): {@code count} connections from one local address, each
 * sending one byte of a long request head per second and never finishing it. A connection the
 * server closes (or answers, with 503) is opened again at once, as an attacker would, so the
 * pressure stays.
 */
final class SlowClients implements AutoCloseable {
    private static final byte[] HEAD = ("GET /v2/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(8000) + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    private final String from;
    private final int port;
    private final SocketChannel[] sockets;
    private final int[] sent;
    private final Thread ticker;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private volatile boolean stopped;

    private SlowClients(String from, int port, int count, long tickMillis) {
        this.from = from;
        this.port = port;
        this.sockets = new SocketChannel[count];
        this.sent = new int[count];
        this.ticker = new Thread(() -> run(tickMillis), "slow-clients-" + from);
        ticker.setDaemon(true);
    }

    /** Starts the flood; returns once every connection was opened (or refused) once. */
    static SlowClients start(String from, int port, int count, long tickMillis) {
        SlowClients c = new SlowClients(from, port, count, tickMillis);
        c.tick();
        c.ticker.start();
        return c;
    }

    private void run(long tickMillis) {
        while (!stopped) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            tick();
        }
    }

    private void tick() {
        ByteBuffer answer = ByteBuffer.allocate(4096);
        for (int i = 0; i < sockets.length && !stopped; i++) {
            try {
                if (sockets[i] != null) {
                    answer.clear();
                    if (sockets[i].read(answer) != 0) { // closed (-1) or answered (503): the server let go
                        closedByServer.incrementAndGet();
                        closeQuietly(sockets[i]);
                        sockets[i] = null;
                    }
                }
                if (sockets[i] == null) {
                    sockets[i] = open();
                    sent[i] = 0;
                }
                sockets[i].write(ByteBuffer.wrap(HEAD, sent[i] % (HEAD.length - 4), 1));
                sent[i]++;
            } catch (IOException e) {
                if (sockets[i] != null) {
                    closedByServer.incrementAndGet();
                    closeQuietly(sockets[i]);
                    sockets[i] = null;
                }
            }
        }
    }

    private SocketChannel open() throws IOException {
        SocketChannel s = SocketChannel.open();
        try {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.socket().connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.configureBlocking(false);
        } catch (IOException e) {
            closeQuietly(s);
            throw e;
        }
        opened.incrementAndGet();
        return s;
    }

    /** Connections opened so far, counting re-openings. */
    int opened() {
        return opened.get();
    }

    /** Connections the server closed or answered (and the flood re-opened). */
    int closedByServer() {
        return closedByServer.get();
    }

    private static void closeQuietly(SocketChannel s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        stopped = true;
        ticker.interrupt();
        try {
            ticker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<SocketChannel> open = new ArrayList<>();
        for (SocketChannel s : sockets) {
            if (s != null) {
                open.add(s);
            }
        }
        open.forEach(SlowClients::closeQuietly);
    }
}
