package dev.strata.output.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 answer read off a raw stream: status line, headers, and the body decoded from
 * chunked coding, a Content-Length, or (with {@code Connection: close}) everything until EOF.
 */
record EngineResponse(int status, Map<String, String> headers, byte[] body) {
    private static final int MAX_BODY = 16 << 20;

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    static EngineResponse read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException(statusLine == null ? "the daemon closed the connection without answering"
                    : "not an HTTP answer: " + statusLine);
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            while (true) {
                String size = line(in);
                if (size == null) {
                    throw new IOException("the daemon's answer ended inside a chunk");
                }
                int n = Integer.parseInt(size.split(";")[0].strip(), 16);
                if (n == 0) {
                    for (String t = line(in); t != null && !t.isEmpty(); t = line(in)) {
                        // trailers: none used by the Engine API
                    }
                    break;
                }
                copy(in, body, n);
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            copy(in, body, Long.parseLong(headers.get("content-length")));
        } else if (status != 204 && status != 304) {
            byte[] buf = new byte[8192];
            for (int r; (r = in.read(buf)) > 0; ) {
                body.write(buf, 0, r);
                if (body.size() > MAX_BODY) {
                    throw new IOException("the daemon's answer is larger than " + MAX_BODY + " bytes");
                }
            }
        }
        return new EngineResponse(status, headers, body.toByteArray());
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, long n) throws IOException {
        if (n > MAX_BODY) {
            throw new IOException("the daemon's answer is larger than " + MAX_BODY + " bytes");
        }
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new IOException("the daemon's answer ended early");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    /** A CRLF- (or LF-) terminated line without its end, or null at EOF before any byte. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
            if (b.size() > 65536) {
                throw new IOException("an answer line longer than 64 KiB");
            }
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
