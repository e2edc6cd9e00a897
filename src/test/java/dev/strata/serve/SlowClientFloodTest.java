package dev.strata.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.nix.TestNix;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata serve} under a slow-client flood (issue 11, item 3): 300 connections sending one
 * byte a second must not keep a normal client from its manifest and blobs, whether that client
 * comes from another address or from the flood's own (a flood behind one NAT address). Latencies
 * are printed, never asserted; the client timeout below is a correctness bound.
 */
class SlowClientFloodTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DOCKER = RegistryServer.DOCKER_MANIFEST;
    /** The header deadline plus a generous margin for a loaded machine: a correctness bound, not a speed target. */
    static final int CLIENT_TIMEOUT_MS = 5_000 + 25_000;

    @TempDir
    static Path work;
    static RegistryServer server;
    static int port;
    static String layer;

    @BeforeAll
    static void start() throws Exception {
        Composer composer = new Composer(TestNix.create(work.resolve("cache")), work.resolve("cache"));
        server = RegistryServer.start(new PipelineImages(composer, "demo", Recipe.of("demo", List.of()), l -> { }),
                RegistryServer.Options.defaults(new InetSocketAddress("127.0.0.1", 0)), l -> { });
        port = server.address().getPort();
        RawHttp.Answer manifest = RawHttp.get("127.0.0.2", port, "/v2/hello/manifests/latest", 300_000, "Accept: " + DOCKER);
        assertEquals(200, manifest.status(), manifest.text());
        layer = JSON.readTree(manifest.body()).path("layers").path(0).path("digest").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aSlowFloodLeavesNormalClientsServedFromAnotherAddressAndFromTheFloodsOwn() throws Exception {
        try (SlowClients flood = SlowClients.start("127.0.0.1", port, 300, 1000)) {
            Thread.sleep(3000); // three bytes a connection: every slot the flood can take, it holds
            for (String from : List.of("127.0.0.2", "127.0.0.1")) {
                for (int round = 0; round < 3; round++) {
                    RawHttp.Answer m = RawHttp.get(from, port, "/v2/hello/manifests/latest", CLIENT_TIMEOUT_MS,
                            "Accept: " + DOCKER);
                    assertEquals(200, m.status(), from + ": " + m.text());
                    RawHttp.Answer b = RawHttp.get(from, port, "/v2/hello/blobs/" + layer, CLIENT_TIMEOUT_MS);
                    assertEquals(200, b.status(), from + ": " + b.text());
                    assertEquals(layer, "sha256:" + sha256(b.body()));
                    System.out.printf("flood of 300 slow clients from 127.0.0.1 (%d opened, %d closed by the server):"
                                    + " normal client from %s: manifest %d ms, blob (%d bytes) %d ms%n",
                            flood.opened(), flood.closedByServer(), from, m.millis(), b.body().length, b.millis());
                }
            }
        }
    }

    @Test
    void aConnectionDribblingItsHeadersIsClosedAtTheHeaderDeadlineWhateverItsPace() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            byte[] head = ("GET /v2/ HTTP/1.1\r\nX-Slow: " + "b".repeat(4000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            long started = System.nanoTime();
            int i = 0;
            try {
                // A byte every 200 ms: always well inside any per-read timeout, never a complete request.
                while (System.nanoTime() - started < CLIENT_TIMEOUT_MS * 1_000_000L) {
                    s.getOutputStream().write(head[i++]);
                    Thread.sleep(200);
                    if (s.getInputStream().available() > 0) {
                        break;
                    }
                }
                throw new AssertionError("not closed after " + i + " bytes and " + CLIENT_TIMEOUT_MS + " ms");
            } catch (IOException closed) {
                System.out.printf("a connection sending a byte every 200 ms was closed after %d bytes, %d ms%n",
                        i, (System.nanoTime() - started) / 1_000_000);
                assertTrue(i > 3, "closed after " + i + " bytes: " + closed);
            }
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
