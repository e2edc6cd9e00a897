package dev.strata.gui.closure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

public class GraphLayoutTest {
    /** The class comment's example: hello -> glibc, hello -> libintl -> glibc. */
    @Test
    void ranksAreLongestPathsFromTheRoots() {
        int hello = 0;
        int libintl = 1;
        int glibc = 2;
        int[][] refs = {{glibc, libintl}, {glibc}, {}};
        GraphLayout l = GraphLayout.compute(refs, new int[] {glibc, libintl, hello}, new long[] {10, 10, 1000}, 40);
        assertEquals(0, l.rank(hello));
        assertEquals(1, l.rank(libintl));
        assertEquals(2, l.rank(glibc));
        assertTrue(l.y(hello) < l.y(libintl) && l.y(libintl) < l.y(glibc));
        assertEquals(GraphLayout.MAX_RADIUS, l.radius(glibc), 1e-9);
        assertTrue(l.radius(hello) < l.radius(glibc));
        assertEquals(hello, l.hit(l.x(hello), l.y(hello), 0));
        assertEquals(-1, l.hit(-500, -500, 0));
    }

    @Test
    void twoThousandPathsAreAllPlacedWithEdgesPointingDown() {
        int n = 2000;
        int[][] refs = synthetic(n, 7);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = n - 1 - i; // references always point to higher indices: highest first is dependencies first
        }
        long[] sizes = new long[n];
        Random r = new Random(1);
        for (int i = 0; i < n; i++) {
            sizes[i] = 1 + r.nextInt(50_000_000);
        }
        GraphLayout l = GraphLayout.compute(refs, order, sizes, 40);
        assertEquals(n, l.size());
        for (int v = 0; v < n; v++) {
            for (int w : refs[v]) {
                assertTrue(l.rank(w) > l.rank(v));
                assertTrue(l.y(w) > l.y(v), "edge " + v + " -> " + w + " points down");
            }
        }
        assertTrue(l.width() < 40 * GraphLayout.COLUMN + 4 * GraphLayout.MAX_RADIUS, "rows wrap: width " + l.width());
    }

    /** A random DAG in which every node references up to {@code fanout} higher-numbered nodes. */
    public static int[][] synthetic(int n, long seed) {
        Random r = new Random(seed);
        int[][] refs = new int[n][];
        for (int i = 0; i < n; i++) {
            int k = i == n - 1 ? 0 : 1 + r.nextInt(Math.min(4, n - 1 - i));
            TreeSet<Integer> t = new TreeSet<>();
            while (t.size() < k) {
                t.add(i + 1 + r.nextInt(Math.min(n - 1 - i, 200)));
            }
            refs[i] = t.stream().mapToInt(Integer::intValue).toArray();
        }
        return refs;
    }
}
