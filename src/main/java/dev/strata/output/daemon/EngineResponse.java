package dev.strata.output.daemon;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
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
        return read(readHead(in), in);
    }

    /** The rest of an answer whose head was read: its body, up to the limit. */
    static EngineResponse read(Head head, InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (InputStream b = body(head, in)) {
            byte[] buf = new byte[8192];
            for (int r; (r = b.read(buf)) > 0; ) {
                body.write(buf, 0, r);
                if (body.size() > MAX_BODY) {
                    throw new IOException("the daemon's answer is larger than " + MAX_BODY + " bytes");
                }
            }
        }
        return new EngineResponse(head.status(), head.headers(), body.toByteArray());
    }

    /** The status line and headers of an answer. */
    record Head(int status, Map<String, String> headers) { }

    static Head readHead(InputStream in) throws IOException {
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
        return new Head(status, headers);
    }

    /**
     * The body of an answer as a stream, decoded: chunked coding, a Content-Length, or (with
     * {@code Connection: close}) everything until the end.
     */
    static InputStream body(Head head, InputStream in) throws IOException {
        if ("chunked".equalsIgnoreCase(head.headers().getOrDefault("transfer-encoding", ""))) {
            return new ChunkedInputStream(in);
        }
        if (head.headers().containsKey("content-length")) {
            return new BoundedInputStream(in, size(head.headers().get("content-length"), 10, "a Content-Length"));
        }
        if (head.status() == 204 || head.status() == 304) {
            return InputStream.nullInputStream();
        }
        return in;
    }

    /** A body read off the connection: bytes come in blocks, and closing it leaves the connection to its owner. */
    private abstract static class BodyStream extends FilterInputStream {
        BodyStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public abstract int read(byte[] b, int off, int len) throws IOException;

        @Override
        public void close() {
            // the connection is closed by its owner
        }
    }

    /** Exactly {@code n} bytes of a stream (an early end is an error). */
    private static final class BoundedInputStream extends BodyStream {
        private long left;

        BoundedInputStream(InputStream in, long n) {
            super(in);
            this.left = n;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int r = in.read(b, off, (int) Math.min(len, left));
            if (r < 0) {
                throw new IOException("the daemon's answer ended early");
            }
            left -= r;
            return r;
        }
    }

    /** HTTP/1.1 chunked coding, decoded. */
    private static final class ChunkedInputStream extends BodyStream {
        private long left;
        private boolean done;

        ChunkedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                if (size == null) {
                    throw new IOException("the daemon's answer ended inside a chunk");
                }
                left = size(size.split(";")[0].strip(), 16, "a chunk size");
                if (left == 0) {
                    for (String t = line(in); t != null && !t.isEmpty(); t = line(in)) {
                        // trailers: none used by the Engine API
                    }
                    done = true;
                    return -1;
                }
            }
            int r = in.read(b, off, (int) Math.min(len, left));
            if (r < 0) {
                throw new IOException("the daemon's answer ended inside a chunk");
            }
            left -= r;
            if (left == 0) {
                line(in);
            }
            return r;
        }
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
