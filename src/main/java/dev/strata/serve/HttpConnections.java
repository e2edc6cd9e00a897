package dev.strata.serve;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 server for a read-only API: GET and HEAD, keep-alive, no request bodies, files
 * sent with the kernel's sendfile. Written for the registry server instead of the JDK's HttpServer
 * because a registry must answer a TLS handshake on its plain-HTTP port at once (Docker tries HTTPS
 * first on every pull and falls back to HTTP only when the server says no; the JDK server waits
 * for a request line that never comes, so every pull stalled for Docker's 10-second TLS timeout).
 * One thread per connection from a bounded pool; beyond the bound a connection gets 503 at once.
 */
final class HttpConnections implements AutoCloseable {
    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 100;
    private static final int IDLE_TIMEOUT_MS = 30_000;

    /** A parsed request: method, raw path (query removed), headers by lower-case name. */
    record Request(String method, String path, Map<String, List<String>> headers) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    /** Handles one request by calling exactly one of the Response's send methods. */
    interface Handler {
        void handle(Request request, Response response) throws IOException;
    }

    /** The response of one request; headers first, then one send. */
    static final class Response {
        private final OutputStream out;
        private final SocketChannel channel;
        private final boolean head;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean sent;

        Response(OutputStream out, SocketChannel channel, boolean head) {
            this.out = out;
            this.channel = channel;
            this.head = head;
        }

        void header(String name, String value) {
            headers.put(name, value);
        }

        void send(int status, String contentType, byte[] body) throws IOException {
            headers.put("Content-Type", contentType);
            writeHead(status, body.length);
            if (!head) {
                out.write(body);
            }
            out.flush();
        }

        void sendFile(int status, String contentType, Path file, long start, long length) throws IOException {
            headers.put("Content-Type", contentType);
            writeHead(status, length);
            out.flush();
            if (head) {
                return;
            }
            try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
                long pos = start;
                long end = start + length;
                while (pos < end) {
                    long n = fc.transferTo(pos, end - pos, channel);
                    if (n <= 0) {
                        throw new IOException("the client stopped reading");
                    }
                    pos += n;
                }
            }
        }

        private void writeHead(int status, long length) throws IOException {
            if (sent) {
                throw new IllegalStateException("response already sent");
            }
            sent = true;
            StringBuilder b = new StringBuilder(256);
            b.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
            headers.put("Content-Length", Long.toString(length));
            headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
            b.append("\r\n");
            out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        boolean sent() {
            return sent;
        }
    }

    private final ServerSocketChannel server;
    private final ThreadPoolExecutor pool;
    private final Handler handler;
    private final Thread acceptor;
    private volatile boolean closed;

    private HttpConnections(ServerSocketChannel server, int maxConnections, Handler handler) {
        this.server = server;
        this.handler = handler;
        this.pool = new ThreadPoolExecutor(0, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "strata-http");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "strata-http-accept");
        acceptor.setDaemon(true);
    }

    static HttpConnections start(InetSocketAddress address, int maxConnections, Handler handler) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(address, 512);
        HttpConnections c = new HttpConnections(server, maxConnections, handler);
        c.acceptor.start();
        return c;
    }

    InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            try {
                pool.execute(() -> serve(ch));
            } catch (RejectedExecutionException e) {
                refuse(ch);
            }
        }
    }

    private static void refuse(SocketChannel ch) {
        try (ch) {
            byte[] body = RegistryError.TOOMANYREQUESTS.body("too many connections; try again").getBytes(StandardCharsets.UTF_8);
            OutputStream out = Channels.newOutputStream(ch);
            out.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            ch.socket().setSoTimeout(IDLE_TIMEOUT_MS);
            ch.socket().setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(ch.socket().getInputStream(), 8192);
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 16384);
            // Streams from a SocketChannel's socket block on reads with the timeout honoured.
            while (!closed) {
                in.mark(1);
                int first = in.read();
                if (first < 0) {
                    return;
                }
                if (first == 0x16) { // a TLS handshake record: say plainly that this is HTTP
                    out.write(("HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"
                            + "This registry speaks plain HTTP.\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    return;
                }
                in.reset();
                Request request = readRequest(in);
                if (request == null) {
                    simple(out, 400, "Bad Request", "malformed HTTP request");
                    return;
                }
                boolean keepAlive = keepAlive(request);
                boolean hasBody = request.header("content-length") != null && !"0".equals(request.header("content-length"))
                        || request.header("transfer-encoding") != null;
                Response response = new Response(out, ch, request.method().equals("HEAD"));
                if (!keepAlive || hasBody) {
                    response.header("Connection", "close");
                }
                handler.handle(request, response);
                if (!response.sent()) {
                    simple(out, 500, "Internal Server Error", "no response");
                    return;
                }
                out.flush();
                if (!keepAlive || hasBody) {
                    return; // bodies are never read: close instead of draining them
                }
            }
        } catch (SocketTimeoutException e) {
            // idle keep-alive connection
        } catch (IOException e) {
            // the client went away
        }
    }

    private static boolean keepAlive(Request r) {
        String conn = r.header("connection");
        return conn == null || !conn.toLowerCase(Locale.ROOT).contains("close");
    }

    private static void simple(OutputStream out, int status, String reason, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** Reads a request line and headers; null when malformed or too large. */
    static Request readRequest(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null) {
            return null;
        }
        String[] parts = line.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            return null;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; ; i++) {
            String h = readLine(in);
            if (h == null || i > MAX_HEADERS) {
                return null;
            }
            if (h.isEmpty()) {
                break;
            }
            int colon = h.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            headers.computeIfAbsent(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.substring(colon + 1).strip());
        }
        String target = parts[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        if (!path.startsWith("/")) {
            return null;
        }
        if (parts[2].equals("HTTP/1.0") && !headers.containsKey("connection")) {
            headers.put("connection", List.of("close"));
        }
        return new Request(parts[0], path, headers);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            if (c == '\n') {
                int len = b.length();
                if (len > 0 && b.charAt(len - 1) == '\r') {
                    b.setLength(len - 1);
                }
                return b.toString();
            }
            if (b.length() >= MAX_LINE) {
                return null;
            }
            b.append((char) c);
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 206 -> "Partial Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 416 -> "Range Not Satisfiable";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status >= 500 ? "Server Error" : "Status";
        };
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        pool.shutdownNow();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
