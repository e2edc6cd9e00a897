package dev.strata.output.registry;

import dev.strata.output.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;

/**
 * The body of a registry's answer to a GET, as it arrives: on 200 written to the caller's stream
 * while it is hashed and counted, and cut off (the exchange fails) at the first byte beyond
 * {@code limit}, so a registry that sends more than the manifest said cannot fill the disk; any
 * other answer kept in memory up to 64 KiB for its error message. The caller compares the count and
 * digest with what it expected.
 */
final class Download implements HttpResponse.BodySubscriber<Download.Result> {
    static final int MAX_ERROR_BODY = 64 << 10;

    /** What arrived: bytes and their sha256 ({@code sha256:HEX}) for a 200, else the error body. */
    record Result(long count, String digest, byte[] errorBody) { }

    /** The body went past its limit: the registry sent more than it should have. */
    static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        TooLong(long limit) {
            super("more than " + limit + " bytes");
        }
    }

    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private final OutputStream sink;
    private final long limit;
    private final LongConsumer progress;
    private final MessageDigest sha = Digests.newSha256();
    private final ByteArrayOutputStream error;
    private Flow.Subscription subscription;
    private long count;

    private Download(OutputStream sink, long limit, LongConsumer progress) {
        this.sink = sink;
        this.limit = limit;
        this.progress = progress;
        this.error = sink == null ? new ByteArrayOutputStream() : null;
    }

    /**
     * A handler that writes a 200 body into {@code sink} (at most {@code limit} bytes, reporting the
     * running count) and keeps any other body for the error message.
     */
    static HttpResponse.BodyHandler<Result> to(OutputStream sink, long limit, LongConsumer progress) {
        return info -> new Download(info.statusCode() == 200 ? sink : null,
                info.statusCode() == 200 ? limit : MAX_ERROR_BODY, progress);
    }

    @Override
    public CompletionStage<Result> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        try {
            for (ByteBuffer b : items) {
                int n = b.remaining();
                if (count + n > limit) {
                    if (error != null) {
                        n = (int) (limit - count); // an error body is only quoted: keep its start
                    } else {
                        throw new TooLong(limit);
                    }
                }
                byte[] bytes = new byte[n];
                b.get(bytes);
                if (error != null) {
                    error.write(bytes);
                } else {
                    sha.update(bytes);
                    sink.write(bytes);
                    progress.accept(count + n);
                }
                count += n;
            }
            subscription.request(1);
        } catch (IOException | RuntimeException e) {
            subscription.cancel();
            result.completeExceptionally(e);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(error != null ? new Result(count, null, error.toByteArray())
                : new Result(count, "sha256:" + HexFormat.of().formatHex(sha.digest()), null));
    }
}
