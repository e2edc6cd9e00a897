package dev.strata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link BoundedHttp#stopClientsBeforeExit}: after a client has spoken HTTP its selector thread
 * lives on (blocked in native code, which the JVM's exit waits 300 ms for); the call ends it. Run
 * in a child JVM, since it stops every client of the JVM it runs in.
 */
class HttpClientExitTest {

    @Test
    void selectorThreadOfAUsedClientEndsBeforeExit() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end: " + out);
        assertEquals(0, p.exitValue(), out);
        assertEquals(List.of("answer 200", "selectors before 1", "still running 0", "selectors after 0"),
                out.lines().toList());
    }

    /** The child: one exchange with a loopback server, then the call. */
    public static final class Child {
        public static void main(String[] args) throws IOException, InterruptedException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", x -> {
                x.sendResponseHeaders(200, -1);
                x.close();
            });
            server.start();
            try {
                HttpClient client = HttpClient.newHttpClient();
                int status = BoundedHttp.send(client, HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.getAddress().getPort() + "/")).build(), Duration.ofSeconds(20), 1024).statusCode();
                System.out.println("answer " + status);
                System.out.println("selectors before " + selectors());
                System.out.println("still running " + BoundedHttp.stopClientsBeforeExit());
                System.out.println("selectors after " + selectors());
            } finally {
                server.stop(0);
            }
        }

        private static long selectors() {
            return Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().matches("HttpClient-\\d+-SelectorManager") && t.isAlive()).count();
        }
    }
}
