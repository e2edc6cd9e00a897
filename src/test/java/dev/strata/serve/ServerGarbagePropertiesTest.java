package dev.strata.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.nix.TestNix;
import dev.strata.output.fixtures.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import dev.strata.testing.Gens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generated requests against a real {@code strata serve} (htpasswd-protected, over loopback): a
 * request line, header fields from pools of the ones the server reads (Range, If-Range,
 * Authorization, Accept, Connection, Content-Length) and of garbage, always ending its head. Every
 * one gets a well-formed answer that is not a server error: never a 500, never a connection
 * closed without an answer. Requests that would start a build (a new image name with valid
 * credentials) are not generated; everything else goes through the real handler.
 */
class ServerGarbagePropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREDS = "Basic " + Base64.getEncoder()
            .encodeToString("alice:wonderland".getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path work;
    static RegistryServer server;
    static String layer;
    static String manifestDigest;

    @BeforeAll
    static void start() throws Exception {
        Path htpasswd = work.resolve("htpasswd");
        Files.writeString(htpasswd, Commands.run(List.of("htpasswd", "-Bbn", "alice", "wonderland")).ok().stdout());
        Composer composer = new Composer(TestNix.create(work.resolve("cache")), work.resolve("cache"));
        server = RegistryServer.start(new PipelineImages(composer, "demo", Recipe.of("demo", List.of()), l -> { }),
                RegistryServer.Options.defaults(new InetSocketAddress("127.0.0.1", 0)).withAuth(Htpasswd.read(htpasswd)),
                l -> { });
        RawHttp.Answer m = RawHttp.get("127.0.0.1", server.address().getPort(), "/v2/hello/manifests/latest", 300_000,
                "Authorization: " + CREDS);
        assertEquals(200, m.status(), m.text());
        layer = JSON.readTree(m.body()).path("layers").path(0).path("digest").asText();
        manifestDigest = m.header("Docker-Content-Digest");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRequestGetsAnAnswerThatIsNotAServerError() {
        qt().withExamples(1000).forAll(requests()).checkAssert(request -> {
            RawHttp.Answer a;
            try {
                a = RawHttp.exchange("127.0.0.1", server.address().getPort(), request.getBytes(StandardCharsets.ISO_8859_1),
                        30_000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertTrue(a.status() >= 200 && (a.status() < 500 || a.status() == 505),
                    a.status() + " " + a.text() + " for " + request.substring(0, Math.min(400, request.length())));
        });
    }

    static Gen<String> requests() {
        Gen<String> method = Generate.frequency(Pair.of(6, Gens.pick("GET", "HEAD")),
                Pair.of(1, Gens.pick("POST", "PUT", "DELETE", "OPTIONS", "G\u00ffT", "", "GET GET")));
        Gen<String> version = Generate.frequency(Pair.of(8, Gens.pick("HTTP/1.1", "HTTP/1.0")),
                Pair.of(1, Gens.pick("HTTP/2.0", "HTTP/1.1 ", "http/1.1", "", "HTTP/1.1\u0000")));
        Gen<String> field = Generate.frequency(
                Pair.of(3, Gens.pick("Range", "range", "If-Range").zip(rangeValue(), (n, v) -> n + ": " + v)),
                Pair.of(3, authorization().map(v -> "Authorization: " + v)),
                Pair.of(2, Gens.pick("Accept: " + RegistryServer.OCI_MANIFEST, "Accept: */*", "Connection: close",
                        "Connection: keep-alive", "Content-Length: 0", "Content-Length: 12", "Content-Length: x",
                        "Transfer-Encoding: chunked", "Host: x", "Expect: 100-continue")),
                Pair.of(2, Gens.latin1(0, 15).zip(Gens.latin1(0, 40), (n, v) -> n + ":" + v)),
                Pair.of(1, Gens.latin1(0, 60)));
        // A field may hold a line break of its own: then the head ends early, which is fine.
        return method.zip(target(), version, Gens.listOf(field, 0, 8), (m, t, v, fs) ->
                m + " " + t + " " + v + "\r\n" + fs.stream().map(f -> f + "\r\n").collect(Collectors.joining()) + "\r\n");
    }

    private static Gen<String> target() {
        return Generate.frequency(
                Pair.of(4, Gens.pick("/v2/", "/v2", "/v2/hello/blobs/" + layer, "/v2/hello/manifests/latest",
                        "/v2/hello/manifests/" + manifestDigest, "/v2/hello/tags/list", "/v2/_catalog",
                        "/v2/hello/blobs/sha256:" + "0".repeat(64), "/v2/hello/blobs/sha256:zz",
                        "/v2/hello/manifests/sha256:12", "/v2/Hello/manifests/latest", "/v2/a..b/blobs/" + layer,
                        "http://x/v2/", "*", "/v2/hello/blobs/" + layer + "?x=1#f", "/%2e%2e/etc/passwd")),
                Pair.of(1, Gens.codePoints(0x21, 0xff, 0, 60).map(s -> "/v2/" + s)));
    }

    private static Gen<String> rangeValue() {
        Gen<String> number = Generate.oneOf(longs().between(0, 2_000_000).map(n -> Long.toString(n)),
                Gens.from("0123456789", 15, 30));
        Gen<String> end = Generate.oneOf(number, Generate.constant(""));
        Gen<String> spec = end.zip(end, (a, b) -> a + "-" + b);
        return Generate.oneOf(lists().of(spec).ofSizeBetween(1, 3).map(l -> "bytes=" + String.join(",", l)),
                Gens.pick("bytes=", "bytes=-", "items=0-1", "\"" + layer + "\"", "\"x\""),
                Gens.codePoints(' ', '~', 0, 30));
    }

    private static Gen<String> authorization() {
        return Generate.oneOf(Generate.constant(CREDS),
                Gens.bytes(0, 120).map(b -> "Basic " + Base64.getEncoder().encodeToString(b)),
                Gens.codePoints(' ', 0xff, 0, 100),
                Gens.pick("Basic", "Basic ", "Bearer x", "Basic " + "A".repeat(5000)));
    }
}
