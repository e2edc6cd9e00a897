package dev.strata.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import dev.strata.testing.Gens;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The request-head reader, generated: any bytes give a request, a refusal with a 4xx/505 status
 * or nothing (an empty stream), never an exception; every well-formed head reads back as written.
 */
class RequestHeadPropertiesTest {
    private static final Set<Integer> REFUSALS = Set.of(400, 414, 431, 505);
    private static final String TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    static RequestHead.Result read(byte[] bytes) {
        try {
            return RequestHead.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array never fails to read
        }
    }

    static byte[] latin1Bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Bytes built from the pieces a head is made of (so that many reach the deeper checks), or raw. */
    static Gen<byte[]> garbage() {
        Gen<String> piece = Generate.frequency(
                Pair.of(4, Gens.pick("GET", "HEAD", " ", "/", "/v2/", "?", "#", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0",
                        "HTTP/x", "http://h/p", "Host", "Range", "Authorization", ":", ": ", "bytes=0-1", "Basic ")),
                Pair.of(4, Gens.pick("\r\n", "\n", "\r", "\r\n\r\n", "\t", "\u0000", "\u007f", "\u00ff", "\u0016")),
                Pair.of(2, Gens.latin1(0, 20)),
                Pair.of(1, Gens.pick("a".repeat(RequestHead.MAX_LINE - 10), "b".repeat(RequestHead.MAX_LINE + 1))));
        Gen<byte[]> built = Gens.listOf(piece, 0, 30).map(ps -> latin1Bytes(String.join("", ps)));
        return Generate.frequency(Pair.of(3, built),
                Pair.of(1, Gens.bytes(0, 400)));
    }

    @Test
    void anyBytesGiveARequestOrARefusal() {
        qt().withExamples(3000).forAll(garbage()).checkAssert(bytes -> {
            RequestHead.Result r = read(bytes);
            if (r == null) {
                assertEquals(0, bytes.length, "only an empty stream gives nothing");
            } else if (r instanceof RequestHead.Refused refused) {
                assertTrue(REFUSALS.contains(refused.status()), refused.toString());
            } else {
                HttpConnections.Request request = ((RequestHead.Parsed) r).request();
                assertTrue(request.path().startsWith("/"), request.path());
                assertTrue(RequestHead.isToken(request.method()), request.method());
            }
        });
    }

    /** A well-formed request, and what reading it must give. */
    record Written(byte[] bytes, String method, String path, Map<String, List<String>> fields) {
        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    static Gen<Written> written() {
        Gen<String> method = Generate.oneOf(Gens.pick("GET", "HEAD", "PUT", "DELETE"), Gens.from(TCHARS, 1, 10));
        Gen<String> path = lists().of(Gens.from(TCHARS.replace("#", "") + "%:@=,;", 0, 12)).ofSizeBetween(1, 6)
                .map(s -> "/" + String.join("/", s));
        Gen<String> query = Gens.from("!\"$%&'()*+,-./0123456789:;<=>?@ABCXYZ[]^_`abcxyz{|}~#", 0, 20)
                .map(q -> q.isEmpty() ? "" : "?" + q);
        // Values: visible characters, spaces and tabs inside, bytes 0x80-0xFF; no whitespace at either end.
        Gen<String> value = Gens.latin1(0, 60).map(v -> v.replaceAll("[\\x00-\\x08\\x0a-\\x1f\\x7f]", "x"))
                .map(v -> v.replaceAll("^[ \t]+|[ \t]+$", ""));
        Gen<List<String[]>> fields = Gens.listOf(Gens.from(TCHARS, 1, 16).zip(value, (n, v) -> new String[] {n, v}), 0, 12);
        Gen<String> line = method.zip(path, query, Gens.pick("HTTP/1.1", "HTTP/1.0"), Generate.booleans(),
                (m, p, q, v, absolute) -> m + " " + (absolute ? "http://registry.example:5000" : "") + p + q + " " + v);
        return line.zip(fields, Gens.pick("\r\n", "\n"), (l, fs, nl) -> {
            StringBuilder b = new StringBuilder(l).append(nl);
            Map<String, List<String>> expected = new LinkedHashMap<>();
            for (String[] f : fs) {
                b.append(f[0]).append(": ").append(f[1]).append(nl);
                expected.computeIfAbsent(f[0].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f[1]);
            }
            b.append(nl);
            String m = l.substring(0, l.indexOf(' '));
            String target = l.substring(l.indexOf(' ') + 1, l.lastIndexOf(' ')).replace("http://registry.example:5000", "");
            int cut = target.indexOf('?');
            return new Written(latin1Bytes(b.toString()), m, cut < 0 ? target : target.substring(0, cut), expected);
        });
    }

