package dev.strata.closure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bit-parallel closure sizes agree with a plain search from each path. */
class ClosureSizesTest {
    @Test
    void allAndSomeClosureSizesMatchASearchPerPath() {
        for (long seed = 1; seed <= 20; seed++) {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(300);
            List<StorePath> paths = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                paths.add(ClosureTest.sp("s" + seed + "-" + i));
            }
            List<PathInfo> infos = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<StorePath> refs = new ArrayList<>();
                int k = i == 0 ? 0 : r.nextInt(Math.min(i, 5) + 1);
                for (int j = 0; j < k; j++) {
                    refs.add(paths.get(r.nextInt(i)));
                }
                infos.add(new PathInfo(paths.get(i), r.nextInt(1_000_000), refs));
            }
            Closure c = Closure.of(infos);
            long[] expected = new long[n];
            for (int i = 0; i < n; i++) {
                BitSet seen = new BitSet();
                ArrayDeque<Integer> stack = new ArrayDeque<>(List.of(i));
                seen.set(i);
                while (!stack.isEmpty()) {
                    int v = stack.pop();
                    expected[i] += c.narSize(v);
                    for (int w : c.references(v)) {
                        if (!seen.get(w)) {
                            seen.set(w);
                            stack.push(w);
                        }
                    }
                }
            }
            assertArrayEquals(expected, c.closureSizes(), "seed " + seed);
            int[] some = r.ints(Math.min(n, 130), 0, n).toArray();
            long[] got = c.closureSizesOf(some);
            for (int k = 0; k < some.length; k++) {
                assertEquals(expected[some[k]], got[k], "seed " + seed + " path " + some[k]);
            }
        }
    }
}
