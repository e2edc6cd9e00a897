package dev.strata.serve;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.x request line and its header fields (RFC 9112 sections 2 to 5) from anyone on
 * the network, strictly: a token method, a target of visible ASCII (origin form, or absolute form
 * reduced to its path), {@code HTTP/1.0} or {@code HTTP/1.1}, token field names, values of visible
 * characters, spaces and tabs (bytes 0x80-0xFF pass as ISO-8859-1, NUL and other controls are
 * refused, as are bare CRs and folded lines). Limits: 8 KiB a line, 100 fields, 32 KiB in all.
 * Every refusal is an answer with a status (400, 414, 431, 505), never an exception.
 */
final class RequestHead {
    static final int MAX_LINE = 8192;
    static final int MAX_FIELDS = 100;
    static final int MAX_HEAD = 32 * 1024;
    private static final int MAX_EMPTY_LINES = 8;

    private RequestHead() {}

    /** What reading gave: a request, or a status and a reason to answer with before closing. */
    sealed interface Result permits Parsed, Refused {}

    /** A well-formed request head. */
    record Parsed(HttpConnections.Request request) implements Result {}

    /** A head that cannot be served: answer {@code status} and close. */
    record Refused(int status, String reason) implements Result {}

    /** Thrown inside the reader to stop at the first fault. */
    private static final class Fault extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Refused refusal;

        Fault(int status, String reason) {
            super(reason, null, false, false);
            this.refusal = new Refused(status, reason);
        }
    }

    /** Reads one head; null when the stream ends before its first byte. */
    static Result read(InputStream in) throws IOException {
        Reader r = new Reader(in);
        try {
            String line = r.line(414, "the request line is longer than " + MAX_LINE + " bytes");
            if (line == null) {
                return null;
            }
            for (int i = 0; line.isEmpty(); i++) { // RFC 9112 2.2: ignore empty lines before a request
                line = r.line(414, "the request line is longer than " + MAX_LINE + " bytes");
                if (line == null || i == MAX_EMPTY_LINES) {
                    throw new Fault(400, "no request line");
                }
            }
            String[] parts = line.split(" ", -1);
            if (parts.length != 3 || !isToken(parts[0])) {
                throw new Fault(400, "malformed request line");
            }
            String version = parts[2];
            if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
                throw version.startsWith("HTTP/") ? new Fault(505, "only HTTP/1.0 and HTTP/1.1 are spoken here")
                        : new Fault(400, "malformed request line");
            }
            String path = path(parts[1]);
            Map<String, List<String>> fields = new LinkedHashMap<>();
            for (int n = 0; ; n++) {
                String field = r.line(431, "a header field is longer than " + MAX_LINE + " bytes");
                if (field == null) {
                    throw new Fault(400, "the request ended inside its header");
                }
                if (field.isEmpty()) {
                    break;
                }
                if (n == MAX_FIELDS) {
                    throw new Fault(431, "more than " + MAX_FIELDS + " header fields");
                }
                int colon = field.indexOf(':');
                if (colon <= 0 || !isToken(field.substring(0, colon))) {
                    throw new Fault(400, "malformed header field");
                }
                String value = trimOws(field.substring(colon + 1));
                if (!isFieldValue(value)) {
                    throw new Fault(400, "a header field holds a control character");
                }
                fields.computeIfAbsent(field.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
            }
            if (version.equals("HTTP/1.0") && !fields.containsKey("connection")) {
                fields.put("connection", List.of("close"));
            }
            return new Parsed(new HttpConnections.Request(parts[0], path, fields));
        } catch (Fault f) {
            return f.refusal;
        }
    }

    /** The path of an origin-form ({@code /p?q}) or absolute-form ({@code http://h/p?q}) target. */
    private static String path(String target) throws Fault {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new Fault(400, "the request target holds a character that is not visible ASCII");
            }
        }
        String rest = target;
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            rest = slash < 0 ? "/" : target.substring(slash);
        }
        if (!rest.startsWith("/")) {
            throw new Fault(400, "the request target is not a path");
        }
        int end = rest.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return rest.substring(0, end);
    }

    /** Without the optional whitespace (spaces and tabs only) around a field value. */
    private static String trimOws(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    /** RFC 9110 token: visible ASCII except delimiters. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 field-value: visible characters, obs-text, spaces and tabs inside. */
    private static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    /** Lines as ISO-8859-1 (byte for byte), counting the head's bytes. */
    private static final class Reader {
        private final InputStream in;
        private int total;

        Reader(InputStream in) {
            this.in = in;
        }

        /** The next line without its CRLF (or LF); null at the end of the stream before any byte of it. */
        String line(int tooLongStatus, String tooLong) throws IOException, Fault {
            StringBuilder b = new StringBuilder();
            boolean cr = false;
            while (true) {
                int c = in.read();
                if (c < 0) {
                    if (b.length() == 0 && !cr && total == 0) {
                        return null;
                    }
                    throw new Fault(400, "the request ended inside its header");
                }
                if (++total > MAX_HEAD) {
                    throw new Fault(431, "the request header is longer than " + MAX_HEAD + " bytes");
                }
                if (c == '\n') {
                    return b.toString();
                }
                if (cr) {
                    throw new Fault(400, "a bare CR in the request header");
                }
                if (c == '\r') {
                    cr = true;
                    continue;
                }
                if (b.length() >= MAX_LINE) {
                    throw new Fault(tooLongStatus, tooLong);
                }
                b.append((char) c);
            }
        }
    }
}
