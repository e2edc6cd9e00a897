package dev.strata.serve;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 server for a read-only API: GET and HEAD, keep-alive, no request bodies, files
 * sent with the kernel's sendfile. Written for the registry server instead of the JDK's HttpServer
 * because a registry must answer a TLS handshake on its plain-HTTP port at once (Docker tries HTTPS
 * first on every pull and falls back to HTTP only when the server says no; the JDK server waits
 * for a request line that never comes, so every pull stalled for Docker's 10-second TLS timeout).
 * One thread per connection; {@link ConnectionSlots} decides who gets one, closes connections past
 * their deadlines and gives a slow crowd's slots to newcomers. Request heads are read by
 * {@link RequestHead}. Stopping is graceful: {@link #stop()} closes waiting connections and makes
 * every request still to come answer 503; {@link #drain} lets answers in progress finish.
 */
final class HttpConnections implements AutoCloseable {
    /** The message of every answer the server gives while it stops. */
    static final String STOPPING = "the server is stopping; pull again in a moment";

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
        private final Runnable sending;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean sent;

        /** @param sending called before each chunk of bytes is written (it renews the send deadline) */
        Response(OutputStream out, SocketChannel channel, boolean head, Runnable sending) {
            this.out = out;
            this.channel = channel;
            this.head = head;
            this.sending = sending;
        }

        void header(String name, String value) {
            headers.put(name, value);
        }

        void send(int status, String contentType, byte[] body) throws IOException {
            headers.put("Content-Type", contentType);
            sending.run();
            writeHead(status, body.length);
            if (!head) {
                out.write(body);
            }
            out.flush();
        }

        void sendFile(int status, String contentType, Path file, long start, long length) throws IOException {
            headers.put("Content-Type", contentType);
            sending.run();
            writeHead(status, length);
            out.flush();
            if (head) {
                return;
            }
            try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
                long pos = start;
                long end = start + length;
                while (pos < end) {
                    sending.run();
                    long n = fc.transferTo(pos, Math.min(ConnectionSlots.SEND_CHUNK, end - pos), channel);
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
    private final ExecutorService threads;
    private final ConnectionSlots slots;
    private final Handler handler;
    private final Thread acceptor;
    private volatile boolean stopping;

    private HttpConnections(ServerSocketChannel server, ConnectionLimits limits, Handler handler) {
        this.server = server;
        this.handler = handler;
        this.slots = new ConnectionSlots(limits);
        // Admission is counted by the slots; the pool only reuses threads (an evicted connection's
        // thread may still be unwinding when its successor starts).
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "strata-http");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "strata-http-accept");
        acceptor.setDaemon(true);
    }

    static HttpConnections start(InetSocketAddress address, ConnectionLimits limits, Handler handler) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(address, 512);
        HttpConnections c = new HttpConnections(server, limits, handler);
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

    /** Connections open now. */
    int openConnections() {
        return slots.open();
    }

    private void acceptLoop() {
        while (!stopping) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (stopping) {
                    return;
                }
                continue;
            }
            try {
                admit(ch);
            } catch (IOException | RuntimeException e) {
                ConnectionSlots.closeQuietly(ch);
            }
        }
    }

    private void admit(SocketChannel ch) throws IOException {
        // What has already arrived, read without waiting: a complete request head protects its
        // connection from being closed to make room before its thread gets to run.
        ByteBuffer early = ByteBuffer.allocate(4096);
        ch.configureBlocking(false);
        int n = ch.read(early);
        ch.configureBlocking(true);
        if (n < 0) {
            ch.close();
            return;
        }
        byte[] arrived = Arrays.copyOf(early.array(), early.position());
        InetAddress from = ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
        ConnectionSlots.Slot slot = slots.admit(ch, from, endsHead(arrived));
        if (slot == null) {
            refuse(ch, RegistryError.TOOMANYREQUESTS, "too many connections; try again");
            return;
        }
        threads.execute(() -> serve(slot, arrived));
    }

    /** True when the bytes hold a blank line, the end of a request head. */
    private static boolean endsHead(byte[] b) {
        for (int i = 1; i < b.length; i++) {
            if (b[i] == '\n' && (b[i - 1] == '\n' || i > 1 && b[i - 1] == '\r' && b[i - 2] == '\n')) {
                return true;
            }
        }
        return false;
    }

    /** A 503 written without blocking the acceptor (a client that does not read simply misses it). */
    private static void refuse(SocketChannel ch, RegistryError code, String message) {
        try (ch) {
            byte[] body = code.body(message).getBytes(StandardCharsets.UTF_8);
            byte[] head = ("HTTP/1.1 " + code.status() + " " + reason(code.status()) + "\r\nContent-Type: application/json\r\n"
                    + "Retry-After: 1\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            ch.configureBlocking(false);
            ch.write(new ByteBuffer[] {ByteBuffer.wrap(head), ByteBuffer.wrap(body)});
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    private void serve(ConnectionSlots.Slot slot, byte[] arrived) {
        SocketChannel ch = slot.channel;
        try (ch) {
            ch.socket().setTcpNoDelay(true);
            // Reads block until the watchdog closes the channel at its deadline (no read timeout:
            // a per-read timeout restarts with every byte, which is what slow clients exploit).
            InputStream in = new BufferedInputStream(new SequenceInputStream(new ByteArrayInputStream(arrived),
                    slot.in), 8192);
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 16384);
            Runnable sending = () -> slots.sending(slot);
            for (boolean first = true; ; first = false) {
                in.mark(1);
                int b = in.read();
                if (b < 0 || !first && !slots.reading(slot)) {
                    return;
                }
                if (b == 0x16) { // a TLS handshake record: say plainly that this is HTTP
                    slots.working(slot);
                    sending.run();
                    out.write(("HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"
                            + "This registry speaks plain HTTP.\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    return;
                }
                in.reset();
                RequestHead.Result head = RequestHead.read(in);
                if (head == null || !slots.working(slot)) {
                    return;
                }
                if (head instanceof RequestHead.Refused refused) {
                    sending.run();
                    simple(out, refused.status(), refused.reason());
                    return;
                }
                Request request = ((RequestHead.Parsed) head).request();
                if (!answer(request, ch, out, sending) || !slots.idle(slot)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away, or the watchdog closed the connection at its deadline
        } finally {
            slots.release(slot);
        }
    }

    /** Answers one request; true when the connection stays open for the next. */
    private boolean answer(Request request, SocketChannel ch, OutputStream out, Runnable sending) throws IOException {
        boolean keepAlive = keepAlive(request);
        boolean hasBody = request.header("content-length") != null && !"0".equals(request.header("content-length"))
                || request.header("transfer-encoding") != null;
        Response response = new Response(out, ch, request.method().equals("HEAD"), sending);
        boolean close = !keepAlive || hasBody || stopping; // bodies are never read: close instead of draining them
        if (close) {
            response.header("Connection", "close");
        }
        if (stopping) {
            response.send(503, "application/json", RegistryError.UNAVAILABLE.body(STOPPING).getBytes(StandardCharsets.UTF_8));
            return false;
        }
        handler.handle(request, response);
        if (!response.sent()) {
            simple(out, 500, "no response");
            return false;
        }
        out.flush();
        return !close && !stopping;
    }

    private static boolean keepAlive(Request r) {
        String conn = r.header("connection");
        return conn == null || !conn.toLowerCase(Locale.ROOT).contains("close");
    }

    private static void simple(OutputStream out, int status, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 206 -> "Partial Content";
            case 307 -> "Temporary Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 414 -> "URI Too Long";
            case 416 -> "Range Not Satisfiable";
            case 431 -> "Request Header Fields Too Large";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> status >= 500 ? "Server Error" : "Status";
        };
    }

    /**
     * Stops taking connections and closes those waiting for a request; requests already being read
     * or handled still get an answer (503 for any handled from now on).
     */
    void stop() {
        stopping = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        slots.closeWaiting();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code millis} for answers in progress, then closes whatever is left. */
    void drain(long millis) {
        try {
            slots.awaitEmpty(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public void close() {
        stop();
        slots.close();
        threads.shutdownNow();
    }
}
