package dev.strata.output.registry;

import java.time.Duration;

/**
 * How often an idempotent registry step is tried, and how long to wait between tries: the delay
 * doubles from {@code firstDelay} up to {@code maxDelay}. With 4 attempts and 0.5 s the waits are
 * 0.5 s, 1 s, 2 s: about 3.5 s of patience before the error is reported.
 */
public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** The wait before attempt {@code attempt} (2 = the first retry). */
    public Duration delayBefore(int attempt) {
        long millis = firstDelay.toMillis() << Math.min(20, Math.max(0, attempt - 2));
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }
}
