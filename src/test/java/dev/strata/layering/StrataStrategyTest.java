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
            "python", 300L, "libc", 900L, "libffi", 40L, "zlib", 500L, "app-data", 1L, "model", 1L));

    static Fixture packages(String app) {
        return new Fixture()
                .add(app, 5 * MB, "python", "app-data", "model")
                .add("app-data", 2 * MB)
                .add("model", 80 * MB)
                .add("python", 60 * MB, "libc", "libffi")
                .add("libffi", 200_000, "libc")
                .add("libc", 30 * MB)
                .add("tool", MB, "libc", "zlib")
                .add("zlib", 100_000, "libc");
    }

    static Closure appAndTool() {
        return packages("app").roots("app", "tool").closure();
    }

    @Test
    void withEnoughBudgetEveryUnitIsALayerStackedRootByRootWithTheRootsOnTop() {
        List<Set<String>> expected = List.of(set("libc"), set("python"), set("model"), set("libffi"), set("zlib"),
                set("app", "app-data"), set("tool"));
        for (int budget : new int[] {7, 8, 100}) {
            assertEquals(expected, names(plan("strata", appAndTool(), POPULARITY, budget)), "budget " + budget);
        }
    }

    @Test
    void overBudgetTheLargestUnitsStayAloneTheBaseSharesALayerAndTheRootsShareTheTop() {
        assertEquals(List.of(set("libc"), set("python"), set("model"), set("libffi", "zlib"),
                        set("app", "app-data", "tool")),
                names(plan("strata", appAndTool(), POPULARITY, 5)));
    }

    @Test
    void overBudgetAUnitLessPopularThanTheSquareRootOfTheHighestGoesToTheOtherSharedLayer() {
        Map<String, Long> counts = new java.util.HashMap<>(POPULARITY.asMap());
        counts.put("libffi", 20L); // below sqrt(900) = 30
        assertEquals(List.of(set("python"), set("model"), set("libc", "zlib"), set("libffi"),
                        set("app", "app-data", "tool")),
                names(plan("strata", appAndTool(), Popularity.of(counts), 5)));
    }

    @Test
    void withABudgetUnderThreeTheSharedLayersMerge() {
        assertEquals(List.of(set("libc", "python", "model", "libffi", "zlib"), set("app", "app-data", "tool")),
                names(plan("strata", appAndTool(), POPULARITY, 2)));
        assertEquals(List.of(set("libc", "python", "model", "libffi", "zlib", "app", "app-data", "tool")),
                names(plan("strata", appAndTool(), POPULARITY, 1)));
    }

    @Test
    void anApplicationUpdateCostsOnlyTheRootsUnit() {
        LayerPlan before = plan("strata", appAndTool(), POPULARITY, 7);
        LayerPlan after = plan("strata", packages("app2").roots("app2", "tool").closure(), POPULARITY, 7);
        PullCost cost = PullCost.of(after, PreviousPlan.of("before", before));
        assertEquals(7 * MB, cost.byDigest());
        assertEquals(8 * MB, cost.byChain());
        LayerPlan before5 = plan("strata", appAndTool(), POPULARITY, 5);
        LayerPlan after5 = plan("strata", packages("app2").roots("app2", "tool").closure(), POPULARITY, 5);
        PullCost cost5 = PullCost.of(after5, PreviousPlan.of("before", before5));
        assertEquals(8 * MB, cost5.byDigest());
        assertEquals(8 * MB, cost5.byChain());
    }

    @Test
    void anImageOfTheFirstRootAloneSharesTheStackBelowTheRoots() {
        LayerPlan app = plan("strata", appAndTool().restrictTo(List.of(Fixture.path("app"))), POPULARITY, 100);
        LayerPlan both = plan("strata", appAndTool(), POPULARITY, 100);
        assertEquals(List.of(set("libc"), set("python"), set("model"), set("libffi"), set("app", "app-data")),
                names(app));
        assertEquals(app.layers().subList(0, 4).stream().map(Layer::key).toList(),
                both.layers().subList(0, 4).stream().map(Layer::key).toList());
    }

    @Test
    void ratingsAreSizeTimesPopularity() {
        LayerPlan plan = plan("strata", appAndTool(), POPULARITY, 7);
        assertEquals(List.of(30 * MB * 900, 60 * MB * 300, 80 * MB, 200_000L * 40, 100_000L * 500, 7 * MB, MB),
                plan.layers().stream().map(Layer::rating).toList());
    }

    @Test
    void withoutPopularityDataNoPathJoinsAnother() {
        List<Set<String>> layers = names(plan("strata", appAndTool(), Popularity.empty(), 100));
        assertEquals(8, layers.size());
        assertEquals(set("model"), layers.get(0)); // by size alone: model (80) above python (60)
        assertEquals(List.of(set("app"), set("tool")), layers.subList(6, 8));
    }
}
