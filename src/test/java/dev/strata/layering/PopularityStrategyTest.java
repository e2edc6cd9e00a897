package dev.strata.layering;

import static dev.strata.layering.Fixture.names;
import static dev.strata.layering.Fixture.plan;
import static dev.strata.layering.Fixture.set;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.closure.Closure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The popularity contest example of nixpkgs' closure-graph.py, as PopularityStrategy's comment tells it. */
class PopularityStrategyTest {
    static Closure example() {
        return new Fixture()
                .add("A", 10, "B", "G")
                .add("B", 10, "C", "E")
                .add("C", 10, "D", "E")
                .add("D", 10, "F")
                .add("E", 10, "F")
                .add("F", 10)
                .add("G", 10)
                .closure();
    }

    @Test
    void contestScoresMatchTheHandComputation() {
        LayerPlan plan = plan("popularity", example(), Popularity.empty(), 10);
        assertEquals(List.of(set("F"), set("E"), set("D"), set("C"), set("B"), set("G"), set("A")), names(plan));
        assertEquals(List.of(9L, 5L, 4L, 3L, 2L, 2L, 1L), plan.layers().stream().map(Layer::rating).toList());
    }

    @Test
    void theBudgetMinusOneMostPopularAloneTheRestTogether() {
        assertEquals(List.of(set("F"), set("E"), set("A", "B", "C", "D", "G")),
                names(plan("popularity", example(), Popularity.empty(), 3)));
        assertEquals(List.of(set("A", "B", "C", "D", "E", "F", "G")),
                names(plan("popularity", example(), Popularity.empty(), 1)));
    }

    @Test
    void scoresBeyondALongAreExact() {
        // A ladder of diamonds doubles the number of chains at every step: 2^70 chains reach the bottom.
        Fixture f = new Fixture();
        int steps = 70;
        for (int i = 0; i < steps; i++) {
            f.add("top" + i, 1, "left" + i, "right" + i);
            f.add("left" + i, 1, "top" + (i + 1));
            f.add("right" + i, 1, "top" + (i + 1));
        }
        f.add("top" + steps, 1);
        LayerPlan plan = plan("popularity", f.closure(), Popularity.empty(), 2);
        assertEquals(set("top" + steps), names(plan).get(0));
        assertEquals(Long.MAX_VALUE, plan.layers().get(0).rating()); // saturated for display; ranking was exact
    }
}
