package dev.strata.layering;

import static dev.strata.layering.Fixture.names;
import static dev.strata.layering.Fixture.plan;
import static dev.strata.layering.Fixture.set;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.closure.Closure;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The example in SizeStrategy's opening comment. */
class SizeStrategyTest {
    static final long MB = 1_000_000;

    static Closure example() {
        return new Fixture()
                .add("app", MB, "python", "libssl")
                .add("python", 60 * MB, "libc", "libffi")
                .add("libssl", 4 * MB, "libc")
                .add("libc", 30 * MB)
                .add("libffi", 200_000)
                .closure();
    }

    @Test
    void largestPathsBecomeRootsWhileTheLayersFit() {
        assertEquals(List.of(set("libc"), set("python", "libffi"), set("libssl"), set("app")),
                names(plan("size", example(), Popularity.empty(), 4)));
    }

    @Test
    void smallBudgetsTakeFewerRoots() {
        assertEquals(List.of(set("python", "libc", "libffi"), set("app", "libssl")),
                names(plan("size", example(), Popularity.empty(), 2)));
        assertEquals(List.of(set("app", "python", "libssl", "libc", "libffi")),
                names(plan("size", example(), Popularity.empty(), 1)));
    }

    @Test
    void dependenciesOfSeveralRootsGetALayerOfTheirOwn() {
        // With budget 5 every path can be a root except where a shared layer would be needed.
        List<Set<String>> layers = names(plan("size", example(), Popularity.empty(), 5));
        assertEquals(set("libc"), layers.get(0));
        assertEquals(5, layers.stream().mapToInt(Set::size).sum());
    }
}
