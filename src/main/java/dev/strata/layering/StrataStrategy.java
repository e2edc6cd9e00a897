package dev.strata.layering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Strata's own strategy, designed for both benchmarks of docs/layering.md. Day one: images planned
 * one at a time must still come out with the same layers wherever they share store paths, and,
 * for Docker's ChainID rule, with the same stack of layers below them. Day two: a host holding
 * an image pulls its next version, where a changed path changes every path above it, and should
 * pull little more than the changed paths.
 *
 * <ol>
 *   <li><b>Units.</b> A path joins the unit of the paths referencing it when all of its
 *       referrers in the whole package set (its popularity count) are in this closure, all belong
 *       to one unit, and it is no larger (NAR size) than that unit's head. It then only ever
 *       appears together with that unit, so the unit is the same in every image; and a large
 *       private dependency (a data set, a bundled runtime) stays apart from the small program
 *       above it, which changes with every update of anything it uses. (Requested roots never
 *       join; unknown names count 1, so a path with one referrer may join it; without popularity
 *       data no path joins another.)</li>
 *   <li><b>Budget.</b> If the units fit the budget, each unit is a layer. Otherwise the largest
 *       units keep layers of their own, the roots competing like any other unit, and the units
 *       that miss the cut share at most three layers: the <em>base</em> (units whose popularity is
 *       at least the square root of the highest popularity among the closure's units), the
 *       <em>other</em> small units, and the requested roots' units; as many units stay alone as
 *       leave room for the shared layers that are not empty. A layer is only reused when another
 *       image makes exactly the same layer; a unit alone always is, a group of paths that can
 *       appear without each other rarely is, so keeping the largest units alone keeps the
 *       duplicated bytes few. The base is the group that does recur: the small libraries nearly
 *       every package uses (zlib, xz, cacert) are in most images, so many images make the same
 *       base layer, while the other small units differ from image to image and would only spoil
 *       it. The square root cuts the closure's popularity range in half on a log scale
 *       (popularity counts are power-law distributed). The roots that miss the cut are the
 *       smallest roots; in one layer on top, an application update pulls them and nothing else.
 *       (With a budget under 3 the base and the other units share one layer, under 2 all
 *       do.)</li>
 *   <li><b>Order.</b> Under the ChainID rule a layer is reused only if the whole stack below it is
 *       the same. The requested roots are taken by closure size, largest first; the stack holds
 *       the units of the first root's closure, then the units the second root adds, and so on;
 *       within each such block, units by NAR size times popularity, highest first (big shared
 *       runtimes such as libc or python low, where every image that has them agrees), ties by
 *       store path. Then the shared base layer, the other small units, the units holding the
 *       roots, in root order, and the roots' shared layer: they change most often, and what
 *       changes should have little above it.</li>
 * </ol>
 *
 * <p>Worked example (sizes in MB, popularity in brackets). Roots app and tool. app (5) references
 * python (60) [300], app-data (2) [1] and model (80) [1]; python references libc (30) [900] and
 * libffi (0.2) [40]; tool (1) references libc and zlib (0.1) [500]; zlib references libc.
 * <pre>
 *   units:    {app, app-data} (app is app-data's only referrer and larger), {model} (larger than app),
 *             {python}, {libffi}, {libc}, {tool}, {zlib}
 *   roots:    app (closure 177.2) before tool (closure 31.1)
 *   block 1:  libc (30 x 900), python (60 x 300), model (80 x 1), libffi (0.2 x 40 = 8)
 *   block 2:  zlib (0.1 x 500)
 *   roots:    {app, app-data} (7 x 1), tool (1 x 1)
 *   budget 7 or more: {libc} {python} {model} {libffi} {zlib} {app, app-data} {tool}
 *   budget 5: by size model (80), python (60), libc (30), {app, app-data} (7), tool (1), libffi,
 *             zlib; the highest popularity is libc's 900, so libffi (40) and zlib (500), at least
 *             sqrt(900) = 30, are base. 4 alone would leave tool (roots' layer) and libffi, zlib
 *             (base): 6 layers; so 3 alone, and both roots share the top layer:
 *             {libc} {python} {model} {libffi, zlib} {app, app-data, tool}
 *             (were libffi's popularity 20, below 30, it would go to the other small units: 3
 *             shared layers, 2 alone: {python} {model} {libc, zlib} {libffi} {app, app-data, tool})
 * </pre>
 * An update of app (a new app, everything else unchanged) at budget 7 changes only
 * {app, app-data}: a host pulls 7 MB by digest and 8 MB by ChainID (tool sits above it). Before the
 * size rule and the roots on top, model joined app's unit and the unit sat below libffi, zlib and
 * tool: 87 MB by digest, 88.3 MB by ChainID. At budget 5 it changes the top layer, 8 MB either
 * way. An image of app alone is {libc} {python} {model} {libffi} {app, app-data}: its first four
 * layers are the first four of the budget-7 plan above.
 * {@code StrataStrategyTest} checks exactly this example.
 */
final class StrataStrategy extends BaseStrategy {
    /** The shared layers over budget, in stack order. */
    private static final int BASE = 0;
    private static final int OTHER = 1;
    private static final int ROOTS = 2;

    @Override
    public String name() {
        return "strata";
    }

    @Override
    public String description() {
        return "Strata: co-occurring paths as units, the largest alone, stacked root by root, roots on top";
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
                if (together && g.nar[v] <= g.nar[candidate]) {
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
        boolean[] holdsRoot = new boolean[units];
        for (int v = 0; v < n; v++) {
            int u = unitIndex[unitOf[v]];
            members.get(u).add(v);
            size[u] += g.nar[v];
            holdsRoot[u] |= isRoot[v];
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
        Arrays.sort(stack, Comparator.comparingInt((Integer u) -> holdsRoot[u] ? 1 : 0)
                .thenComparingInt(u -> unitBlock[u]).thenComparingLong(u -> -rating[u]).thenComparingInt(heads::get));

        // 2. Budget: the largest units alone (roots compete like the others); what misses the cut
        // shares up to three layers: the base (popularity at least the square root of the highest),
        // the other small units above it, and the roots on top.
        boolean[] alone = new boolean[units];
        int[] shared = new int[units];
        if (units <= budget) {
            Arrays.fill(alone, true);
        } else {
            long highest = 1;
            for (int u = 0; u < units; u++) {
                highest = Math.max(highest, pop[heads.get(u)]);
            }
            for (int u = 0; u < units; u++) {
                long p = pop[heads.get(u)];
                shared[u] = holdsRoot[u] ? ROOTS : Graph.saturatedMultiply(p, p) >= highest ? BASE : OTHER;
                if (budget < 3 && shared[u] == OTHER) {
                    shared[u] = BASE; // no room for three shared layers
                }
                if (budget < 2) {
                    shared[u] = BASE;
                }
            }
            Integer[] bySize = stack.clone();
            Arrays.sort(bySize, Comparator.comparingLong((Integer u) -> -size[u]).thenComparingInt(heads::get));
            int keep = budget - 1;
            while (true) {
                Arrays.fill(alone, false);
                boolean[] used = new boolean[3];
                for (int k = 0; k < units; k++) {
                    if (k < keep) {
                        alone[bySize[k]] = true;
                    } else {
                        used[shared[bySize[k]]] = true;
                    }
                }
                int sharedLayers = (used[BASE] ? 1 : 0) + (used[OTHER] ? 1 : 0) + (used[ROOTS] ? 1 : 0);
                if (keep + sharedLayers <= budget) {
                    break;
                }
                keep = budget - sharedLayers; // fewer alone can only add shared layers, at most three
            }
        }
        List<Layer> layers = new ArrayList<>();
        List<List<Integer>> rest = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int[] restUnits = new int[3];
        int restAt = -1;
        for (int u : stack) {
            if (holdsRoot[u] && restAt < 0) {
                restAt = layers.size();
            }
            if (!alone[u]) {
                rest.get(shared[u]).addAll(members.get(u));
                restUnits[shared[u]]++;
                continue;
            }
            int head = heads.get(u);
            int extra = members.get(u).size() - 1;
            String where = holdsRoot[u] ? "requested root, on top"
                    : "closure of " + (unitBlock[u] < rootOrder.length ? g.path(rootOrder[unitBlock[u]]).name() : "?");
            layers.add(g.layer(members.get(u), g.path(head).name()
                    + (extra > 0 ? " and " + extra + " path" + (extra > 1 ? "s" : "") + " only it uses" : "")
                    + " (" + where + "; size x popularity " + rating[u] + ")", rating[u]));
        }
        int at = restAt < 0 ? layers.size() : restAt;
        if (!rest.get(BASE).isEmpty()) {
            layers.add(at++, g.layer(rest.get(BASE), "the " + units(restUnits[BASE]) + (budget < 3
                    ? " that missed the size cut together (over budget)"
                    : " of popularity at least the square root of the closure's highest, together: the base most "
                    + "images share (over budget)"), 0));
        }
        if (!rest.get(OTHER).isEmpty()) {
            layers.add(at, g.layer(rest.get(OTHER), "the other " + units(restUnits[OTHER])
                    + " that missed the size cut together, below the roots (over budget)", 0));
        }
        if (!rest.get(ROOTS).isEmpty()) {
            layers.add(g.layer(rest.get(ROOTS), "the " + restUnits[ROOTS] + " requested roots' "
                    + (restUnits[ROOTS] == 1 ? "unit" : "units") + " that missed the size cut, together on top "
                    + "(over budget)", 0));
        }
        return layers;
    }

    private static String units(int count) {
        return count + (count == 1 ? " unit" : " units");
    }
}
