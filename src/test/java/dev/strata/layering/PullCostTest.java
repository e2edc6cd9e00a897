package dev.strata.layering;

import static dev.strata.layering.Fixture.path;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The example in PullCost's comment: held {a} {b} {c}, planned {a} {c} {d}. */
class PullCostTest {
    static Layer layer(String name, long size) {
        return Layer.of(List.of(path(name)), size, "");
    }

    @Test
    void byDigestEveryLayerPresentIsReusedByChainOnlyTheSamePrefix() {
        PreviousPlan held = new PreviousPlan("held", List.of(List.of(path("a")), List.of(path("b")),
                List.of(path("c"))));
        LayerPlan plan = new LayerPlan("strata", 10, List.of(layer("a", 100), layer("c", 20), layer("d", 3)));
        PullCost cost = PullCost.of(plan, held);
        assertEquals(List.of(true, true, false), cost.layers().stream().map(PullCost.LayerCost::reusedByDigest).toList());
        assertEquals(List.of(true, false, false), cost.layers().stream().map(PullCost.LayerCost::reusedByChain).toList());
        assertEquals(3, cost.byDigest());
        assertEquals(23, cost.byChain());
        assertEquals(List.of(0L, 20L, 3L), cost.layers().stream().map(PullCost.LayerCost::pulledByChain).toList());
    }

    @Test
    void aLayerIsTheSameOnlyWithExactlyTheSamePaths() {
        PreviousPlan held = new PreviousPlan("held", List.of(List.of(path("a"), path("b"))));
        LayerPlan plan = new LayerPlan("strata", 10, List.of(Layer.of(List.of(path("b"), path("a")), 5, ""),
                layer("a", 4)));
        PullCost cost = PullCost.of(plan, held);
        assertEquals(4, cost.byDigest());
        assertEquals(4, cost.byChain());
        PullCost none = PullCost.of(plan, new PreviousPlan("nothing", List.of()));
        assertEquals(9, none.byDigest());
        assertEquals(9, none.byChain());
    }
}
