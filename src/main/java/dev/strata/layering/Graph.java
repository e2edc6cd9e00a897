package dev.strata.layering;

import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import java.util.ArrayList;
import java.util.List;

/**
 * The closure as plain arrays for the strategies: indices are the closure's (paths sorted), so
 * every tie broken by index is broken by store path.
 */
final class Graph {
    final Closure closure;
    final int n;
    final int[][] refs;
    final int[][] referrers;
    final long[] nar;
    /** Dependencies before the paths that reference them; ties by path. */
    final int[] depsFirst;
    final int[] roots;

    Graph(Closure closure) {
        this.closure = closure;
        n = closure.size();
        refs = new int[n][];
        referrers = new int[n][];
        nar = new long[n];
        for (int i = 0; i < n; i++) {
            refs[i] = closure.references(i);
            referrers[i] = closure.referrers(i);
            nar[i] = closure.narSize(i);
        }
        depsFirst = closure.topoIndices();
        roots = closure.rootIndices();
    }

    StorePath path(int i) {
        return closure.path(i);
    }

    /** A layer of the given path indices. */
    Layer layer(int[] members, int count, String reason, long rating) {
        List<StorePath> paths = new ArrayList<>(count);
        long size = 0;
        for (int k = 0; k < count; k++) {
            paths.add(closure.path(members[k]));
            size += nar[members[k]];
        }
        return Layer.of(paths, size, reason, rating);
    }

    Layer layer(List<Integer> members, String reason, long rating) {
        int[] a = members.stream().mapToInt(Integer::intValue).toArray();
        return layer(a, a.length, reason, rating);
    }

    static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
            return lo;
        }
        return (a ^ b) < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }
}
