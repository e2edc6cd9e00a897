package dev.strata.closure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DominatorsTest {
    @Test
    void theExampleInTheClassComment() {
        // A=0, B=1, C=2, D=3, E=4
        int[][] refs = {{2}, {2, 3}, {4}, {}, {}};
        Dominators d = Dominators.compute(5, new int[] {0, 1}, refs);
        assertEquals(-1, d.immediateDominator(0));
        assertEquals(-1, d.immediateDominator(1));
        assertEquals(-1, d.immediateDominator(2));
        assertEquals(1, d.immediateDominator(3));
        assertEquals(2, d.immediateDominator(4));
        assertArrayEquals(new int[] {0, 1, 2}, d.topLevel());
    }

    /** Checks the definition directly: d dominates v iff removing d makes v unreachable. */
    @Test
    void agreesWithTheDefinitionOnRandomAcyclicGraphs() {
        Random rnd = new Random(42);
        for (int round = 0; round < 200; round++) {
            int n = 2 + rnd.nextInt(25);
            int[][] refs = new int[n][];
            for (int v = 0; v < n; v++) {
                BitSet s = new BitSet();
                for (int w = v + 1; w < n; w++) {
                    if (rnd.nextInt(4) == 0) {
                        s.set(w);
                    }
                }
                refs[v] = s.stream().toArray();
            }
            int[] roots = rnd.ints(1 + rnd.nextInt(3), 0, Math.max(1, n / 3)).distinct().sorted().toArray();
            Dominators d = Dominators.compute(n, roots, refs);
            BitSet all = reach(n, roots, refs, -1);
            for (int v = all.nextSetBit(0); v >= 0; v = all.nextSetBit(v + 1)) {
                // Strict dominators of v by definition.
                BitSet doms = new BitSet();
                for (int c = 0; c < n; c++) {
                    if (c != v && all.get(c) && !reach(n, roots, refs, c).get(v)) {
                        doms.set(c);
                    }
                }
                // The immediate dominator is the strict dominator dominated by all the others.
                BitSet chain = new BitSet();
                for (int x = d.immediateDominator(v); x >= 0; x = d.immediateDominator(x)) {
                    chain.set(x);
                }
                assertEquals(doms, chain, "dominators of " + v + " in round " + round);
            }
        }
    }

    private static BitSet reach(int n, int[] roots, int[][] refs, int removed) {
        BitSet seen = new BitSet(n);
        ArrayDeque<Integer> q = new ArrayDeque<>();
        for (int r : roots) {
            if (r != removed && !seen.get(r)) {
                seen.set(r);
                q.add(r);
            }
        }
        while (!q.isEmpty()) {
            int v = q.poll();
            for (int w : refs[v]) {
                if (w != removed && !seen.get(w)) {
                    seen.set(w);
                    q.add(w);
                }
            }
        }
        return seen;
    }
}
