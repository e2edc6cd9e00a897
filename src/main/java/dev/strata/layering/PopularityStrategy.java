package dev.strata.layering;

import dev.strata.closure.Reachability;
import dev.strata.closure.StorePath;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * nixpkgs' classic {@code buildLayeredImage} split: the paths are ranked by the "popularity
 * contest" of {@code referencesByPopularity} (closure-graph.py), the {@code budget - 1} most
 * popular each get a layer of their own, and everything else shares one last layer. Base first:
 * the most popular path is the bottom layer. It uses the closure's own graph, not popularity data.
 *
 * <p>The contest unfolds the reference graph from the paths nothing references into a tree
 * (a path reached along several chains appears once per chain) and scores each path. Unrolled,
 * a path's score is the sum, over the path and every path that (transitively) references it, of
 * the number of distinct reference chains from the top to that path. Example: A references B and
 * G; B references C and E; C references D and E; D and E reference F. Chains from A: A, B, G, C,
 * D have 1, E has 2 (A-B-E, A-B-C-E), F has 3. Scores: A 1; B 1+1 = 2; G 1+1 = 2; C 3; D 4;
 * E 1+1+1+2 = 5; F 1+1+1+1+2+3 = 9. Ranking, ties by name then hash as nixpkgs sorts them:
 * F, E, D, C, B, G, A. With a budget of 3: {F} {E} {A,B,C,D,G}.
 *
 * <p>Scores grow with the number of chains, which can exceed a long in deep graphs; they are
 * computed exactly (falling back to BigInteger) so the ranking never depends on rounding.
 */
final class PopularityStrategy extends BaseStrategy {
    @Override
    public String name() {
        return "popularity";
    }

    @Override
    public String description() {
        return "nixpkgs buildLayeredImage: the most popular paths (graph popularity contest) alone, the rest together";
    }

    @Override
    List<Layer> split(Graph g, Popularity popularity, int budget) {
        BigInteger[] big = null;
        long[] score;
        try {
            score = contestScores(g);
        } catch (ArithmeticException overflow) {
            big = contestScoresExact(g);
            score = new long[g.n];
            for (int i = 0; i < g.n; i++) {
                score[i] = big[i].bitLength() < 63 ? big[i].longValue() : Long.MAX_VALUE;
            }
        }
        final long[] s = score;
        final BigInteger[] b = big;
        Integer[] order = new Integer[g.n];
        for (int i = 0; i < g.n; i++) {
            order[i] = i;
        }
        Comparator<Integer> byScore = b == null ? Comparator.comparingLong((Integer i) -> s[i]).reversed()
                : Comparator.comparing((Integer i) -> b[i]).reversed();
        String[] sortKey = new String[g.n];
        for (int i = 0; i < g.n; i++) {
            StorePath p = g.path(i);
            sortKey[i] = p.name() + "-" + p.storeDir() + "/" + p.hash();
        }
        Arrays.sort(order, byScore.thenComparing(i -> sortKey[i]));
        List<Layer> layers = new ArrayList<>();
        int singles = g.n <= budget ? g.n : budget - 1;
        for (int k = 0; k < singles; k++) {
            int v = order[k];
            layers.add(g.layer(new int[] {v}, 1, "popularity contest rank " + (k + 1) + " (score "
                    + (b == null ? Long.toString(s[v]) : b[v].toString()) + ")", s[v]));
        }
        if (singles < g.n) {
            int[] rest = new int[g.n - singles];
            for (int k = singles; k < g.n; k++) {
                rest[k - singles] = order[k];
            }
            layers.add(g.layer(rest, rest.length, "the " + rest.length + " less popular paths together", 0));
        }
        return layers;
    }

    /** The roots of the contest: paths nothing references. */
    private static int[] contestRoots(Graph g) {
        return Arrays.stream(g.depsFirst).filter(v -> g.referrers[v].length == 0).toArray();
    }

    /**
     * score(x) = sum of chains(k) over k = x and every path that reaches x, where chains(k) is the
     * number of reference chains from a contest root to k: a {@link Reachability} sum along the
     * referrers, which keeps a 20,000-path closure well under a second.
     *
     * @throws ArithmeticException when a score does not fit a long ({@link #contestScoresExact} then)
     */
    static long[] contestScores(Graph g) {
        long[] chains = new long[g.n];
        for (int r : contestRoots(g)) {
            chains[r] = 1;
        }
        for (int k = g.n - 1; k >= 0; k--) { // referrers before what they reference
            int v = g.depsFirst[k];
            for (int w : g.refs[v]) {
                chains[w] = Math.addExact(chains[w], chains[v]);
            }
        }
        return Reachability.sums(referrersFirst(g), g.referrers, chains);
    }

    /** The same scores without overflow, for graphs with more than 2^63 chains. */
    static BigInteger[] contestScoresExact(Graph g) {
        BigInteger[] chains = new BigInteger[g.n];
        Arrays.fill(chains, BigInteger.ZERO);
        for (int r : contestRoots(g)) {
            chains[r] = BigInteger.ONE;
        }
        for (int k = g.n - 1; k >= 0; k--) {
            int v = g.depsFirst[k];
            for (int w : g.refs[v]) {
                chains[w] = chains[w].add(chains[v]);
            }
        }
        return Reachability.exactSums(referrersFirst(g), g.referrers, chains);
    }

    /** Every path after all the paths that reference it: the dependency order backwards. */
    private static int[] referrersFirst(Graph g) {
        int[] order = new int[g.n];
        for (int k = 0; k < g.n; k++) {
            order[k] = g.depsFirst[g.n - 1 - k];
        }
        return order;
    }
}
