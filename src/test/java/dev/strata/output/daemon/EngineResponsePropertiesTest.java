package dev.strata.output.daemon;

import static dev.strata.testing.Gens.listOf;
import static dev.strata.testing.Gens.oneOf;
import static dev.strata.testing.Gens.pick;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * A Docker Engine API answer read off the socket: any bytes are an answer or an
 * {@link IOException} with a printable one-line message (which the loader turns into one sentence
 * naming the daemon); an answer framed by Content-Length, by chunks cut anywhere, or by the end of
 * the connection reads back to exactly its status and body.
 */
class EngineResponsePropertiesTest {
    enum Framing { LENGTH, CHUNKED, CLOSE }

    static byte[] answer(int status, byte[] body, Framing framing, List<Integer> cuts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "HTTP/1.1 " + status + " Whatever\r\nContent-Type: application/json\r\n" + switch (framing) {
            case LENGTH -> "Content-Length: " + body.length + "\r\n";
            case CHUNKED -> "Transfer-Encoding: chunked\r\n";
            case CLOSE -> "Connection: close\r\n";
        };
        out.writeBytes((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        if (framing != Framing.CHUNKED) {
            out.writeBytes(body);
            return out.toByteArray();
        }
        int at = 0;
        for (int i = 0; at < body.length; i++) {
            int n = Math.min(i < cuts.size() ? cuts.get(i) : body.length, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            at += n;
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    static Gen<byte[]> bytes(int max) {
        return listOf(integers().between(-128, 127), 0, max).map(l -> {
            byte[] b = new byte[l.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (int) l.get(i);
            }
            return b;
        });
    }

    @Test
    void aFramedAnswerReadsBackExactly() {
        qt().withExamples(2000).forAll(integers().between(100, 599).assuming(s -> s != 204 && s != 304),
                bytes(3000), pick(Framing.values()), listOf(integers().between(1, 700), 0, 8))
                .checkAssert((status, body, framing, cuts) -> {
                    try {
                        EngineResponse r = EngineResponse.read(new ByteArrayInputStream(answer(status, body, framing,
                                cuts)));
                        assertEquals((int) status, r.status());
                        assertArrayEquals(body, r.body());
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void anyBytesAreAnAnswerOrAPrintableIoError() {
        Gen<byte[]> pieces = listOf(pick("HTTP/1.1 ", "HTTP/1.0 ", "200", "99999999999", "-1", " OK", "\r\n", "\n",
                "Content-Length: ", "Transfer-Encoding: chunked", "ffffffffffffffff", "-5", "0", "7", "\r\n\r\n", "x",
                "\u0000", "\u001b[31m", ": ", ";ext=1", "+5"), 0, 30)
                .map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
        qt().withExamples(3000).forAll(oneOf(pieces, bytes(400))).checkAssert(b -> {
            try {
                EngineResponse r = EngineResponse.read(new ByteArrayInputStream(b));
                assertTrue(r.status() >= 100 && r.status() <= 599, "status " + r.status());
                assertNotNull(r.body());
            } catch (IOException e) {
                String m = e.getMessage();
                assertNotNull(m);
                assertTrue(m.chars().noneMatch(Character::isISOControl) && m.length() < 300, m);
            }
        });
    }
}
