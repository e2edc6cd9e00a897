package dev.strata.layering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Strata's own strategy (first cut; the design note comes with the final version). */
final class StrataStrategy extends BaseStrategy {
    @Override
    public String name() {
        return "strata";
    }

    @Override
    public String description() {
        return "Strata: canonical units, largest alone, in global popularity order";
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
        int[] unit = new int[n];
        int[] order = g.depsFirst;
        for (int k = n - 1; k >= 0; k--) {
            int v = order[k];
            unit[v] = (!isRoot[v] && pop[v] <= 1 && g.referrers[v].length == 1) ? unit[g.referrers[v][0]] : v;
        }
        List<List<Integer>> members = new ArrayList<>();
        int[] unitIndex = new int[n];
        Arrays.fill(unitIndex, -1);
        List<Integer> heads = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            if (unit[v] == v) {
                unitIndex[v] = heads.size();
                heads.add(v);
                members.add(new ArrayList<>());
            }
        }
        long[] size = new long[heads.size()];
        for (int v = 0; v < n; v++) {
            int u = unitIndex[unit[v]];
            members.get(u).add(v);
            size[u] += g.nar[v];
        }
        int units = heads.size();
        Integer[] byKey = new Integer[units];
        for (int u = 0; u < units; u++) {
            byKey[u] = u;
        }
        Arrays.sort(byKey, Comparator.comparingLong((Integer u) -> -pop[heads.get(u)]).thenComparingInt(u -> heads.get(u)));
        boolean[] alone = new boolean[units];
        if (units <= budget) {
            Arrays.fill(alone, true);
        } else {
            Integer[] bySize = byKey.clone();
            Arrays.sort(bySize, Comparator.comparingLong((Integer u) -> -size[u]).thenComparingInt(u -> heads.get(u)));
            for (int k = 0; k < budget - 1; k++) {
                alone[bySize[k]] = true;
            }
        }
        List<Layer> layers = new ArrayList<>();
        List<Integer> lump = new ArrayList<>();
        for (int u : byKey) {
            if (alone[u]) {
                layers.add(g.layer(members.get(u), "unit of " + g.path(heads.get(u)).name(), pop[heads.get(u)]));
            } else {
                lump.addAll(members.get(u));
            }
        }
        if (!lump.isEmpty()) {
            layers.add(g.layer(lump, "small units together", 0));
        }
        return layers;
    }
}
