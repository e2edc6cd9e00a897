package dev.strata.serve;

import java.time.Duration;

/**
 * How many client connections the registry server keeps and how long each may take; the reasons
 * for the defaults are in {@link ConnectionSlots}.
 *
 * @param maxConnections connections open at once (one thread each)
 * @param maxPerClient   connections one client address (an IPv6 /64) may hold at once
 * @param header         time to receive a request line and headers, however slowly they come
 * @param idle           time a kept-alive connection may wait for its next request
 * @param send           time each {@link ConnectionSlots#SEND_CHUNK} bytes of an answer may take to leave
 */
public record ConnectionLimits(int maxConnections, int maxPerClient, Duration header, Duration idle, Duration send) {
    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(256, 64, Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofSeconds(30));

    public ConnectionLimits {
        if (maxConnections < 1 || maxPerClient < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
    }

    public ConnectionLimits withConnections(int max, int perClient) {
        return new ConnectionLimits(max, perClient, header, idle, send);
    }

    public ConnectionLimits withDeadlines(Duration headerDeadline, Duration idleDeadline) {
        return new ConnectionLimits(maxConnections, maxPerClient, headerDeadline, idleDeadline, send);
    }
}
