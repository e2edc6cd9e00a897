package dev.strata.output.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineResponseTest {
    @Test
    void chunkedBodyIsDecoded() throws Exception {
        String line = "{\"stream\":\"Loaded image: strata/hello:latest\\n\"}";
        String raw = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(10) + "\r\n" + line.substring(0, 10) + "\r\n"
                + Integer.toHexString(line.length() - 10) + ";ext=1\r\n" + line.substring(10) + "\r\n0\r\n\r\n";

        EngineResponse r = EngineResponse.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));

        assertEquals(200, r.status());
        assertEquals(line, r.bodyText());
    }

    @Test
    void loadAnswerNamesIdsAndErrors() {
        EngineApi.LoadAnswer ok = EngineApi.LoadAnswer.parse(("{\"stream\":\"Loaded image: a/b:1\\n\"}\n"
                + "{\"stream\":\"Loaded image ID: sha256:abc\\n\"}\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("a/b:1"), ok.loaded());
        assertEquals(List.of("sha256:abc"), ok.imageIds());
        assertEquals(null, ok.error());

        EngineApi.LoadAnswer bad = EngineApi.LoadAnswer.parse(("{\"errorDetail\":{\"message\":\"open /x: no such file\"},"
                + "\"error\":\"open /x: no such file\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals("open /x: no such file", bad.error());
    }

    @Test
    void chunkedWriterFramesEachWriteAndEndsWithAZeroChunk() throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        ChunkedOutputStream c = new ChunkedOutputStream(raw);
        c.write("hello".getBytes(StandardCharsets.US_ASCII));
        c.write(new byte[0]);
        c.write(new byte[20], 0, 17);
        c.finish();

        assertEquals("5\r\nhello\r\n11\r\n" + "\0".repeat(17) + "\r\n0\r\n\r\n", raw.toString(StandardCharsets.ISO_8859_1));
    }
}
