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
        if (statusLine == null) {
            throw new IOException("the daemon closed the connection without answering");
        }
        String[] parts = statusLine.split(" ", 3);
        if (!statusLine.startsWith("HTTP/1.") || parts.length < 2 || !parts[1].matches("[1-5][0-9][0-9]")) {
            throw new IOException("not an HTTP answer: '" + shown(statusLine) + "'");
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
            }
            if (headers.size() > 100) {
                throw new IOException("an answer with more than 100 header lines");
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            while (true) {
                String size = line(in);
                if (size == null) {
                    throw new IOException("the daemon's answer ended inside a chunk");
                }
                long n = size(size.split(";")[0].strip(), 16, "a chunk size");
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
            copy(in, body, size(headers.get("content-length"), 10, "a Content-Length"));
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

    /** A non-negative size in {@code radix}, else an error naming it. */
    private static long size(String text, int radix, String what) throws IOException {
        try {
            long n = Long.parseLong(text, radix);
            if (n >= 0 && !text.startsWith("+")) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IOException("the daemon's answer has " + what + " of '" + shown(text) + "', not a size");
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, long n) throws IOException {
        if (n > MAX_BODY - out.size()) {
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

    /** Text from the daemon as it can be shown in a sentence: printable, at most 80 characters. */
    static String shown(String text) {
        return shown(text, 80);
    }

    /**
     * Text from the daemon as one line of at most {@code max} characters: runs of white space become
     * one space, other control characters are written as {@code \xNN} (they could drive a terminal).
     */
    static String shown(String text, int max) {
        String line = text.replaceAll("[\\s\\u0085\\u2028\\u2029]+", " ").strip();
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < line.length() && b.length() < max; i++) {
            char c = line.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\x%02x", (int) c) : c);
        }
        return i < line.length() ? b + "..." : b.toString();
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
