package dev.strata.layering;

import static dev.strata.layering.Fixture.names;
import static dev.strata.layering.Fixture.plan;
import static dev.strata.layering.Fixture.set;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.closure.Closure;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The worked example of Nixery's builder/layers.go, at every budget its comment lists. */
class NixeryStrategyTest {
    static final long MB = 1_000_000;

    /**
     * A, B, C reference E; C references D; D references F and G. Requested: A, B, C, D. G is big
     * (closure 300 MB), E is popular (100). Ratings (popularity x closure sizes, MB): A 6, B 6,
     * C 317, {D,F} 321, E 500, G 2 x 300 = 600.
     */
    static Closure example() {
        return new Fixture()
                .add("A", MB, "E")
                .add("B", MB, "E")
                .add("C", MB, "E", "D")
                .add("D", MB, "F", "G")
                .add("E", 5 * MB)
                .add("F", 10 * MB)
                .add("G", 300 * MB)
                .roots("A", "B", "C", "D")
                .closure();
    }

    static final Popularity POPULARITY = Popularity.of(Map.of("E", 100L, "G", 2L));

    static List<Set<String>> layers(int budget) {
        return names(plan("nixery", example(), POPULARITY, budget));
    }

    static Set<Set<String>> asSets(List<Set<String>> layers) {
        return new HashSet<>(layers);
    }

    @Test
    void budgetOneIsOneLayer() {
        assertEquals(List.of(set("A", "B", "C", "D", "E", "F", "G")), layers(1));
    }

    @Test
    void budgetTwoSplitsOffTheBigPath() {
        assertEquals(Set.of(set("G"), set("A", "B", "C", "D", "E", "F")), asSets(layers(2)));
        // Manifest order by rating: the merged layer (1150) above... below G (600) in the stack.
        assertEquals(List.of(set("A", "B", "C", "D", "E", "F"), set("G")), layers(2));
    }

    @Test
    void budgetThreeAlsoSplitsOffThePopularPath() {
        assertEquals(Set.of(set("G"), set("E"), set("A", "B", "C", "D", "F")), asSets(layers(3)));
        assertEquals(List.of(set("A", "B", "C", "D", "F"), set("G"), set("E")), layers(3));
    }

    @Test
    void budgetFourKeepsTheDominatedSubtreeOfD() {
        assertEquals(Set.of(set("G"), set("E"), set("D", "F"), set("A", "B", "C")), asSets(layers(4)));
        assertEquals(List.of(set("G"), set("E"), set("A", "B", "C"), set("D", "F")), layers(4));
    }

    @Test
    void budgetTenMergesNothing() {
        // Nixery's comment lists { E }, { D, F }, { A }, { B }, { C } and forgets { G }.
        assertEquals(Set.of(set("G"), set("E"), set("D", "F"), set("A"), set("B"), set("C")), asSets(layers(10)));
        List<Set<String>> l = layers(10);
        assertEquals(List.of(set("G"), set("E"), set("D", "F"), set("C")), l.subList(0, 4));
    }

    @Test
    void ratingsAreRecordedPerLayer() {
        LayerPlan plan = plan("nixery", example(), POPULARITY, 10);
        assertEquals(List.of(600 * MB, 500 * MB, 321 * MB, 317 * MB, 6 * MB, 6 * MB),
                plan.layers().stream().map(Layer::rating).toList());
        assertEquals(List.of(300 * MB, 5 * MB, 11 * MB, MB, MB, MB),
                plan.layers().stream().map(Layer::narSize).toList());
    }

    @Test
    void nssCacertAndIanaEtcAreForcedPopular() {
        // Two tiny unreferenced-elsewhere paths under one root: forced popularity makes them top-level.
        Closure c = new Fixture()
                .add("app", MB, "nss-cacert-3.98", "lib")
                .add("nss-cacert-3.98", MB)
                .add("lib", MB)
                .roots("app")
                .closure();
        assertEquals(Set.of(set("app", "lib"), set("nss-cacert-3.98")),
                asSets(names(plan("nixery", c, Popularity.empty(), 10))));
    }
}
