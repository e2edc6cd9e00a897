package dev.strata.layering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import dev.strata.closure.Closure;
import dev.strata.closure.PathInfo;
import dev.strata.closure.StorePath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every strategy must have, on seeded random closures, budgets and pins. */
class StrategyPropertiesTest {
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String strategy : Strategies.names()) {
            for (long seed = 1; seed <= 25; seed++) {
                out.add(Arguments.of(strategy, seed));
            }
        }
        return out.stream();
    }

    record Sample(List<PathInfo> infos, List<StorePath> roots, Popularity popularity) {
        Closure closure() {
            return Closure.of(infos, roots);
        }
    }

    /** A random DAG of 1-80 paths: references point to lower numbers; some roots given, some not. */
    static Sample sample(long seed) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(80);
        List<StorePath> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paths.add(Fixture.path("p" + seed + "-" + i + "-" + (1 + r.nextInt(5))));
        }
        List<PathInfo> infos = new ArrayList<>();
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Set<StorePath> refs = new HashSet<>();
            if (r.nextBoolean()) {
                refs.add(paths.get(i)); // self-reference, as Nix lists them
            }
            int k = i == 0 ? 0 : r.nextInt(Math.min(i, 6) + 1);
            for (int j = 0; j < k; j++) {
                refs.add(paths.get(r.nextInt(i)));
            }
            long size = (long) Math.exp(8 + 4 * r.nextDouble() + r.nextGaussian());
            infos.add(new PathInfo(paths.get(i), r.nextInt(20) == 0 ? 0 : size, new ArrayList<>(refs)));
            if (r.nextInt(3) == 0) {
                counts.put(paths.get(i).name(), (long) r.nextInt(300));
            }
        }
        // Roots: the paths nothing references (default) or those plus a few extra.
        List<StorePath> roots = new ArrayList<>();
        if (r.nextBoolean()) {
            Closure c = Closure.of(infos);
            roots.addAll(c.roots());
            for (int j = 0; j < 2; j++) {
                StorePath extra = paths.get(r.nextInt(n));
                if (!roots.contains(extra)) {
                    roots.add(extra);
                }
            }
        }
        return new Sample(infos, roots, r.nextBoolean() ? Popularity.of(counts) : Popularity.empty());
    }

    static List<Pin> pins(Closure c, Random r) {
        List<Pin> pins = new ArrayList<>();
        int count = r.nextInt(3);
        for (int k = 0; k < count && c.size() > 1; k++) {
            List<StorePath> ps = new ArrayList<>();
            int size = 1 + r.nextInt(2);
            for (int j = 0; j < size; j++) {
                ps.add(c.path(r.nextInt(c.size())));
            }
            pins.add(new Pin("pin" + k, ps));
        }
        return pins;
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void everyPathInExactlyOneLayerWithinBudgetAndDeterministic(String strategy, long seed) {
        Sample s = sample(seed);
        Closure closure = s.closure();
        LayeringStrategy st = Strategies.byName(strategy);
        Random r = new Random(seed * 31);
        for (int budget : new int[] {1, 2, 3, 5, 8, closure.size(), closure.size() + 3, 125}) {
            if (budget < 1) {
                continue;
            }
            List<Pin> pins = budget >= 4 ? pins(closure, r) : List.of();
            PlanRequest request = new PlanRequest(closure, s.popularity(), budget, pins);
            LayerPlan plan;
            try {
                plan = st.plan(request);
            } catch (StrataException e) {
                // Only when the pins leave no room (two pins naming the same path is the other cause).
                assertTrue(e.getMessage().contains("pin"), e.getMessage());
                continue;
            }
            String where = strategy + " seed " + seed + " budget " + budget;
            assertEquals(strategy, plan.strategy());
            assertEquals(budget, plan.maxLayers());
            assertTrue(plan.layers().size() <= budget, where + ": " + plan.layers().size() + " layers");
            assertTrue(!plan.layers().isEmpty(), where);
            Map<StorePath, Integer> seen = new HashMap<>();
            for (Layer l : plan.layers()) {
                long size = 0;
                for (StorePath p : l.paths()) {
                    seen.merge(p, 1, Integer::sum);
                    size += closure.narSize(p);
                }
                assertEquals(size, l.narSize(), where);
                assertEquals(Layer.keyOf(l.paths()), l.key(), where);
                assertEquals(l.paths().stream().sorted().toList(), l.paths(), where);
            }
            assertEquals(new HashSet<>(closure.paths()), seen.keySet(), where);
            assertTrue(seen.values().stream().allMatch(v -> v == 1), where);
            assertEquals(closure.totalNarSize(), plan.totalNarSize(), where);

            // Pins: each is one layer of exactly its (not earlier pinned) paths, on top, in order.
            Set<StorePath> taken = new HashSet<>();
            int top = plan.layers().size() - pins.size();
            for (int k = 0; k < pins.size(); k++) {
                Layer l = plan.layers().get(top + k);
                Set<StorePath> expected = new HashSet<>(pins.get(k).paths());
                expected.removeAll(taken);
                assertEquals(expected, new HashSet<>(l.paths()), where + " pin " + k);
                assertEquals("pinned: " + pins.get(k).label(), l.reason(), where);
                taken.addAll(expected);
            }

            // Determinism: the same request again, and the same closure read in another order.
            assertEquals(plan, st.plan(request), where);
            List<PathInfo> shuffled = new ArrayList<>(s.infos());
            Collections.shuffle(shuffled, new Random(seed));
            List<StorePath> roots = new ArrayList<>(s.roots());
            Collections.shuffle(roots, new Random(seed + 1));
            Closure again = Closure.of(shuffled, roots);
            assertEquals(plan, st.plan(new PlanRequest(again, s.popularity(), budget, pins)), where + " shuffled");
        }
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void withAPreviousBuildEveryValidLayerIsKeptInOrderWithinBudget(String strategy, long seed) {
        Sample s = sample(seed);
        Closure closure = s.closure();
        LayeringStrategy st = Strategies.byName(strategy);
        // The previous build: this closure planned at another budget, with a layer of paths it no longer has.
        LayerPlan earlier = st.plan(new PlanRequest(closure, s.popularity(), 1 + (int) (seed % 7), List.of()));
        List<List<StorePath>> layers = new ArrayList<>(earlier.layers().stream().map(Layer::paths).toList());
        layers.add(1 % (layers.size() + 1), List.of(Fixture.path("gone-" + seed)));
        PreviousPlan previous = new PreviousPlan("earlier", layers);
        for (int budget : new int[] {1, 2, 4, 9, 125}) {
            String where = strategy + " seed " + seed + " budget " + budget;
            LayerPlan plan = st.plan(new PlanRequest(closure, s.popularity(), budget, List.of()).withPrevious(previous));
            assertTrue(plan.layers().size() <= budget, where);
            Map<StorePath, Integer> seen = new HashMap<>();
            plan.layers().forEach(l -> l.paths().forEach(p -> seen.merge(p, 1, Integer::sum)));
            assertEquals(new HashSet<>(closure.paths()), seen.keySet(), where);
            assertTrue(seen.values().stream().allMatch(v -> v == 1), where);
            // The valid previous layers come first, in their order, as many as the budget leaves room for.
            List<String> kept = earlier.layers().stream().map(Layer::key).toList();
            int expectKept = Math.min(kept.size(), budget - (kept.size() < budget ? 0 : 1));
            assertEquals(kept.subList(0, expectKept), plan.layers().subList(0, expectKept).stream().map(Layer::key)
                    .toList(), where);
            List<PathInfo> shuffled = new ArrayList<>(s.infos());
            Collections.shuffle(shuffled, new Random(seed));
            assertEquals(plan, st.plan(new PlanRequest(Closure.of(shuffled, s.roots()), s.popularity(), budget,
                    List.of()).withPrevious(previous)), where + " shuffled");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategyNames")
    void tooManyPinsForTheBudgetIsAClearError(String strategy) {
        Closure c = new Fixture().add("app", 10, "lib").add("lib", 10, "libc").add("libc", 10).closure();
        List<Pin> pins = List.of(new Pin("lib", List.of(Fixture.path("lib"))),
                new Pin("libc", List.of(Fixture.path("libc"))));
        StrataException e = assertThrows(StrataException.class,
                () -> Strategies.byName(strategy).plan(new PlanRequest(c, Popularity.empty(), 2, pins)));
        assertEquals("2 pins and the rest of the closure need 3 store layers but the budget allows 2; "
                + "raise --max-layers or pin fewer packages", e.getMessage());
        // Pinning everything needs no layer for the rest.
        List<Pin> all = List.of(new Pin("all", c.paths()));
        assertEquals(1, Strategies.byName(strategy).plan(new PlanRequest(c, Popularity.empty(), 1, all)).layers().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategyNames")
    void aPinOutsideTheClosureIsRejected(String strategy) {
        Closure c = new Fixture().add("app", 10).closure();
        StrataException e = assertThrows(StrataException.class, () -> Strategies.byName(strategy).plan(
                new PlanRequest(c, Popularity.empty(), 5, List.of(new Pin("x", List.of(Fixture.path("other")))))));
        assertTrue(e.getMessage().startsWith("pin 'x' names /nix/store/"), e.getMessage());
    }

    static Stream<String> strategyNames() {
        return Strategies.names().stream();
    }
}
