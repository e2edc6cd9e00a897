package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.strata.Choice;
import java.time.Instant;

/**
 * The creation time an image config records: the epoch, the default, keeps builds reproducible
 * (the same recipe gives the same digest); now records the current second.
 */
public enum CreationTime implements Choice {
    EPOCH("epoch"),
    NOW("now");

    private final String id;

    CreationTime(String id) {
        this.id = id;
    }

    /** epoch or now, as written by {@code --created} and in recipes. */
    @Override
    @JsonValue
    public String id() {
        return id;
    }

    /** The instant to record. */
    public Instant instant() {
        return this == NOW ? Instant.now() : Instant.EPOCH;
    }
}
