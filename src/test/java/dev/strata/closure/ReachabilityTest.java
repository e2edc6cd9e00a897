package dev.strata.closure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Reachability's worked example, and its sums against a plain search on random graphs. */
class ReachabilityTest {
    // A=0 references B=1 and C=2, both reference D=3.
    static final int[][] REFERENCES = {{1, 2}, {3}, {3}, {}};
    static final int[][] REFERRERS = {{}, {0}, {0}, {1, 2}};
    static final long[] WEIGHT = {1, 2, 4, 8};

    @Test
    void theExampleOfTheClassComment() {
        assertArrayEquals(new long[] {15, 10, 12, 8}, Reachability.sums(new int[] {3, 1, 2, 0}, REFERENCES, WEIGHT));
        assertArrayEquals(new long[] {1, 3, 5, 15}, Reachability.sums(new int[] {0, 2, 1, 3}, REFERRERS, WEIGHT));
        assertArrayEquals(new BigInteger[] {big(15), big(10), big(12), big(8)}, Reachability.exactSums(
                new int[] {3, 1, 2, 0}, REFERENCES, Arrays.stream(WEIGHT).mapToObj(BigInteger::valueOf)
                        .toArray(BigInteger[]::new)));
    }

    @Test
    void aSumBeyondALongIsRefusedNotWrapped() {
        long[] weight = {Long.MAX_VALUE, 1, 1, 1};
        assertThrows(ArithmeticException.class, () -> Reachability.sums(new int[] {3, 1, 2, 0}, REFERENCES, weight));
    }

    @Test
    void sumsEqualASearchPerNodeOnRandomGraphsOfManyRounds() {
        for (long seed = 1; seed <= 20; seed++) {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(300);
            int[][] edges = new int[n][];
            long[] weight = new long[n];
            for (int v = 0; v < n; v++) { // node v reaches only lower nodes: 0..n-1 is an order
                edges[v] = r.ints(Math.min(v, r.nextInt(5)), 0, Math.max(v, 1)).distinct().toArray();
                weight[v] = r.nextInt(1000);
            }
            int[] order = IntStream.range(0, n).toArray();
            long[] expected = new long[n];
            for (int v = 0; v < n; v++) {
                boolean[] seen = new boolean[n];
                ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(v));
                seen[v] = true;
                while (!todo.isEmpty()) {
                    int x = todo.pop();
                    expected[v] += weight[x];
                    for (int w : edges[x]) {
                        if (!seen[w]) {
                            seen[w] = true;
                            todo.push(w);
                        }
                    }
                }
            }
            assertArrayEquals(expected, Reachability.sums(order, edges, weight), "seed " + seed);
        }
    }

    private static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }
}
