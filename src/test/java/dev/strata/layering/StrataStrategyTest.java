package dev.strata.layering;

import static dev.strata.layering.Fixture.names;
import static dev.strata.layering.Fixture.plan;
import static dev.strata.layering.Fixture.set;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.closure.Closure;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The worked example in StrataStrategy's opening comment. */
class StrataStrategyTest {
    static final long MB = 1_000_000;
    static final Popularity POPULARITY = Popularity.of(Map.of(
            "python", 300L, "libc", 900L, "libffi", 40L, "zlib", 500L, "app-data", 1L));

    static Fixture packages() {
        return new Fixture()
                .add("app", 5 * MB, "python", "app-data")
                .add("app-data", 2 * MB)
                .add("python", 60 * MB, "libc", "libffi")
                .add("libffi", 200_000, "libc")
                .add("libc", 30 * MB)
                .add("tool", MB, "libc", "zlib")
                .add("zlib", 100_000, "libc");
    }

    static Closure appAndTool() {
        return packages().roots("app", "tool").closure();
    }

    @Test
    void withEnoughBudgetEveryUnitIsALayerStackedRootByRoot() {
        List<Set<String>> expected = List.of(set("libc"), set("python"), set("libffi"), set("app", "app-data"),
                set("zlib"), set("tool"));
        for (int budget : new int[] {6, 7, 100}) {
            assertEquals(expected, names(plan("strata", appAndTool(), POPULARITY, budget)), "budget " + budget);
        }
    }

    @Test
    void overBudgetTheLargestUnitsStayAloneAndTheRestGoesOnTop() {
        assertEquals(List.of(set("libc"), set("python"), set("app", "app-data"), set("libffi", "tool", "zlib")),
                names(plan("strata", appAndTool(), POPULARITY, 4)));
    }

    @Test
    void anImageOfTheFirstRootAloneIsAPrefixOfTheCombinedStack() {
        LayerPlan app = plan("strata", appAndTool().restrictTo(java.util.List.of(Fixture.path("app"))), POPULARITY, 100);
        LayerPlan both = plan("strata", appAndTool(), POPULARITY, 100);
        assertEquals(4, app.layers().size());
        assertEquals(app.layers().stream().map(Layer::key).toList(),
                both.layers().subList(0, 4).stream().map(Layer::key).toList());
    }

    @Test
    void ratingsAreSizeTimesPopularity() {
        LayerPlan plan = plan("strata", appAndTool(), POPULARITY, 6);
        assertEquals(List.of(30 * MB * 900, 60 * MB * 300, 200_000L * 40, 7 * MB, 100_000L * 500, MB),
                plan.layers().stream().map(Layer::rating).toList());
    }

    @Test
    void withoutPopularityDataNoPathJoinsAnother() {
        List<Set<String>> layers = names(plan("strata", appAndTool(), Popularity.empty(), 100));
        assertEquals(7, layers.size());
        assertEquals(set("python"), layers.get(0)); // by size alone: python (60) above libc (30)
    }
}
