package dev.strata.layering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Strata's own strategy, designed for what the sharing benchmark (docs/layering.md) measures:
 * images planned one at a time must still come out with the same layers wherever they share
 * store paths, and, for Docker's ChainID rule, with the same stack of layers below them.
 *
 * <ol>
 *   <li><b>Units.</b> A path joins the unit of the paths referencing it when all of its
 *       referrers in the whole package set (its popularity count) are in this closure and all
 *       belong to one unit: it can then only ever appear together with that unit, so the unit is
 *       the same in every image. (Requested roots never join; unknown names count 1, so a path
 *       with one referrer joins it; without popularity data no path joins another.)</li>
 *   <li><b>Budget.</b> If the units fit the budget, each unit is a layer. Otherwise the
 *       {@code budget - 1} largest units keep layers of their own and all other units share one
 *       layer on top. A layer is only reused when another image makes exactly the same layer;
 *       a unit alone always is, while a group of paths that can appear without each other
 *       practically never is (grouping the small units by content-defined chunking, as backup
 *       tools do, was measured and shared nothing). So the bytes outside single-unit layers are
 *       what sharing loses, and taking the largest units alone makes them as few as possible.</li>
 *   <li><b>Order.</b> Under the ChainID rule a layer is reused only if the whole stack below it is
 *       the same. The requested roots are taken by closure size, largest first; the stack holds
 *       the units of the first root's closure, then the units the second root adds, and so on;
 *       within each such block, units by NAR size times popularity, highest first (big shared
 *       runtimes such as libc or python low in the stack, where every image that has them
 *       agrees), ties by store path; the shared layer of small units last. The first block depends
 *       only on the first root, so an image of "A + B" starts with the very stack of an image of
 *       "A".</li>
 * </ol>
 *
 * <p>Worked example (sizes in MB, popularity in brackets). Roots app and tool. app (5) references
 * python (60) [300] and app-data (2) [1]; python references libc (30) [900] and libffi (0.2)
 * [40]; tool (1) references libc and zlib (0.1) [500]; zlib references libc.
 * <pre>
 *   units:    {app, app-data} (app-data's only referrer is app), {python}, {libffi}, {libc}, {tool}, {zlib}
 *   roots:    app (closure 97.2) before tool (closure 31.1)
 *   block 1:  libc (30 x 900), python (60 x 300), libffi (0.2 x 40 = 8), {app, app-data} (7 x 1)
 *   block 2:  zlib (0.1 x 500), tool (1 x 1)
 *   budget 6 or more: {libc} {python} {libffi} {app, app-data} {zlib} {tool}
 *   budget 4: the 3 largest units alone (python, libc, {app, app-data}), the rest on top:
 *             {libc} {python} {app, app-data} {libffi, tool, zlib}
 * </pre>
 * An image of app alone is {libc} {python} {libffi} {app, app-data}: the first four layers of
 * the budget-6 plan above, so under the ChainID rule it shares all of them.
 * {@code StrataStrategyTest} checks exactly this example.
 */
final class StrataStrategy extends BaseStrategy {
    @Override
    public String name() {
        return "strata";
    }

    @Override
    public String description() {
        return "Strata: co-occurring paths as units, the largest alone, stacked root by root for shared chains";
    }

    @Override
    List<Layer> split(Graph g, Popularity popularity, int budget) {
        int n = g.n;
        long[] pop = new long[n];
        for (int v = 0; v < n; v++) {
            pop[v] = popularity.count(g.path(v));
        }
        boolean[] isRoot = new boolean[n];
        for (int r : g.roots) {
            isRoot[r] = true;
        }

        // 1. Units: referrers before what they reference, so a referrer's unit is known first.
        // Without popularity data nothing says a path has no referrers elsewhere: no unit grows.
        boolean knowsReferrers = !popularity.isEmpty();
        int[] unitOf = new int[n];
        for (int k = n - 1; k >= 0; k--) {
            int v = g.depsFirst[k];
            unitOf[v] = v;
            int[] referrers = g.referrers[v];
            if (knowsReferrers && !isRoot[v] && referrers.length > 0 && pop[v] <= referrers.length) {
                int candidate = unitOf[referrers[0]];
                boolean together = true;
                for (int r : referrers) {
                    together &= unitOf[r] == candidate;
                }
                if (together) {
                    unitOf[v] = candidate;
                }
            }
        }
        int[] unitIndex = new int[n];
        List<Integer> heads = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            if (unitOf[v] == v) {
                unitIndex[v] = heads.size();
                heads.add(v);
            }
        }
        int units = heads.size();
        List<List<Integer>> members = new ArrayList<>(units);
        for (int u = 0; u < units; u++) {
            members.add(new ArrayList<>());
        }
        long[] size = new long[units];
        for (int v = 0; v < n; v++) {
            int u = unitIndex[unitOf[v]];
            members.get(u).add(v);
            size[u] += g.nar[v];
        }

        // 3. Order: block = rank of the first root (largest closure first) whose closure holds the
        // unit, i.e. the smallest rank among the roots reaching it, propagated referrers-first.
        long[] rootClosure = g.closure.closureSizesOf(g.roots);
        long[] closureSize = new long[n];
        for (int k = 0; k < g.roots.length; k++) {
            closureSize[g.roots[k]] = rootClosure[k];
        }
        Integer[] rootOrder = Arrays.stream(g.roots).boxed().toArray(Integer[]::new);
        Arrays.sort(rootOrder, Comparator.comparingLong((Integer r) -> -closureSize[r]).thenComparingInt(r -> r));
        int[] block = new int[n];
        Arrays.fill(block, Integer.MAX_VALUE);
        for (int rank = 0; rank < rootOrder.length; rank++) {
            block[rootOrder[rank]] = rank;
        }
        for (int k = n - 1; k >= 0; k--) {
            int v = g.depsFirst[k];
            for (int w : g.refs[v]) {
                block[w] = Math.min(block[w], block[v]);
            }
        }
        int[] unitBlock = new int[units];
        Arrays.fill(unitBlock, Integer.MAX_VALUE);
        long[] rating = new long[units];
        for (int v = 0; v < n; v++) {
            int u = unitIndex[unitOf[v]];
            unitBlock[u] = Math.min(unitBlock[u], block[v]);
        }
        for (int u = 0; u < units; u++) {
            rating[u] = Graph.saturatedMultiply(size[u], pop[heads.get(u)]);
        }
        Integer[] stack = new Integer[units];
        for (int u = 0; u < units; u++) {
            stack[u] = u;
        }
        Arrays.sort(stack, Comparator.comparingInt((Integer u) -> unitBlock[u])
                .thenComparingLong(u -> -rating[u]).thenComparingInt(heads::get));

        // 2. Budget: the largest units alone, the others together on top.
        boolean[] alone = new boolean[units];
        if (units <= budget) {
            Arrays.fill(alone, true);
        } else {
            Integer[] bySize = stack.clone();
            Arrays.sort(bySize, Comparator.comparingLong((Integer u) -> -size[u]).thenComparingInt(heads::get));
            for (int k = 0; k < budget - 1; k++) {
                alone[bySize[k]] = true;
            }
        }
        List<Layer> layers = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        int restUnits = 0;
        for (int u : stack) {
            if (!alone[u]) {
                rest.addAll(members.get(u));
                restUnits++;
                continue;
            }
            int head = heads.get(u);
            int extra = members.get(u).size() - 1;
            String rootName = unitBlock[u] < rootOrder.length ? g.path(rootOrder[unitBlock[u]]).name() : "?";
            layers.add(g.layer(members.get(u), g.path(head).name()
                    + (extra > 0 ? " and " + extra + " path" + (extra > 1 ? "s" : "") + " only it uses" : "")
                    + " (closure of " + rootName + "; size x popularity " + rating[u] + ")", rating[u]));
        }
        if (!rest.isEmpty()) {
            layers.add(g.layer(rest, "the " + restUnits + " smallest units together, on top (over budget)", 0));
        }
        return layers;
    }
}
