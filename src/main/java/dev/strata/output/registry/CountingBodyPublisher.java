package dev.strata.output.registry;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;

/** A body publisher that reports the running total of bytes handed to the connection. */
final class CountingBodyPublisher implements HttpRequest.BodyPublisher {
    private final HttpRequest.BodyPublisher delegate;
    private final long startAt;
    private final LongConsumer total;

    /** @param startAt bytes already sent before this body (a chunked upload's offset) */
    CountingBodyPublisher(HttpRequest.BodyPublisher delegate, long startAt, LongConsumer total) {
        this.delegate = delegate;
        this.startAt = startAt;
        this.total = total;
    }

    @Override
    public long contentLength() {
        return delegate.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> downstream) {
        delegate.subscribe(new Flow.Subscriber<ByteBuffer>() {
            private long sent = startAt;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                downstream.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer item) {
                int n = item.remaining();
                downstream.onNext(item);
                sent += n;
                total.accept(sent);
            }

            @Override
            public void onError(Throwable throwable) {
                downstream.onError(throwable);
            }

            @Override
            public void onComplete() {
                downstream.onComplete();
            }
        });
    }
}
