package dev.strata.layering;

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
     * number of reference chains from a contest root to k. The "reaches" sums are taken 64
     * candidate paths at a time with one bit each, ORed along the references (as in
     * Closure.closureSizes), which keeps a 20,000-path closure well under a second.
     */
    static long[] contestScores(Graph g) {
        int n = g.n;
        long[] chains = new long[n];
        for (int r : contestRoots(g)) {
            chains[r] = 1;
        }
        int[] order = g.depsFirst;
        for (int k = n - 1; k >= 0; k--) { // referrers before what they reference
            int v = order[k];
            for (int w : g.refs[v]) {
                chains[w] = Math.addExact(chains[w], chains[v]);
            }
        }
        long[] score = new long[n];
        long[] mask = new long[n];
        long[][] byteSums = new long[8][256];
        for (int base = 0; base < n; base += 64) {
            int width = Math.min(64, n - base);
            for (int b = 0; b < 8; b++) {
                for (int v = 1; v < 256; v++) {
                    int bit = b * 8 + Integer.numberOfTrailingZeros(v);
                    byteSums[b][v] = Math.addExact(byteSums[b][v & (v - 1)], bit < width ? chains[base + bit] : 0);
                }
            }
            for (int k = n - 1; k >= 0; k--) {
                int v = order[k];
                long m = v >= base && v < base + width ? 1L << (v - base) : 0L;
                for (int u : g.referrers[v]) {
                    m |= mask[u];
                }
                mask[v] = m;
                if (m != 0) {
                    long sum = 0;
                    for (int b = 0; b < 8; b++) {
                        sum = Math.addExact(sum, byteSums[b][(int) ((m >>> (8 * b)) & 0xff)]);
                    }
                    score[v] = Math.addExact(score[v], sum);
                }
            }
        }
        return score;
    }

    /** The same scores without overflow, for graphs with more than 2^63 chains. */
    static BigInteger[] contestScoresExact(Graph g) {
        int n = g.n;
        BigInteger[] chains = new BigInteger[n];
        Arrays.fill(chains, BigInteger.ZERO);
        for (int r : contestRoots(g)) {
            chains[r] = BigInteger.ONE;
        }
        int[] order = g.depsFirst;
        for (int k = n - 1; k >= 0; k--) {
            int v = order[k];
            for (int w : g.refs[v]) {
                chains[w] = chains[w].add(chains[v]);
            }
        }
        BigInteger[] score = new BigInteger[n];
        Arrays.fill(score, BigInteger.ZERO);
        long[] mask = new long[n];
        for (int base = 0; base < n; base += 64) {
            int width = Math.min(64, n - base);
            for (int k = n - 1; k >= 0; k--) {
                int v = order[k];
                long m = v >= base && v < base + width ? 1L << (v - base) : 0L;
                for (int u : g.referrers[v]) {
                    m |= mask[u];
                }
                mask[v] = m;
                for (long rest = m; rest != 0; rest &= rest - 1) {
                    score[v] = score[v].add(chains[base + Long.numberOfTrailingZeros(rest)]);
                }
            }
        }
        return score;
    }
}
