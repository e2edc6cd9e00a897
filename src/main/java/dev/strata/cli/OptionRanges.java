package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.compose.Recipe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The ranges numeric options accept, checked before any work starts. Picocli only knows that a
 * value is an int; a negative limit, a zero timeout or a thousand-year wait would otherwise reach
 * code that throws an internal error (a zero Duration is refused by java.net.http) or behaves
 * absurdly. Each refusal is one sentence naming the option, the value and what to give instead.
 *
 * <p>Every numeric option has its {@link Range} here, by name, so that a value too big for an int
 * ({@code --max-layers 99999999999999999999}), which picocli refuses before the command sees it,
 * gets the same sentence as one merely out of range ({@link #overflow}), not "is not an int".
 */
final class OptionRanges {
    /** A network wait longer than a day is a hang by another name. */
    static final long MAX_NETWORK_SECONDS = 86_400;
    /** Builds of a large package set can take many hours; a week is beyond any. */
    static final long MAX_BUILD_SECONDS = 7 * 86_400L;

    /** The values one option accepts, and the sentence that refuses the others. */
    record Range(String option, long min, long max, String advice) {
        /** {@code OPTION VALUE is out of range; ADVICE} (or {@code is negative} where 0 is the least). */
        String refusal(String typed) {
            boolean negative = typed.startsWith("-");
            return option + " " + typed + (negative && min == 0 ? " is negative" : " is out of range") + "; " + advice;
        }

        /** {@code value}, or the refusal when it is outside the range. */
        int check(int value) {
            if (value < min || value > max) {
                throw new StrataException(refusal(Integer.toString(value)));
            }
            return value;
        }

        /** {@code value} seconds, or {@code fallback} when not given. */
        Duration seconds(Integer value, Duration fallback) {
            return value == null ? fallback : Duration.ofSeconds(check(value));
        }
    }

    static final Range LIMIT = count("--limit", 1, 1_000_000, "results", 20);
    static final Range JOBS = count("--jobs", 1, 256, "requests in flight", 16);
    static final Range MAX_AGE = count("--max-age", 0, 36_500, "days", 30);
    static final Range NIX_TIMEOUT = seconds("--nix-timeout", MAX_BUILD_SECONDS);
    static final Range TIMEOUT = seconds("--timeout", MAX_NETWORK_SECONDS);
    static final Range BUILD_TIMEOUT = seconds("--build-timeout", MAX_BUILD_SECONDS);
    static final Range UPSTREAM_TIMEOUT = seconds("--upstream-timeout", MAX_NETWORK_SECONDS);
    static final Range MAX_BUILDS = count("--max-builds", 1, 1024, "builds at once", 2);
    static final Range QUEUE = count("--queue", 1, 100_000, "waiting builds", 32);
    static final Range MAX_CONNECTIONS = count("--max-connections", 1, 65_536, "connections", 256);
    static final Range MAX_CONNECTIONS_PER_CLIENT = count("--max-connections-per-client", 1, 65_536,
            "connections per client address", 32);
    /**
     * Only below 1 is refused by the option itself; above {@link Recipe#MAX_LAYERS_LIMIT} the recipe
     * (or plan --closure) refuses, with words for its case.
     */
    static final Range MAX_LAYERS = new Range("--max-layers", 1, Recipe.MAX_LAYERS_LIMIT, "choose 2 to "
            + Recipe.MAX_LAYERS_LIMIT + " (1 to " + Recipe.MAX_LAYERS_LIMIT + " with plan --closure)");

    /** Every range by its option's name: numeric options share a name only where they share a meaning. */
    static final Map<String, Range> BY_OPTION = byOption(LIMIT, JOBS, MAX_AGE, NIX_TIMEOUT, TIMEOUT, BUILD_TIMEOUT,
            UPSTREAM_TIMEOUT, MAX_BUILDS, QUEUE, MAX_CONNECTIONS, MAX_CONNECTIONS_PER_CLIENT, MAX_LAYERS);

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]+");

    private OptionRanges() {}

    private static Range count(String option, long min, long max, String unit, long example) {
        return new Range(option, min, max, "give " + min + " to " + max + " " + unit + ", e.g. " + option + " "
                + example);
    }

    private static Range seconds(String option, long max) {
        return count(option, 1, max, "seconds", Math.min(max, 60));
    }

    private static Map<String, Range> byOption(Range... ranges) {
        Map<String, Range> m = new LinkedHashMap<>();
        for (Range r : ranges) {
            m.put(r.option(), r);
        }
        return Map.copyOf(m);
    }

    /** Whether picocli parses this option's value as a whole number. */
    static boolean numeric(OptionSpec option) {
        Class<?> t = option.type();
        return t == int.class || t == Integer.class || t == long.class || t == Long.class || t == short.class
                || t == Short.class;
    }

    /**
     * The range sentence for a whole number picocli could not convert because it does not fit the
     * option's type (digits only, perhaps after a minus); empty for any other usage error, such as
     * a value that is not a number at all, which keeps picocli's words.
     */
    static Optional<String> overflow(CommandLine.ParameterException e) {
        if (!(e.getArgSpec() instanceof OptionSpec option) || !numeric(option) || e.getValue() == null) {
            return Optional.empty();
        }
        String typed = e.getValue().strip();
        if (!WHOLE_NUMBER.matcher(typed).matches()) {
            return Optional.empty();
        }
        Range range = BY_OPTION.get(option.longestName());
        boolean wide = option.type() == long.class || option.type() == Long.class;
        return Optional.of(range != null ? range.refusal(typed) : option.longestName() + " " + typed
                + " is out of range; give a whole number of at most " + (wide ? Long.MAX_VALUE : Integer.MAX_VALUE));
    }
}
