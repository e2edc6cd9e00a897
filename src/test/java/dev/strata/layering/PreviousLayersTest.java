package dev.strata.layering;

import static dev.strata.layering.Fixture.names;
import static dev.strata.layering.Fixture.path;
import static dev.strata.layering.Fixture.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import dev.strata.closure.Closure;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** --previous: the example in PreviousLayers' comment, the budget rules and bad previous plans. */
class PreviousLayersTest {
    static final long MB = 1_000_000;

    static PreviousPlan previous(String... layers) {
        return new PreviousPlan("old", Arrays.stream(layers).map(l -> Arrays.stream(l.split(","))
                .map(Fixture::path).toList()).toList());
    }

    static LayerPlan plan(String strategy, Closure closure, int budget, PreviousPlan previous) {
        return Strategies.byName(strategy).plan(new PlanRequest(closure, Popularity.empty(), budget, List.of())
                .withPrevious(previous));
    }

    /** app2 (1) references python (60) and tool (0.5); python references libc (30); tool references libc. */
    static Closure updated() {
        return new Fixture().add("app2", MB, "python", "tool").add("python", 60 * MB, "libc")
                .add("tool", 500_000, "libc").add("libc", 30 * MB).closure();
    }

    @Test
    void theCommentsExampleValidLayersStayInOrderAndWhatChangedGoesOnTop() {
        // The size strategy alone makes {libc} {tool} {python} {app2}; the previous build had python
        // below libc, and that order is kept.
        LayerPlan fresh = Fixture.plan("size", updated(), Popularity.empty(), 10);
        assertEquals(List.of(set("libc"), set("tool"), set("python"), set("app2")), names(fresh));
        LayerPlan plan = plan("size", updated(), 10, previous("python", "libc", "app"));
        assertEquals(List.of(set("python"), set("libc"), set("tool"), set("app2")), names(plan));
        assertEquals("unchanged since the previous build (its layer 1)", plan.layers().get(0).reason());
        assertTrue(plan.layers().get(3).reason().startsWith("new since the previous build: "),
                plan.layers().get(3).reason());
        PullCost cost = PullCost.of(plan, previous("python", "libc", "app"));
        assertEquals(1_500_000, cost.byDigest());
        assertEquals(1_500_000, cost.byChain());
    }

    @Test
    void strataKeepsTheUnchangedBaseAndPutsTheUpdatedRootOnTop() {
        assertEquals(List.of(set("libc"), set("python"), set("tool"), set("app2")),
                names(plan("strata", updated(), 10, previous("libc", "python", "app"))));
    }

    @Test
    void aLayerWithAChangedPathIsRegroupedWithTheRestOfItsPaths() {
        // Previous {libc} {python, app}: app changed, so python leaves that layer and is regrouped.
        LayerPlan plan = plan("size", updated(), 10, previous("libc", "python,app"));
        assertEquals(set("libc"), names(plan).get(0));
        assertEquals(Set.of("libc", "python", "tool", "app2"),
                names(plan).stream().flatMap(Set::stream).collect(Collectors.toSet()));
        assertTrue(plan.layers().subList(1, plan.layers().size()).stream()
                .allMatch(l -> l.reason().startsWith("new since the previous build")));
    }

    @Test
    void theStrandedPathsOfABrokenLayerArePulledAgainAndNothingElseBeyondWhatChanged() {
        // Previous {libc} {python, app}: python is unchanged but the host holds it only in a layer
        // with app, which is gone; no plan of the new closure can reuse it, so by digest the host
        // pulls what changed (app2 1 MB, tool 0.5 MB) plus python (60 MB), and not one byte more.
        PreviousPlan previous = previous("libc", "python,app");
        for (String strategy : Strategies.names()) {
            PullCost cost = PullCost.of(plan(strategy, updated(), 10, previous), previous);
            assertEquals(61_500_000, cost.byDigest(), strategy);
            assertEquals(61_500_000, cost.byChain(), strategy);
        }
    }

    @Test
    void overBudgetTheNewLayersAreMergedFirstTheLargestStayingAlone() {
        // Kept: {libc}; room for 2 more: the largest new group (python) alone, tool and app2 together.
        LayerPlan plan = plan("size", updated(), 3, previous("libc", "app"));
        assertEquals(List.of(set("libc"), set("python"), set("app2", "tool")), names(plan));
    }

    @Test
    void whenTheKeptLayersFillTheBudgetTheTopmostAreGivenUp() {
        // A budget of 2 below the previous build's 3 layers: {libc} kept, everything else shares the top.
        LayerPlan plan = plan("size", updated(), 2, previous("libc", "python", "tool"));
        assertEquals(List.of(set("libc"), set("python", "tool", "app2")), names(plan));
        assertTrue(plan.layers().get(1).reason().startsWith("over budget: 2 layers of the previous build and 1 new"),
                plan.layers().get(1).reason());
    }

    @Test
    void nothingChangedGivesThePreviousPlanBack() {
        LayerPlan first = Fixture.plan("strata", updated(), Popularity.empty(), 10);
        LayerPlan again = plan("strata", updated(), 10, PreviousPlan.of("first", first));
        assertEquals(first.layers().stream().map(Layer::key).toList(), again.layers().stream().map(Layer::key).toList());
    }

    @Test
    void pinnedPathsLeaveTheirPreviousLayerAndStayOnTop() {
        PlanRequest request = new PlanRequest(updated(), Popularity.empty(), 10,
                List.of(new Pin("python", List.of(path("python"))))).withPrevious(previous("libc", "python", "app"));
        LayerPlan plan = Strategies.byName("size").plan(request);
        assertEquals(List.of(set("libc"), set("tool"), set("app2"), set("python")), names(plan));
    }

    @Test
    void aPathInTwoPreviousLayersIsRefused() {
        StrataException e = assertThrows(StrataException.class, () -> previous("libc", "python,libc"));
        assertTrue(e.getMessage().startsWith("the previous build old has " + path("libc") + " in store layers 1 and 2;"),
                e.getMessage());
    }
}
