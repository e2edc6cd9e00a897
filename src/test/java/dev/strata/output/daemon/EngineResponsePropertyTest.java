package dev.strata.output.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A Docker Engine API answer read off the socket: any bytes are an answer or an
 * {@link IOException} with a printable one-line message (which the loader turns into one sentence
 * naming the daemon); an answer framed by Content-Length, by chunks cut anywhere, or by the end of
 * the connection reads back to exactly its status and body.
 */
class EngineResponsePropertyTest {
    enum Framing { LENGTH, CHUNKED, CLOSE }

    record Answer(int status, byte[] body, Framing framing, List<Integer> cuts) {
        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String head = "HTTP/1.1 " + status + " Whatever\r\nContent-Type: application/json\r\n";
            head += switch (framing) {
                case LENGTH -> "Content-Length: " + body.length + "\r\n";
                case CHUNKED -> "Transfer-Encoding: chunked\r\n";
                case CLOSE -> "Connection: close\r\n";
            };
            out.writeBytes((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (framing == Framing.CHUNKED) {
                int at = 0;
                for (int cut : cuts) {
                    int n = Math.min(cut, body.length - at);
                    if (n > 0) {
                        out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(body, at, n);
                        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        at += n;
                    }
                }
                if (at < body.length) {
                    out.writeBytes((Integer.toHexString(body.length - at) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body, at, body.length - at);
                    out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.writeBytes(body);
            }
            return out.toByteArray();
        }
    }

    @Provide
    Arbitrary<Answer> answers() {
        return Combinators.combine(Arbitraries.integers().between(100, 599).filter(s -> s != 204 && s != 304),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(3000), Arbitraries.of(Framing.values()),
                Arbitraries.integers().between(1, 700).list().ofMaxSize(8)).as(Answer::new);
    }

    @Property(tries = 2000)
    void aFramedAnswerReadsBackExactly(@ForAll("answers") Answer a) throws IOException {
        EngineResponse r = EngineResponse.read(new ByteArrayInputStream(a.bytes()));
        assertEquals(a.status(), r.status());
        assertArrayEquals(a.body(), r.body());
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<String> pieces = Arbitraries.of("HTTP/1.1 ", "HTTP/1.0 ", "200", "99999999999", "-1", " OK", "\r\n",
                "\n", "Content-Length: ", "Transfer-Encoding: chunked", "ffffffffffffffff", "-5", "0", "7", "\r\n\r\n",
                "x", "\u0000", "\u001b[31m", ": ", ";ext=1", "+5");
        return Arbitraries.oneOf(pieces.list().ofMaxSize(30).map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(400));
    }

    @Property(tries = 3000)
    void anyBytesAreAnAnswerOrAPrintableIoError(@ForAll("hostile") byte[] bytes) {
        try {
            EngineResponse r = EngineResponse.read(new ByteArrayInputStream(bytes));
            assertTrue(r.status() >= 100 && r.status() <= 599, "status " + r.status());
            assertNotNull(r.body());
        } catch (IOException e) {
            String m = e.getMessage();
            assertNotNull(m);
            assertTrue(m.chars().noneMatch(Character::isISOControl) && m.length() < 300, m);
        }
    }
}
