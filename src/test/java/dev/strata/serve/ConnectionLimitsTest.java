package dev.strata.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.nix.TestNix;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection rules of {@link ConnectionSlots} on a real server with small limits: one
 * address's share, who gives way when slots run short, the idle and send deadlines. Deadlines are
 * set long where they must not interfere, so what closes a connection early can only be the rule
 * under test; the waits below are bounds, not measurements.
 */
class ConnectionLimitsTest {
    static final int BOUND_MS = 20_000;

    @TempDir
    Path work;

    private RegistryServer server(ConnectionLimits limits) {
        Composer composer = new Composer(TestNix.create(work.resolve("cache")), work.resolve("cache"));
        return RegistryServer.start(new PipelineImages(composer, "demo", Recipe.of("demo", List.of()), l -> { }),
                RegistryServer.Options.defaults(new InetSocketAddress("127.0.0.1", 0)).withConnections(limits), l -> { });
    }

    /** Connection limits whose deadlines (120 s) cannot close anything while a test runs. */
    static ConnectionLimits withoutDeadlines(int max, int perClient) {
        return ConnectionLimits.DEFAULTS.withConnections(max, perClient)
                .withDeadlines(Duration.ofSeconds(120), Duration.ofSeconds(120));
    }

    static Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), BOUND_MS);
        return s;
    }

    /** True when the server closed the connection within {@code millis} (false: still open then). */
    static boolean closedWithin(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        try {
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // an answer (there should be none here) is read past
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Test
    void anAddressAtItsShareGivesUpItsOldestWaitingConnectionAndOthersAreUntouched() throws Exception {
        try (RegistryServer server = server(withoutDeadlines(16, 4))) {
            int port = server.address().getPort();
            List<Socket> crowd = new ArrayList<>();
            List<Socket> others = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    crowd.add(connect("127.0.0.3", port));
                }
                others.add(connect("127.0.0.4", port));
                others.add(connect("127.0.0.4", port));
                Thread.sleep(200); // admitted in this order
                crowd.add(connect("127.0.0.3", port)); // the fifth of 127.0.0.3: its first gives way
                assertTrue(closedWithin(crowd.get(0), BOUND_MS), "the oldest connection of 127.0.0.3 was closed");
                for (Socket s : crowd.subList(1, 5)) {
                    assertTrue(!closedWithin(s, 100), "the other four of 127.0.0.3 stay");
                }
                for (Socket s : others) {
                    assertTrue(!closedWithin(s, 100), "127.0.0.4 is not touched");
                }
                RawHttp.Answer fromCrowd = RawHttp.get("127.0.0.3", port, "/v2/", BOUND_MS);
                assertEquals(200, fromCrowd.status(), "a complete request from the same address is served");
            } finally {
                closeAll(crowd);
                closeAll(others);
            }
        }
    }

    @Test
    void whenEverySlotIsTakenTheLongestWaitingConnectionMakesRoomForANewcomer() throws Exception {
        try (RegistryServer server = server(withoutDeadlines(6, 6))) {
            int port = server.address().getPort();
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    idle.add(connect("127.0.0." + (10 + i), port));
                    Thread.sleep(50);
                }
                RawHttp.Answer newcomer = RawHttp.get("127.0.0.2", port, "/v2/", BOUND_MS);
                assertEquals(200, newcomer.status(), newcomer.text());
                assertTrue(closedWithin(idle.get(0), BOUND_MS), "the oldest waiting connection gave way");
                assertTrue(!closedWithin(idle.get(5), 100), "the newest waiting connection stays");
            } finally {
                closeAll(idle);
            }
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterTheIdleDeadline() throws Exception {
        ConnectionLimits limits = ConnectionLimits.DEFAULTS.withDeadlines(Duration.ofSeconds(120), Duration.ofSeconds(1));
        try (RegistryServer server = server(limits); Socket s = connect("127.0.0.1", server.address().getPort())) {
            s.getOutputStream().write("GET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(BOUND_MS);
            byte[] answer = new byte[512];
            int n = s.getInputStream().read(answer);
            assertTrue(new String(answer, 0, n, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
            long waited = System.nanoTime();
            assertTrue(closedWithin(s, BOUND_MS), "closed after the idle deadline");
            System.out.printf("idle keep-alive connection closed after %d ms (deadline 1000 ms)%n",
                    (System.nanoTime() - waited) / 1_000_000);
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffAtTheSendDeadline() throws Exception {
        // A file larger than every socket buffer between the two ends (4 MiB each at most here).
        Path big = work.resolve("big");
        try (var out = java.nio.file.Files.newOutputStream(big)) {
            byte[] mib = new byte[1 << 20];
            for (int i = 0; i < 32; i++) {
                out.write(mib);
            }
        }
        long size = java.nio.file.Files.size(big);
        ConnectionLimits limits = new ConnectionLimits(256, 64, Duration.ofSeconds(120), Duration.ofSeconds(120),
                Duration.ofSeconds(1));
        try (HttpConnections http = HttpConnections.start(new InetSocketAddress("127.0.0.1", 0), limits,
                (req, res) -> res.sendFile(200, "application/octet-stream", big, 0, size));
             Socket s = new Socket()) {
            s.connect(http.address(), BOUND_MS);
            s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(4000); // not reading: the server's next chunk cannot leave within its 1 s deadline
            s.setSoTimeout(BOUND_MS);
            long read = 0;
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    read += n;
                }
            } catch (IOException reset) {
                // closed by the server
            }
            System.out.printf("a client that stopped reading a %d-byte answer got %d bytes before the server cut it off%n",
                    size, read);
            assertTrue(read < size, "cut off before the whole answer: " + read + " of " + size);
        }
    }

    @Test
    void limitsBelowOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConnectionLimits.DEFAULTS.withConnections(0, 1));
        assertThrows(IllegalArgumentException.class, () -> ConnectionLimits.DEFAULTS.withConnections(1, 0));
    }
}
