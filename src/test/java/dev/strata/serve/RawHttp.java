package dev.strata.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client that writes exactly the bytes a test gives and reads one answer, from a chosen local
 * address (all of 127/8 is loopback on Linux, so 127.0.0.2 is a second client address). The JDK's
 * HttpClient can neither bind a local address (Java 19+) nor send malformed or non-UTF-8 headers.
 */
final class RawHttp {
    private RawHttp() {}

    /** An answer: status, headers by lower-case name (last wins), body; status -1 when the server closed without one. */
    record Answer(int status, Map<String, String> headers, byte[] body, long millis) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** GET {@code path} with {@code Connection: close} and extra header lines ("Name: value"). */
    static Answer get(String from, int port, String path, int timeoutMillis, String... headerLines) throws IOException {
        StringBuilder b = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (String h : headerLines) {
            b.append(h).append("\r\n");
        }
        return exchange(from, port, b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1), timeoutMillis);
    }

    /** Sends {@code request} as is, half-closes, and reads the answer until the server closes. */
    static Answer exchange(String from, int port, byte[] request, int timeoutMillis) throws IOException {
        long started = System.nanoTime();
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            s.shutdownOutput();
            byte[] all = readAll(s.getInputStream());
            return parse(all, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // A reset after the answer (the server closed with unread request bytes) ends the read.
            if (out.size() == 0) {
                throw e;
            }
        }
        return out.toByteArray();
    }

    static Answer parse(byte[] all, long millis) {
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            return new Answer(-1, Map.of(), all, millis);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
        String length = headers.get("content-length");
        if (length != null && Long.parseLong(length) < body.length) {
            body = Arrays.copyOf(body, Integer.parseInt(length));
        }
        return new Answer(status, headers, body, millis);
    }
}
