package dev.strata.layering;

import dev.strata.closure.Dominators;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Nixery's layering (google/nixery, builder/layers.go), reimplemented faithfully with every tie
 * broken by store path.
 *
 * <p>The closure gets a synthetic root with an edge to every requested root and to every path
 * that is <em>big</em> (its closure is over 100 MB) or <em>popular</em> (popularity of at least
 * 100; Nixery forces {@code nss-cacert} and {@code iana-etc} to 500,000). The dominator tree
 * from that root decides the initial layers: each path the synthetic root immediately dominates
 * becomes a layer together with everything it dominates. A layer is rated popularity of its top
 * path times the sum of its paths' sizes, where, as in Nixery, a path's size is its closure size
 * (Nixery reads {@code closureSize} from the reference graph). While there are more layers than
 * the budget, the layers are sorted by rating, lowest first, and the first is merged into the
 * second, again and again (the merged layer keeps the summed rating and its place at the
 * front). The manifest lists the layers by rating, highest first.
 *
 * <p>Worked example (the one in Nixery's source). References: A, B and C point to E; C points to
 * D; D points to F and G. The requested roots are A, B, C and D; G is big and E is popular.
 * <pre>
 *   root -> A, B, C, D (requested), G (big), E (popular)
 *   A -> E    B -> E    C -> E, D    D -> F, G
 * </pre>
 * Dominator tree: the root immediately dominates A, B, C, D, E and G (D is reached from the root
 * and from C; G and E have edges from the root), and D dominates F. So the initial layers are
 * {A} {B} {C} {D,F} {E} {G}. With ratings ordered A, B &lt; C &lt; {D,F} &lt; E &lt; G, the
 * budgets of Nixery's comment give these layers (as sets; the manifest then orders them by
 * rating, so at budget 2 the merged layer, rated higher than G, comes first):
 * <pre>
 *   budget 1:  {A,B,C,D,E,F,G}
 *   budget 2:  {G} {A,B,C,D,E,F}
 *   budget 3:  {G} {E} {A,B,C,D,F}
 *   budget 4:  {G} {E} {D,F} {A,B,C}
 *   budget 10: {G} {E} {D,F} {C} {A} {B}  (nothing merged; Nixery's comment forgets {G} here)
 * </pre>
 * {@code NixeryStrategyTest} checks exactly this example, with sizes that give those ratings.
 */
final class NixeryStrategy extends BaseStrategy {
    /** Nixery's "big" threshold: a closure over 100 MB (decimal, as in Nixery). */
    static final long SIZE_THRESHOLD = 100L * 1000 * 1000;
    /** Nixery's "popular" threshold. */
    static final long POPULARITY_THRESHOLD = 100;
    /** The popularity Nixery gives nss-cacert and iana-etc, which it adds to every image. */
    static final long FORCED_POPULARITY = 500_000;

    @Override
    public String name() {
        return "nixery";
    }

    @Override
    public String description() {
        return "Nixery's algorithm: dominator subtrees of big or popular paths, lowest-rated merged first";
    }

    private static final class Group {
        final List<Integer> members = new ArrayList<>();
        long rating;
        int first; // smallest member index: the tie-breaker (indices follow store path order)
        int subtrees = 1;
        String top;
    }

    @Override
    List<Layer> split(Graph g, Popularity popularity, int budget) {
        long[] closureSize = g.closure.closureSizes();
        long[] pop = new long[g.n];
        List<Integer> tops = new ArrayList<>();
        for (int r : g.roots) {
            tops.add(r);
        }
        for (int v = 0; v < g.n; v++) {
            String name = g.path(v).name();
            pop[v] = name.startsWith("nss-cacert") || name.startsWith("iana-etc") ? FORCED_POPULARITY
                    : popularity.count(g.path(v));
            if (closureSize[v] > SIZE_THRESHOLD || pop[v] >= POPULARITY_THRESHOLD) {
                tops.add(v);
            }
        }
        int[] entry = tops.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
        Dominators dom = Dominators.compute(g.n, entry, g.refs);

        List<Group> groups = new ArrayList<>();
        for (int top : dom.topLevel()) {
            Group grp = new Group();
            grp.top = g.path(top).name();
            long size = 0;
            List<Integer> stack = new ArrayList<>(List.of(top));
            while (!stack.isEmpty()) {
                int v = stack.remove(stack.size() - 1);
                grp.members.add(v);
                size = Graph.saturatedAdd(size, closureSize[v]);
                for (int c : dom.children(v)) {
                    stack.add(c);
                }
            }
            grp.rating = Graph.saturatedMultiply(pop[top], size);
            grp.first = grp.members.stream().mapToInt(Integer::intValue).min().orElseThrow();
            groups.add(grp);
        }
        groups.sort(Comparator.<Group>comparingLong(x -> x.rating).thenComparingInt(x -> x.first));
        // Merge the lowest-rated layer into the next until the budget holds; the merged layer stays
        // first, so it absorbs the next lowest each time (appending to it keeps this linear).
        if (groups.size() > budget) {
            int excess = groups.size() - budget;
            Group carry = groups.get(0);
            for (int k = 1; k <= excess; k++) {
                Group next = groups.get(k);
                carry.members.addAll(next.members);
                carry.rating = Graph.saturatedAdd(carry.rating, next.rating);
                carry.first = Math.min(carry.first, next.first);
                carry.subtrees += next.subtrees;
            }
            List<Group> kept = new ArrayList<>();
            kept.add(carry);
            kept.addAll(groups.subList(excess + 1, groups.size()));
            groups = kept;
        }
        groups.sort(Comparator.<Group>comparingLong(x -> x.rating).reversed().thenComparingInt(x -> x.first));
        List<Layer> layers = new ArrayList<>();
        for (Group grp : groups) {
            String reason = grp.subtrees == 1
                    ? "dominator subtree of " + grp.top + " (rating " + grp.rating + " = popularity x closure sizes)"
                    : grp.subtrees + " lowest-rated dominator subtrees merged to fit the budget (rating " + grp.rating + ")";
            layers.add(g.layer(grp.members, reason, grp.rating));
        }
        return layers;
    }
}
