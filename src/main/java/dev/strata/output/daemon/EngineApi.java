package dev.strata.output.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.output.TarBodyWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The few Docker Engine API calls a load needs, each one HTTP/1.1 request written by hand on a
 * fresh connection ({@code Connection: close}): {@code GET /_ping}, {@code POST /images/load} with
 * the tar streamed as a chunked body, and {@code GET /images/NAME/json} for the image ID.
 * Unversioned paths: the daemon answers in its own API version (dockerd 20.10+ and podman 4 agree
 * on these three).
 */
final class EngineApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_BUFFER = 1 << 20;
    /** A daemon's message is quoted up to this length in an error sentence. */
    private static final int MAX_MESSAGE = 300;

    /**
     * How fast a daemon is assumed to unpack what it was sent, at the slowest, before it answers a
     * load: dockerd answers {@code quiet} loads only when every layer is in, so a 1 GiB image may
     * take minutes of silence. The wait for the answer grows by 1 s per 4 MiB sent.
     */
    static final long UNPACK_BYTES_PER_SECOND = 4L << 20;

    private final DockerHost host;
    private final Duration timeout;

    /** @param timeout the longest any step may go without progress (connect, send, answer) */
    EngineApi(DockerHost host, Duration timeout) {
        this.host = host;
        this.timeout = timeout;
    }

    DockerHost host() {
        return host;
    }

    /** Connects and sends {@code GET /_ping}; throws the raw I/O error when nothing answers. */
    EngineResponse ping() throws IOException {
        return exchange("GET", "/_ping", null, null, n -> { });
    }

    /** The lines of {@code POST /images/load}'s JSON-lines answer: names loaded, or the daemon's error. */
    LoadAnswer load(TarBodyWriter tar, LongConsumer sent) throws IOException {
        EngineResponse r = exchange("POST", "/images/load?quiet=1", "application/x-tar", tar, sent);
        LoadAnswer answer = LoadAnswer.parse(r.body());
        if (r.status() != 200 && answer.error() == null) {
            return new LoadAnswer(answer.loaded(), answer.imageIds(), errorMessage(r));
        }
        return answer;
    }

    /** The image ID of {@code name}, or null when the daemon does not know it. */
    String imageId(String name) throws IOException {
        if (!name.matches("[A-Za-z0-9._/:@-]{1,255}")) {
            return null; // not a name the daemon could have given: it does not go into a request line
        }
        EngineResponse r = exchange("GET", "/images/" + name + "/json", null, null, n -> { });
        if (r.status() != 200) {
            return null;
        }
        JsonNode id = JSON.readTree(r.body()).path("Id");
        return id.isTextual() ? EngineResponse.shown(id.asText()) : null;
    }

    /** {@code GET /images/NAME/json}: the daemon's description of an image (404 when it has none). */
    EngineResponse inspectImage(String name) throws IOException {
        return exchange("GET", "/images/" + name + "/json", null, null, n -> { });
    }

    /**
     * {@code GET /images/NAME/get}: the image as a docker-archive, its body streamed into {@code sink}
     * as it arrives ({@code received} hears the running count). Returns the answer with an empty body
     * on 200, else with the daemon's error.
     */
    EngineResponse saveImage(String name, OutputStream sink, LongConsumer received) throws IOException {
        try (EngineConnection c = EngineConnection.open(host, timeout)) {
            c.out().write(("GET /images/" + name + "/get HTTP/1.1\r\nHost: "
                    + (host.isUnix() ? "docker" : host.uri().getHost() + ":" + host.uri().getPort())
                    + "\r\nUser-Agent: strata\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            c.out().flush();
            c.awaitStream();
            InputStream in = new BufferedInputStream(c.in(), 1 << 16);
            EngineResponse.Head head = EngineResponse.readHead(in);
            if (head.status() != 200) {
                return EngineResponse.read(head, in);
            }
            long total = 0;
            byte[] buf = new byte[1 << 16];
            try (InputStream body = EngineResponse.body(head, in)) {
                for (int n; (n = body.read(buf)) >= 0; ) {
                    sink.write(buf, 0, n);
                    total += n;
                    received.accept(total);
                }
            }
            return new EngineResponse(200, head.headers(), new byte[0]);
        }
    }

    private EngineResponse exchange(String method, String path, String contentType, TarBodyWriter body,
                                    LongConsumer sent) throws IOException {
        try (EngineConnection c = EngineConnection.open(host, timeout)) {
            OutputStream raw = c.out();
            StringBuilder head = new StringBuilder()
                    .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host.isUnix() ? "docker" : host.uri().getHost() + ":" + host.uri().getPort())
                    .append("\r\n")
                    .append("User-Agent: strata\r\n")
                    .append("Connection: close\r\n");
            if (body != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n")
                        .append("Transfer-Encoding: chunked\r\n");
            }
            head.append("\r\n");
            raw.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            IOException sendFailure = null;
            long[] bodyBytes = {0};
            if (body != null) {
                ChunkedOutputStream chunked = new ChunkedOutputStream(raw);
                try {
                    BufferedOutputStream buffered = new BufferedOutputStream(new Counting(chunked, n -> {
                        bodyBytes[0] = n;
                        sent.accept(n);
                    }), BODY_BUFFER);
                    body.writeTo(buffered);
                    buffered.flush();
                    chunked.finish();
                } catch (SocketTimeoutException e) {
                    throw e; // the daemon stopped reading and the connection is closed: nothing to read
                } catch (IOException e) {
                    // The daemon may have stopped reading to answer with an error: read that first.
                    sendFailure = e;
                }
            } else {
                raw.flush();
            }
            c.awaitAnswer(Duration.ofSeconds(bodyBytes[0] / UNPACK_BYTES_PER_SECOND));
            try {
                return EngineResponse.read(new BufferedInputStream(c.in(), 1 << 16));
            } catch (IOException e) {
                if (sendFailure != null) {
                    sendFailure.addSuppressed(e);
                    throw sendFailure;
                }
                throw e;
            }
        }
    }

    static String errorMessage(EngineResponse r) {
        try {
            JsonNode n = JSON.readTree(r.body());
            String m = n == null ? null : n.path("message").asText(null);
            if (m != null) {
                return EngineResponse.shown(m, MAX_MESSAGE);
            }
        } catch (IOException notJson) {
            // use the text
        }
        String text = r.bodyText().strip();
        return "HTTP " + r.status() + (text.isEmpty() ? "" : ": " + EngineResponse.shown(text, MAX_MESSAGE));
    }

    /** The parsed answer of a load: names and IDs the daemon reported, or its error. */
    record LoadAnswer(List<String> loaded, List<String> imageIds, String error) {
        static LoadAnswer parse(byte[] body) {
            List<String> loaded = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            String error = null;
            try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(body)) {
                while (it.hasNextValue()) {
                    JsonNode n = it.nextValue();
                    if (n.hasNonNull("errorDetail") || n.hasNonNull("error")) {
                        error = EngineResponse.shown(n.path("errorDetail").path("message")
                                .asText(n.path("error").asText("")), MAX_MESSAGE);
                        continue;
                    }
                    for (String line : n.path("stream").asText("").split("\n")) {
                        String l = line.strip();
                        if (l.startsWith("Loaded image ID: ")) {
                            ids.add(EngineResponse.shown(l.substring("Loaded image ID: ".length()), MAX_MESSAGE));
                        } else if (l.startsWith("Loaded image: ")) {
                            for (String name : l.substring("Loaded image: ".length()).split(",")) {
                                loaded.add(EngineResponse.shown(name, MAX_MESSAGE));
                            }
                        } else if (l.startsWith("Loaded image(s): ")) {
                            for (String name : l.substring("Loaded image(s): ".length()).split(",")) {
                                loaded.add(EngineResponse.shown(name, MAX_MESSAGE));
                            }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (loaded.isEmpty() && ids.isEmpty() && error == null) {
                    String text = new String(body, StandardCharsets.UTF_8).strip();
                    error = text.isEmpty() ? null : "unexpected answer: " + EngineResponse.shown(text, MAX_MESSAGE);
                }
            }
            return new LoadAnswer(loaded, ids, error);
        }
    }

    /** Counts bytes on their way into the chunk writer. */
    private static final class Counting extends FilterOutputStream {
        private final LongConsumer sent;
        private long total;

        Counting(OutputStream out, LongConsumer sent) {
            super(out);
            this.sent = sent;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            total += len;
            sent.accept(total);
        }

        @Override
        public void close() {
            // the chunk writer is finished by the caller, never closed through the tar writer
        }
    }
}
