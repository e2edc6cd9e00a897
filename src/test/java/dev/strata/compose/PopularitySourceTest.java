package dev.strata.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.strata.StrataException;
import dev.strata.output.fixtures.StallingServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code --popularity FILE|URL}: files, URLs, and servers that stall, trickle or send too much. */
class PopularitySourceTest {
    static final Duration SHORT = Duration.ofSeconds(1);
    static final String DATA = "{\"openssl-3.0.13\": 512}";
    static final long CAP = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void loadsFromAnHttpUrlAndSaysWhatA404Means() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/popularity.json", exchange -> {
            byte[] body = DATA.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertEquals(512, PopularitySource.load(base + "/popularity.json", SHORT).count("openssl-3.0.13"));
            StrataException e = assertThrows(StrataException.class,
                    () -> PopularitySource.load(base + "/missing.json", SHORT));
            assertEquals("the popularity URL " + base + "/missing.json answered HTTP 404; check the URL, or download "
                    + "the file and pass its path", e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = StallingServer.Mode.class, names = {"SILENT", "STALL_AFTER_HEADERS", "TRICKLE"})
    void aServerThatStallsOrTricklesEndsAtTheDeadline(StallingServer.Mode mode) throws IOException {
        try (StallingServer server = StallingServer.tcp(mode, StallingServer.ok(DATA))) {
            String url = "http://" + server.address() + "/popularity.json";
            StrataException e = assertThrows(StrataException.class, () -> PopularitySource.load(url, SHORT));
            assertEquals("the popularity URL " + url + " did not send its data within 1 s; check the URL and the "
                    + "network, or download the file and pass its path", e.getMessage());
        }
    }

    @Test
    void anAnswerLargerThanTheCapIsRefusedWithoutHoldingItAll() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    s.getInputStream().read(new byte[8192]); // the request (unread bytes would reset the connection)
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + CAP * 4 + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] block = new byte[1 << 16];
                    for (long sent = 0; sent < CAP * 4; sent += block.length) {
                        out.write(block);
                    }
                    s.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException clientLeft) {
                    // the client stopped reading: expected
                }
            });
            t.setDaemon(true);
            t.start();
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/huge.json";
            StrataException e = assertThrows(StrataException.class,
                    () -> PopularitySource.load(url, Duration.ofSeconds(60), CAP));
            assertTrue(e.getMessage().startsWith("cannot download the popularity data from " + url + " (the answer is "
                    + "larger than " + CAP + " bytes"), e.getMessage());
        }
    }

    @Test
    void urlsAndFileUrlsThatCannotBeAreOneSentence() {
        for (String[] c : new String[][] {
            {"http://127.0.0.1:99999/p.json", "has port 99999, which does not exist"},
            {"http://127.0.0.1:0/p.json", "has port 0, which does not exist"},
            {"http://", "is not a valid URL"},
            {"https:///p.json", "names no host"},
            {"file://%zz", "is not a valid file URL"},
            {"file://elsewhere/p.json", "is not a file URL"},
            {"file:relative.json", "is not a file URL"},
            {"a\u0000b", "is not a file path"},
        }) {
            StrataException e = assertThrows(StrataException.class, () -> PopularitySource.load(c[0], SHORT), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
            assertEquals(-1, e.getMessage().indexOf('\n'));
        }
    }

    @Test
    void aFileUrlAndAPathReadTheSameFile() throws IOException {
        Path f = Files.writeString(dir.resolve("p.json"), DATA);
        assertEquals(PopularitySource.load(f.toString(), SHORT), PopularitySource.load(f.toUri().toString(), SHORT));
        assertEquals(512, PopularitySource.load("file://" + f, SHORT).count("openssl-3.0.13"));
    }
}
