package dev.strata.layering;

import dev.strata.StrataException;
import java.util.List;
import java.util.stream.Collectors;

/** The layering strategies by name; {@link #DEFAULT} is the winner of the sharing benchmark. */
public final class Strategies {
    /** The strategy used when none is named: see docs/layering.md for the benchmark that chose it. */
    public static final String DEFAULT = "strata";

    private static final List<LayeringStrategy> ALL = List.of(new StrataStrategy(), new NixeryStrategy(),
            new PopularityStrategy(), new SizeStrategy());

    private Strategies() {}

    /** Every strategy, the default first. */
    public static List<LayeringStrategy> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(LayeringStrategy::name).toList();
    }

    public static LayeringStrategy defaultStrategy() {
        return byName(DEFAULT);
    }

    /** The named strategy; null or blank means the default. */
    public static LayeringStrategy byName(String name) {
        if (name == null || name.isBlank()) {
            return defaultStrategy();
        }
        String wanted = name.strip();
        for (LayeringStrategy s : ALL) {
            if (s.name().equalsIgnoreCase(wanted)) {
                return s;
            }
        }
        throw new StrataException("unknown layering strategy '" + name + "'; choose one of "
                + ALL.stream().map(LayeringStrategy::name).collect(Collectors.joining(", "))
                + " (default " + DEFAULT + ")");
    }
}
