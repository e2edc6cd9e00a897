package dev.strata.layering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * nixpkgs' size-first automatic layering: the largest store paths become layer roots; each root's
 * layer holds the root and the dependencies only that root needs; dependencies needed by several
 * roots get layers of their own, one per set of roots sharing them; paths no root needs share a
 * last layer. Roots are taken largest first (NAR size, ties by store path) for as long as the
 * resulting layers fit the budget. Manifest order, base first: the layers needed by the most
 * roots first (a root counts itself), then larger before smaller; the rest last.
 *
 * <p>Example: app (1 MB) references python (60 MB) and libssl (4 MB); python references libc
 * (30 MB) and libffi (0.2 MB); libssl references libc. With a budget of 4: root python gives
 * {python, libc, libffi} plus the rest {app, libssl}: 2 layers. Root libc takes libc out of
 * python's layer: 3. Root libssl: 4. Root app, the next largest, would make a fifth layer, so
 * the choice stops there and app stays in the rest. Result, base first: {libc} (needed by 3
 * roots), {python, libffi}, {libssl}, {app}.
 */
final class SizeStrategy extends BaseStrategy {
    @Override
    public String name() {
        return "size";
    }

    @Override
    public String description() {
        return "size-first auto layering: largest paths are layer roots, shared dependencies get layers of their own";
    }

    @Override
    List<Layer> split(Graph g, Popularity popularity, int budget) {
        int n = g.n;
        Integer[] bySize = new Integer[n];
        for (int i = 0; i < n; i++) {
            bySize[i] = i;
        }
        Arrays.sort(bySize, Comparator.comparingLong((Integer i) -> g.nar[i]).reversed().thenComparingInt(i -> i));

        // While choosing, a path's signature is the sum of random 64-bit tags of the chosen roots
        // that reach it: a fingerprint of that set, cheap to update. The final grouping is exact.
        SplittableRandom random = new SplittableRandom(0x5EED);
        long[] signature = new long[n];
        boolean[] isRoot = new boolean[n];
        Set<Long> rootTags = new HashSet<>();
        List<Integer> chosen = new ArrayList<>();
        for (int c = 0; c < n && chosen.size() < budget; c++) {
            int root = bySize[c];
            long tag = random.nextLong() | 1L;
            int[] reach = reachable(g, root);
            for (int v : reach) {
                signature[v] += tag;
            }
            isRoot[root] = true;
            rootTags.add(tag);
            if (layerCount(g, signature, isRoot, rootTags, chosen.size() + 1) > budget) {
                isRoot[root] = false;
                rootTags.remove(tag);
                for (int v : reach) {
                    signature[v] -= tag;
                }
                break;
            }
            chosen.add(root);
        }

        List<List<Integer>> needs = new ArrayList<>(n); // chosen roots (by rank) reaching each path
        for (int i = 0; i < n; i++) {
            needs.add(new ArrayList<>());
        }
        for (int r = 0; r < chosen.size(); r++) {
            for (int v : reachable(g, chosen.get(r))) {
                needs.get(v).add(r);
            }
        }
        Map<Object, Group> groups = new LinkedHashMap<>();
        List<Integer> rest = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            List<Integer> set = needs.get(v);
            if (isRoot[v]) {
                groups.computeIfAbsent(chosen.indexOf(v), k -> new Group()).add(v, set.size(), true);
            } else if (set.isEmpty()) {
                rest.add(v);
            } else if (set.size() == 1) {
                groups.computeIfAbsent(set.get(0), k -> new Group()).add(v, 1, false);
            } else {
                groups.computeIfAbsent(set, k -> new Group()).add(v, set.size(), false);
            }
        }
        List<Group> ordered = new ArrayList<>(groups.values());
        ordered.sort(Comparator.<Group>comparingInt(x -> -x.neededBy).thenComparingLong(x -> -x.size)
                .thenComparingInt(x -> x.members.get(0)));
        List<Layer> layers = new ArrayList<>();
        for (Group grp : ordered) {
            String reason = grp.root >= 0
                    ? "layer root " + g.path(grp.root).name() + " (largest paths #" + (chosen.indexOf(grp.root) + 1)
                    + ") with what only it needs"
                    : "dependencies shared by " + grp.neededBy + " layer roots";
            layers.add(g.layer(grp.members, reason, grp.size));
        }
        if (!rest.isEmpty()) {
            layers.add(g.layer(rest, "the " + rest.size() + " paths no layer root needs", 0));
        }
        return layers;
    }

    private static final class Group {
        final List<Integer> members = new ArrayList<>();
        int neededBy;
        long size;
        int root = -1;

        void add(int v, int needed, boolean isRoot) {
            members.add(v);
            neededBy = Math.max(neededBy, needed);
            if (isRoot) {
                root = v;
            }
        }
    }

    /** Layers the current choice makes: one per root, one per other root set, one for the rest. */
    private static int layerCount(Graph g, long[] signature, boolean[] isRoot, Set<Long> rootTags, int roots) {
        Set<Long> shared = new HashSet<>();
        boolean rest = false;
        for (int v = 0; v < g.n; v++) {
            if (isRoot[v]) {
                continue;
            }
            if (signature[v] == 0) {
                rest = true;
            } else if (!rootTags.contains(signature[v])) {
                shared.add(signature[v]);
            }
        }
        return roots + shared.size() + (rest ? 1 : 0);
    }

    private static int[] reachable(Graph g, int start) {
        boolean[] seen = new boolean[g.n];
        int[] stack = new int[g.n];
        int[] out = new int[g.n];
        int top = 0;
        int count = 0;
        stack[top++] = start;
        seen[start] = true;
        while (top > 0) {
            int v = stack[--top];
            out[count++] = v;
            for (int w : g.refs[v]) {
                if (!seen[w]) {
                    seen[w] = true;
                    stack[top++] = w;
                }
            }
        }
        return Arrays.copyOf(out, count);
    }
}
