package dev.strata.serve;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Who holds the registry server's connection slots, for how long, and who gives way when they run
 * short: the defence against slow clients (issue 11). Every connection has a thread of its own
 * (simple blocking I/O, {@code sendfile} for blobs), so a slot is a thread; before this class,
 * 300 connections sending one byte a second took all 256 slots for as long as they liked (each
 * byte restarted a 30-second read timeout) and every other client got 503.
 *
 * <p>Four rules, with the defaults of {@link ConnectionLimits#DEFAULTS}:
 * <ol>
 * <li><b>Deadlines, not read timeouts.</b> A request line and its headers must arrive complete
 *     within 5 s of the connection opening (for a later request on a kept-alive connection: of its
 *     first byte), however steadily the bytes trickle in. A Docker pull's request head is 300 to
 *     700 bytes, so only a client slower than about 100 bytes a second misses it. A kept-alive
 *     connection may wait 30 s for its next request; each 256 KiB of an answer must leave within
 *     30 s (a reader slower than about 8.7 KB/s is cut off). A watchdog closes a connection past
 *     its deadline; while the server works on a request (a build may take minutes) there is none.
 * <li><b>One address, one share.</b> A client address (for IPv6 its /64, which one host usually
 *     has whole) holds at most 64 of the 256 slots, a quarter: about sixteen concurrent
 *     {@code docker pull}s (three layer downloads and a manifest each) behind one NAT address.
 * <li><b>Newcomers before the slow.</b> When an address is at its share, or all slots are taken,
 *     a new connection does not get 503: it takes the slot of the connection that has waited
 *     longest without completing a request (oldest first; of that address, or of anyone), failing
 *     that of the connection idle longest between requests. Only connections busy with a request
 *     are never closed; when every slot is busy the newcomer gets 503 with {@code Retry-After}.
 *     A connection whose request has arrived is never the one to go, even before its thread has
 *     read it: a whole request head in its first bytes makes it busy from the start, and a
 *     waiting connection with unread bytes in its socket is passed over (a slow client's lone
 *     byte is read the moment it comes), so a burst of new connections on a loaded machine
 *     cannot push out a client that has sent its request.
 * <li>That is the <b>reserve</b>: a slot is only ever held against a client that sent a complete
 *     request by another client that also did.
 * </ol>
 *
 * <p>Worked example (the test {@code SlowClientFloodTest} runs it): 300 connections from
 * 127.0.0.1, each sending a byte a second. 127.0.0.1 gets 64 slots; each further connection of
 * the flood closes its oldest sibling, and every flood connection dies at 5 s anyway. A client
 * from 127.0.0.2 finds 192 free slots. A client from 127.0.0.1 itself takes the slot of the
 * oldest flood connection and sends its 400-byte request at once; to push it out, the flood
 * would have to open 64 more connections before the server reads those 400 bytes. What is left
 * to an attacker is the ordinary flood: connections faster than the server accepts them, or 256
 * clients from different addresses all reading slowly, each still within the deadlines above.
 */
final class ConnectionSlots implements AutoCloseable {
    /** Bytes of an answer that must leave within {@link ConnectionLimits#send()}. */
    static final int SEND_CHUNK = 256 * 1024;
    private static final long NONE = Long.MIN_VALUE;
    private static final long WATCH_MILLIS = 100;

    /** Where a connection is in its life; only WORKING (and READING, briefly) are never closed to make room. */
    enum Phase {
        /** Admitted, no complete request yet. */
        NEW,
        /** Kept alive after an answer, waiting for the next request. */
        IDLE,
        /** Receiving a request head (after IDLE, or a NEW one whose head had all arrived). */
        READING,
        /** Handling a request or sending its answer. */
        WORKING
    }

    /** One admitted connection. Fields other than the deadline are guarded by the ConnectionSlots. */
    static final class Slot {
        final SocketChannel channel;
        /** The socket's input, read by the connection's thread; its unread bytes are peeked at here. */
        final InputStream in;
        final String client;
        private Phase phase;
        private long since;
        private volatile long deadline;
        private boolean gone;

        private Slot(SocketChannel channel, InputStream in, String client, Phase phase, long now, long deadline) {
            this.channel = channel;
            this.in = in;
            this.client = client;
            this.phase = phase;
            this.since = now;
            this.deadline = deadline;
        }
    }

    private final ConnectionLimits limits;
    private final LinkedHashSet<Slot> slots = new LinkedHashSet<>(); // in order of admission
    private final Map<String, Integer> perClient = new HashMap<>();
    private final Thread watchdog;
    private volatile boolean closed;

    ConnectionSlots(ConnectionLimits limits) {
        this.limits = limits;
        this.watchdog = new Thread(this::watch, "strata-http-deadlines");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * A slot for a new connection, closing a waiting connection to make room when needed; null
     * when every slot that could be freed is busy (the caller answers 503).
     *
     * @param requestArrived the whole request head arrived with the connection (it is READING at once)
     */
    Slot admit(SocketChannel channel, InetAddress address, boolean requestArrived) throws IOException {
        String client = clientKey(address);
        InputStream in = channel.socket().getInputStream();
        Slot victim = null;
        Slot slot;
        synchronized (this) {
            if (perClient.getOrDefault(client, 0) >= limits.maxPerClient()) {
                victim = longestWaiting(client);
            } else if (slots.size() >= limits.maxConnections()) {
                victim = longestWaiting(null);
            }
            boolean full = perClient.getOrDefault(client, 0) >= limits.maxPerClient()
                    || slots.size() >= limits.maxConnections();
            if (full && victim == null) {
                return null;
            }
            if (victim != null) {
                remove(victim);
            }
            long now = System.nanoTime();
            slot = new Slot(channel, in, client, requestArrived ? Phase.READING : Phase.NEW, now,
                    now + limits.header().toNanos());
            slots.add(slot);
            perClient.merge(client, 1, Integer::sum);
        }
        if (victim != null) {
            closeQuietly(victim.channel);
        }
        return slot;
    }

    /**
     * The connection that waited longest without a complete request, else the longest idle; null
     * if none. A waiting connection with bytes its thread has not read yet is passed over: its
     * request has arrived (a slow client's lone byte is read the moment it comes).
     */
    private Slot longestWaiting(String client) {
        Slot idle = null;
        for (Slot s : slots) { // admission order: the first NEW one is the oldest
            if (client != null && !client.equals(s.client) || s.phase != Phase.NEW && s.phase != Phase.IDLE) {
                continue;
            }
            if (unread(s) > 0) {
                continue;
            }
            if (s.phase == Phase.NEW) {
                return s;
            }
            if (idle == null || s.since - idle.since < 0) {
                idle = s;
            }
        }
        return idle;
    }

    private static int unread(Slot s) {
        try {
            return s.in.available();
        } catch (IOException e) {
            return 0; // closed: nothing to protect
        }
    }

    /** The first byte of a later request arrived: its head has {@link ConnectionLimits#header()} from now. */
    synchronized boolean reading(Slot s) {
        return enter(s, Phase.READING, System.nanoTime() + limits.header().toNanos());
    }

    /** A complete request arrived: no deadline while the server works on it. */
    synchronized boolean working(Slot s) {
        return enter(s, Phase.WORKING, NONE);
    }

    /** The answer went out and the connection is kept alive. */
    synchronized boolean idle(Slot s) {
        return enter(s, Phase.IDLE, System.nanoTime() + limits.idle().toNanos());
    }

    /** The next {@link #SEND_CHUNK} bytes of an answer are about to be written. */
    void sending(Slot s) {
        s.deadline = System.nanoTime() + limits.send().toNanos();
    }

    private boolean enter(Slot s, Phase phase, long deadline) {
        if (s.gone) {
            return false;
        }
        s.phase = phase;
        s.since = System.nanoTime();
        s.deadline = deadline;
        return true;
    }

    /** The connection's thread is done with it. */
    synchronized void release(Slot s) {
        if (!s.gone) {
            remove(s);
        }
    }

    private void remove(Slot s) {
        s.gone = true;
        slots.remove(s);
        perClient.computeIfPresent(s.client, (k, n) -> n == 1 ? null : n - 1);
        if (slots.isEmpty()) {
            notifyAll();
        }
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(WATCH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            List<Slot> expired = new ArrayList<>();
            synchronized (this) {
                for (Slot s : slots) {
                    long d = s.deadline;
                    if (d != NONE && now - d > 0) {
                        expired.add(s);
                    }
                }
                expired.forEach(this::remove);
            }
            expired.forEach(s -> closeQuietly(s.channel));
        }
    }

    /** Closes the connections that wait for a request without having started one (the server is stopping). */
    void closeWaiting() {
        List<Slot> waiting = new ArrayList<>();
        synchronized (this) {
            for (Slot s : slots) {
                if (s.phase == Phase.NEW || s.phase == Phase.IDLE) {
                    waiting.add(s);
                }
            }
            waiting.forEach(this::remove);
        }
        waiting.forEach(s -> closeQuietly(s.channel));
    }

    /** Waits until no connection is left or {@code millis} passed; true when none is left. */
    synchronized boolean awaitEmpty(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!slots.isEmpty()) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Connections open now (for tests and the log). */
    synchronized int open() {
        return slots.size();
    }

    /** Closes every connection and stops the watchdog. */
    @Override
    public void close() {
        closed = true;
        watchdog.interrupt();
        List<Slot> all;
        synchronized (this) {
            all = new ArrayList<>(slots);
            all.forEach(this::remove);
        }
        all.forEach(s -> closeQuietly(s.channel));
    }

    /**
     * The address a share is counted for: an IPv4 address, or the /64 network of an IPv6 address
     * (hosts get a whole /64, so per-address shares would be free to multiply).
     */
    static String clientKey(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true; // ::ffff:a.b.c.d is an IPv4 client
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped) {
                return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
            }
            return HexFormat.of().formatHex(b, 0, 8) + "::/64";
        }
        return address instanceof Inet4Address ? address.getHostAddress() : String.valueOf(address);
    }

    static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