    @Test
    void wellFormedHeadsReadBackAsWritten() {
        qt().withExamples(3000).forAll(written()).checkAssert(w -> {
            RequestHead.Result r = read(w.bytes());
            assertTrue(r instanceof RequestHead.Parsed, String.valueOf(r));
            HttpConnections.Request request = ((RequestHead.Parsed) r).request();
            assertEquals(w.method(), request.method());
            assertEquals(w.path(), request.path());
            Map<String, List<String>> fields = new LinkedHashMap<>(request.headers());
            fields.remove("connection"); // HTTP/1.0 adds "close"
            Map<String, List<String>> expected = new LinkedHashMap<>(w.fields());
            expected.remove("connection");
            assertEquals(expected, fields);
        });
    }

    @Test
    void oversizedHeadsAreRefusedWith414Or431() {
        Gen<Integer> overLine = integers().between(RequestHead.MAX_LINE, RequestHead.MAX_LINE + 100);
        Gen<String> oversized = Generate.oneOf(
                overLine.map(n -> "GET /" + "a".repeat(n) + " HTTP/1.1\r\n\r\n"),
                overLine.map(n -> "GET / HTTP/1.1\r\nX: " + "a".repeat(n) + "\r\n\r\n"),
                integers().between(RequestHead.MAX_FIELDS + 1, RequestHead.MAX_FIELDS + 50)
                        .map(n -> "GET / HTTP/1.1\r\n" + "X: y\r\n".repeat(n) + "\r\n"),
                integers().between(5, 8).map(n -> "GET / HTTP/1.1\r\n" + ("X: " + "a".repeat(8000) + "\r\n").repeat(n) + "\r\n"));
        qt().withExamples(200).forAll(oversized).checkAssert(s -> {
            RequestHead.Result r = read(latin1Bytes(s));
            assertTrue(r instanceof RequestHead.Refused refused && (refused.status() == 414 || refused.status() == 431),
                    String.valueOf(r));
        });
    }

    @Test
    void theRefusalsSayWhy() {
        assertEquals(new RequestHead.Refused(505, "only HTTP/1.0 and HTTP/1.1 are spoken here"),
                read(latin1Bytes("GET / HTTP/2.0\r\n\r\n")));
        assertEquals(400, ((RequestHead.Refused) read(latin1Bytes("GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n"))).status());
        assertEquals(400, ((RequestHead.Refused) read(latin1Bytes("GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n"))).status(),
                "obsolete line folding");
        assertEquals(400, ((RequestHead.Refused) read(latin1Bytes("GET / HTTP/1.1\r\nX : a\r\n\r\n"))).status(),
                "space before the colon");
        assertEquals(400, ((RequestHead.Refused) read(latin1Bytes("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n"))).status(), "a bare CR");
        assertEquals(400, ((RequestHead.Refused) read(latin1Bytes("GET / HTTP/1.1\r\nX: \u001fa\r\n\r\n"))).status(),
                "a control character at the edge of a value is not whitespace");
        RequestHead.Result absolute = read(latin1Bytes("GET http://h:1/v2/x?y HTTP/1.0\r\n\r\n"));
        assertNotNull(absolute);
        HttpConnections.Request request = ((RequestHead.Parsed) absolute).request();
        assertEquals("/v2/x", request.path());
        assertEquals("close", request.header("Connection"), "HTTP/1.0 closes unless told otherwise");
    }
}
