package dev.strata.cli;

import dev.strata.StrataException;
import java.time.Duration;

/**
 * The ranges numeric options accept, checked before any work starts. Picocli only knows that a
 * value is an int; a negative limit, a zero timeout or a thousand-year wait would otherwise reach
 * code that throws an internal error (a zero Duration is refused by java.net.http) or behaves
 * absurdly. Each refusal is one sentence naming the option, the value and what to give instead.
 */
final class OptionRanges {
    /** A network wait longer than a day is a hang by another name. */
    static final long MAX_NETWORK_SECONDS = 86_400;
    /** Builds of a large package set can take many hours; a week is beyond any. */
    static final long MAX_BUILD_SECONDS = 7 * 86_400L;

    private OptionRanges() {}

    /** {@code value} seconds (or {@code fallback} when not given), from 1 to {@code max}. */
    static Duration seconds(String option, Integer value, long max, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > max) {
            throw new StrataException(option + " " + value + " is out of range; give 1 to " + max + " seconds, e.g. "
                    + option + " " + Math.min(max, 60));
        }
        return Duration.ofSeconds(value);
    }

    /** A count from {@code min} to {@code max}. */
    static int count(String option, int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw new StrataException(option + " " + value + " is out of range; give " + min + " to " + max + " " + what);
        }
        return value;
    }
}
