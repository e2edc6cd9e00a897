package dev.strata.output.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BlobPusherTest {
    @Test
    void rangeHeaderGivesTheNextOffset() {
        assertEquals(1024, BlobPusher.nextOffset("0-1023"));
        assertEquals(1024, BlobPusher.nextOffset("bytes=0-1023"));
        assertEquals(0, BlobPusher.nextOffset("garbage"));
    }

    @Test
    void backoffDoublesUpToItsCeiling() {
        RetryPolicy p = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(2));

        assertEquals(Duration.ofMillis(500), p.delayBefore(2));
        assertEquals(Duration.ofMillis(1000), p.delayBefore(3));
        assertEquals(Duration.ofMillis(2000), p.delayBefore(4));
        assertEquals(Duration.ofMillis(2000), p.delayBefore(6));
    }
}
