package dev.strata.serve;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Who holds the registry server's connection slots, for how long, and who gives way when they run
 * short: the defence against slow clients (issue 11). Every connection has a thread of its own
 * (simple blocking I/O, {@code sendfile} for blobs), so a slot is a thread; before this class,
 * 300 connections sending one byte a second took all 256 slots for as long as they liked (each
 * byte restarted a 30-second read timeout) and every other client got 503.
 *
 * <p>Three rules, with the defaults of {@link ConnectionLimits#DEFAULTS}:
 * <ol>
 * <li><b>Deadlines, not read timeouts.</b> A request line and its headers must arrive complete
 *     within 5 s of the connection opening (for a later request on a kept-alive connection: of its
 *     first byte), however steadily the bytes trickle in. A Docker pull's request head is 300 to
 *     700 bytes, so only a client slower than about 140 bytes a second misses it. A kept-alive
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
 * </ol>
 * Together they are the <b>reserve</b>: a slot is only ever held against a client that sent a
 * complete request by another client that also did.
 *
 * <p>Worked example (the test {@code SlowClientFloodTest} runs it): 300 connections from
 * 127.0.0.1, each sending a byte a second. 127.0.0.1 gets 64 slots; each further connection of
 * the flood closes its oldest sibling, and every flood connection dies at 5 s anyway. A client
 * from 127.0.0.2 finds 192 free slots. A client from 127.0.0.1 itself takes the slot of the
 * oldest flood connection and sends its 400-byte request at once; once those bytes are in its
 * socket it is passed over, and to push it out before, the flood would have to open 64 more
 * connections within the microseconds the bytes take to cross a LAN. What is left
 * to an attacker is the ordinary flood: connections faster than the server accepts them, or 256
 * clients from different addresses all reading slowly, each still within the deadlines above.
 */
final class ConnectionSlots implements AutoCloseable {
    /** Bytes of an answer that must leave within {@link ConnectionLimits#send()}. */
    static final int SEND_CHUNK = 256 * 1024;
    private static final long NONE = Long.MIN_VALUE;
    private static final long WATCH_MILLIS = 100;

    /** Where a connection is in its life; only NEW and IDLE ones are ever closed to make room. */
    enum Phase {
        /** Admitted, no complete request yet. */
        NEW,
        /** Kept alive after an answer, waiting for the next request. */
        IDLE,
        /** Receiving a request head (after IDLE, or a NEW one whose head had all arrived). */
        READING,
        /** Handling a request or sending its answer. */
        WORKING,
        /** Closed, or about to be; its slot is free. */
        GONE
    }

    /**
     * One admitted connection. Its own thread moves it between phases without the lock (a
     * compare-and-set per step, so a request costs no contended lock); whoever moves it to GONE
     * removes it from the tables, under the lock.
     */
    static final class Slot {
        final SocketChannel channel;
        /** The socket's input, read by the connection's thread; its unread bytes are peeked at here. */
        final InputStream in;
        final String client;
        private final AtomicReference<Phase> phase;
        private volatile long since;
        private volatile long deadline;

        private Slot(SocketChannel channel, InputStream in, String client, Phase phase, long now, long deadline) {
            this.channel = channel;
            this.in = in;
            this.client = client;
            this.phase = new AtomicReference<>(phase);
            this.since = now;
            this.deadline = deadline;
        }

        /** Takes the slot from {@code from} to GONE; false when it was not in that phase any more. */
        private boolean claim(Phase from) {
            return phase.compareAndSet(from, Phase.GONE);
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
                victim = evictLongestWaiting(client);
            } else if (slots.size() >= limits.maxConnections()) {
                victim = evictLongestWaiting(null);
            }
            if (victim == null && (perClient.getOrDefault(client, 0) >= limits.maxPerClient()
                    || slots.size() >= limits.maxConnections())) {
                return null;
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
     * Removes (to be closed) the connection that waited longest without a complete request, else
     * the longest idle one, of {@code client} or of anyone; null if none. A waiting connection
     * with bytes its thread has not read yet is passed over: its request has arrived (a slow
     * client's lone byte is read the moment it comes).
     */
    private Slot evictLongestWaiting(String client) {
        List<Slot> idle = new ArrayList<>();
        for (Slot s : slots) { // admission order: the first NEW one is the oldest
            if (client != null && !client.equals(s.client)) {
                continue;
            }
            Phase p = s.phase.get();
            if (p == Phase.NEW && unread(s) == 0 && s.claim(Phase.NEW)) {
                remove(s);
                return s;
            }
            if (p == Phase.IDLE) {
                idle.add(s);
            }
        }
        idle.sort((a, b) -> Long.compare(a.since - b.since, 0));
        for (Slot s : idle) {
            if (unread(s) == 0 && s.claim(Phase.IDLE)) {
                remove(s);
                return s;
            }
        }
        return null;
    }

    private static int unread(Slot s) {
        try {
            return s.in.available();
        } catch (IOException e) {
            return 0; // closed: nothing to protect
        }
    }

    /** The first byte of a later request arrived: its head has {@link ConnectionLimits#header()} from now. */
    boolean reading(Slot s) {
        s.deadline = System.nanoTime() + limits.header().toNanos();
        return s.phase.compareAndSet(Phase.IDLE, Phase.READING);
    }

    /** A complete request arrived: no deadline while the server works on it. */
    boolean working(Slot s) {
        s.deadline = NONE;
        for (Phase p = s.phase.get(); p != Phase.GONE; p = s.phase.get()) {
            if (s.phase.compareAndSet(p, Phase.WORKING)) {
                return true;
            }
        }
        return false;
    }

    /** The answer went out and the connection is kept alive. */
    boolean idle(Slot s) {
        long now = System.nanoTime();
        s.since = now;
        s.deadline = now + limits.idle().toNanos();
        return s.phase.compareAndSet(Phase.WORKING, Phase.IDLE);
    }

    /** The next {@link #SEND_CHUNK} bytes of an answer are about to be written. */
    void sending(Slot s) {
        s.deadline = System.nanoTime() + limits.send().toNanos();
    }

    /** The connection's thread is done with it. */
    void release(Slot s) {
        if (s.phase.getAndSet(Phase.GONE) != Phase.GONE) {
            synchronized (this) {
                remove(s);
            }
        }
    }

    /** Takes a slot that was just moved to GONE out of the tables (under the lock). */
    private void remove(Slot s) {
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
            closeWhere(s -> {
                long d = s.deadline;
                return d != NONE && now - d > 0;
            }, Phase.values());
        }
    }

    /** Closes the connections that wait for a request without having started one (the server is stopping). */
    void closeWaiting() {
        closeWhere(s -> true, Phase.NEW, Phase.IDLE);
    }

    /** Closes the connections in one of {@code phases} that {@code which} selects. */
    private void closeWhere(Predicate<Slot> which, Phase... phases) {
        List<Slot> closing = new ArrayList<>();
        synchronized (this) {
            for (Slot s : slots) {
                Phase p = s.phase.get();
                if (p != Phase.GONE && Arrays.asList(phases).contains(p) && which.test(s) && s.claim(p)) {
                    closing.add(s);
                }
            }
            closing.forEach(this::remove);
        }
        closing.forEach(s -> closeQuietly(s.channel));
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
        List<Slot> all = new ArrayList<>();
        synchronized (this) {
            for (Slot s : new ArrayList<>(slots)) {
                if (s.phase.getAndSet(Phase.GONE) != Phase.GONE) {
                    remove(s);
                    all.add(s);
                }
            }
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
