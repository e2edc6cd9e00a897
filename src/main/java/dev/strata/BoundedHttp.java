package dev.strata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * HTTP exchanges with servers Strata does not control (registries, token servers, binary caches,
 * popularity URLs), bounded in time and size. java.net.http's request timeout ends when the
 * answer's headers arrive: a server that sends headers and then stalls, or trickles its body a
 * byte at a time, would hold the caller for ever (measured: a stalled body blocked {@code send} past
 * a 2 s timeout until the test gave up at 20 s). Here the whole answer, body included, must
 * arrive within the deadline, and a body larger than the cap ends the exchange instead of filling
 * the heap. Also: the one check of an http(s) URL a user typed (scheme, host, port 1-65535).
 */
public final class BoundedHttp {
    private BoundedHttp() {}

    /**
     * Sends {@code request} and waits at most {@code deadline} for the whole answer.
     *
     * @throws HttpTimeoutException when the answer is not complete in time (the exchange is aborted)
     * @throws IOException when the connection fails or the body exceeds {@code maxBody} bytes
     */
    public static HttpResponse<byte[]> send(HttpClient client, HttpRequest request, Duration deadline, long maxBody)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(request, info -> new CappedBody(maxBody));
        try {
            return answer.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true); // aborts the exchange: the connection is closed
            throw new HttpTimeoutException("no complete answer within " + deadline.toSeconds() + " s");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(cause);
        }
    }

    /**
     * Ends the selector threads of every java.net.http client in this JVM, for a process about to
     * exit: the JVM's exit waits at least 300 ms for any thread blocked in native code (HotSpot's
     * {@code VM_Exit::wait_for_threads_in_native_to_block}), and a client's selector thread sits in
     * {@code epoll_wait} for as long as the client lives (Java 17 has no {@code HttpClient.close}).
     * Measured: every command that had spoken HTTP took 0.30 to 0.37 s longer to exit, a third of
     * a re-push. An interrupted selector thread leaves its loop and closes the client's
     * connections; a client used after this fails, so call it only on the way out.
     *
     * @return how many selector threads were still running when it returned
     */
    public static int stopClientsBeforeExit() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        List<Thread> selectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (SELECTOR_THREAD.matcher(threads[i].getName()).matches()) {
                threads[i].interrupt();
                selectors.add(threads[i]);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        int running = 0;
        for (Thread t : selectors) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running += t.isAlive() ? 1 : 0;
        }
        return running;
    }

    /** How java.net.http names a client's selector thread (jdk.internal.net.http.HttpClientImpl). */
    private static final Pattern SELECTOR_THREAD = Pattern.compile("HttpClient-\\d+-SelectorManager");

    /**
     * An http(s) URL a person gave (on the command line, in a recipe): parsed, with a host and a
     * port from 1 to 65535, or a {@link StrataException} naming {@code what} and the text.
     */
    public static URI httpUrl(String text, String what) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new StrataException(what + " '" + text + "' is not a valid URL (" + e.getMessage()
                    + "); write e.g. https://example.org/path");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new StrataException(what + " '" + text + "' is not an http(s) URL; write e.g. https://example.org/path");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new StrataException(what + " '" + text + "' names no host; write e.g. https://example.org/path");
        }
        checkPort(uri.getPort(), what + " '" + text + "'");
        return uri;
    }

    /** A port from 1 to 65535 (or -1: none given), else a sentence naming {@code where}. */
    public static void checkPort(int port, String where) {
        if (port == 0 || port > 65535 || port < -1) {
            throw new StrataException(where + " has port " + port + ", which does not exist; ports go from 1 to 65535");
        }
    }

    /** Collects the body up to a cap; past it, the exchange fails (and the connection is dropped). */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        CappedBody(long max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (bytes.size() + (long) b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("the answer is larger than " + max
                            + " bytes, more than any answer to this request should be"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
