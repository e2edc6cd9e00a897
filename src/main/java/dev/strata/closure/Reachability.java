package dev.strata.closure;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * For every node of a graph without cycles: the sum of a weight over the node and every node it
 * reaches. Along references with NAR sizes as weights this is each path's closure size; along
 * referrers with chain counts it is the popularity contest's score (layering.PopularityStrategy).
 *
 * <p>Example (ReachabilityTest checks it): A references B and C, both reference D; weights A 1,
 * B 2, C 4, D 8. Along references: D 8, B 2+8 = 10, C 4+8 = 12, A 1+2+4+8 = 15 (D counts once).
 * Along referrers: A 1, B 2+1 = 3, C 4+1 = 5, D 8+2+4+1 = 15.
 *
 * <p>A search per node would cost nodes × reach, too slow for 20,000-path closures. Instead the
 * nodes are renumbered so that every edge leads to a lower position, and taken 64 at a time as one
 * bit each: every node ORs the bits of the nodes its edges lead to, and adds the weights of the
 * bits it ends up with (eight byte-indexed tables of partial sums per round). A node only reaches
 * positions below its own, so each round starts at its first bit: O((nodes + edges) × nodes / 64).
 */
public final class Reachability {
    private Reachability() {}

    /**
     * The sums, by node.
     *
     * @param order every node, each after all the nodes its edges lead to
     * @param edges {@code edges[v]}: the nodes v reaches directly
     * @throws ArithmeticException when a sum does not fit a long
     */
    public static long[] sums(int[] order, int[][] edges, long[] weight) {
        int n = order.length;
        long[] weightAt = new long[n];
        for (int k = 0; k < n; k++) {
            weightAt[k] = weight[order[k]];
        }
        long[] sumAt = new long[n];
        long[][] byteSums = new long[8][256];
        sweep(order, edges, new Round() {
            @Override
            public void start(int base, int width) {
                for (int b = 0; b < 8; b++) {
                    for (int v = 1; v < 256; v++) {
                        int bit = b * 8 + Integer.numberOfTrailingZeros(v);
                        byteSums[b][v] = Math.addExact(byteSums[b][v & (v - 1)], bit < width ? weightAt[base + bit] : 0);
                    }
                }
            }

            @Override
            public void reaches(int position, long mask) {
                long sum = sumAt[position];
                for (int b = 0; b < 8; b++) {
                    sum = Math.addExact(sum, byteSums[b][(int) ((mask >>> (8 * b)) & 0xff)]);
                }
                sumAt[position] = sum;
            }
        });
        long[] sums = new long[n];
        for (int k = 0; k < n; k++) {
            sums[order[k]] = sumAt[k];
        }
        return sums;
    }

    /** {@link #sums} without a bound, for weights whose sums may not fit a long. */
    public static BigInteger[] exactSums(int[] order, int[][] edges, BigInteger[] weight) {
        BigInteger[] sums = new BigInteger[order.length];
        Arrays.fill(sums, BigInteger.ZERO);
        sweep(order, edges, new Round() {
            private int base;

            @Override
            public void start(int base, int width) {
                this.base = base;
            }

            @Override
            public void reaches(int position, long mask) {
                int node = order[position];
                for (long rest = mask; rest != 0; rest &= rest - 1) {
                    sums[node] = sums[node].add(weight[order[base + Long.numberOfTrailingZeros(rest)]]);
                }
            }
        });
        return sums;
    }

    /** What a round of 64 positions adds up. */
    private interface Round {
        /** Positions {@code base} to {@code base + width - 1} carry bits 0 to {@code width - 1}. */
        void start(int base, int width);

        /** The node at {@code position} reaches the positions of this round's bits in {@code mask}, and no other. */
        void reaches(int position, long mask);
    }

    private static void sweep(int[] order, int[][] edges, Round round) {
        int n = order.length;
        int[] pos = new int[n];
        for (int k = 0; k < n; k++) {
            pos[order[k]] = k;
        }
        // Edges as one flat array in position space: targets of position k are at [start[k], start[k+1]).
        int[] start = new int[n + 1];
        for (int k = 0; k < n; k++) {
            start[k + 1] = start[k] + edges[order[k]].length;
        }
        int[] target = new int[start[n]];
        for (int k = 0; k < n; k++) {
            int at = start[k];
            for (int w : edges[order[k]]) {
                target[at++] = pos[w];
            }
        }
        long[] mask = new long[n];
        for (int base = 0; base < n; base += 64) {
            int width = Math.min(64, n - base);
            round.start(base, width);
            for (int k = base; k < n; k++) {
                long m = k < base + width ? 1L << (k - base) : 0L;
                for (int e = start[k]; e < start[k + 1]; e++) {
                    int t = target[e];
                    if (t >= base) {
                        m |= mask[t];
                    }
                }
                mask[k] = m;
                if (m != 0) {
                    round.reaches(k, m);
                }
            }
        }
    }
}
