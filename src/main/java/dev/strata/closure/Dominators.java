package dev.strata.closure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The dominator tree of a reference graph, seen from a virtual root that references every root:
 * node d dominates node v when every chain of references from the virtual root to v passes
 * through d. Nixery groups a closure into layers by this tree, and nix-tree's "added size" is a
 * node's subtree in it.
 *
 * <p>Computed with the iterative algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast
 * Dominance Algorithm", 2001) over a reverse postorder of a depth-first search that visits
 * children in ascending index order, so the result depends only on the graph.
 *
 * <p>Example: roots A and B; A references C, B references C and D, C references E. C is
 * reachable through A and through B, so only the virtual root dominates it; E hangs under C;
 * D under B. {@code immediateDominator}: A=-1, B=-1, C=-1, D=B, E=C.
 */
public final class Dominators {
    /** Immediate dominator of each node, or -1 when it is the virtual root. */
    private final int[] idom;
    private final int[] postOrder;
    private final int[][] children;

    private Dominators(int[] idom, int[] postOrder) {
        this.idom = idom;
        this.postOrder = postOrder;
        int n = idom.length;
        int[] count = new int[n];
        int rootCount = 0;
        for (int v = 0; v < n; v++) {
            if (idom[v] >= 0) {
                count[idom[v]]++;
            } else {
                rootCount++;
            }
        }
        children = new int[n + 1][];
        for (int v = 0; v < n; v++) {
            children[v] = new int[count[v]];
        }
        children[n] = new int[rootCount];
        int[] fill = new int[n + 1];
        for (int v = 0; v < n; v++) {
            int p = idom[v] >= 0 ? idom[v] : n;
            children[p][fill[p]++] = v;
        }
    }

    /**
     * @param n number of nodes (0..n-1)
     * @param roots nodes the virtual root references
     * @param refs refs[v] = nodes v references
     */
    public static Dominators compute(int n, int[] roots, int[][] refs) {
        final int virtual = n;
        // Depth-first search from the virtual root; children in ascending order.
        int[] post = new int[n + 1];
        Arrays.fill(post, -1);
        int[] order = new int[n + 1]; // order[k] = node with postorder number k
        int counter = 0;
        boolean[] visited = new boolean[n + 1];
        int[] sortedRoots = roots.clone();
        Arrays.sort(sortedRoots);
        ArrayDeque<int[]> stack = new ArrayDeque<>(); // {node, next child position}
        visited[virtual] = true;
        stack.push(new int[] {virtual, 0});
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            int v = top[0];
            int[] succ = v == virtual ? sortedRoots : refs[v];
            if (top[1] < succ.length) {
                int w = succ[top[1]++];
                if (!visited[w]) {
                    visited[w] = true;
                    stack.push(new int[] {w, 0});
                }
            } else {
                stack.pop();
                post[v] = counter;
                order[counter++] = v;
            }
        }
        // Predecessors (including the virtual root for roots).
        List<List<Integer>> preds = new ArrayList<>(n + 1);
        for (int i = 0; i <= n; i++) {
            preds.add(new ArrayList<>());
        }
        for (int r : sortedRoots) {
            preds.get(r).add(virtual);
        }
        for (int v = 0; v < n; v++) {
            for (int w : refs[v]) {
                preds.get(w).add(v);
            }
        }
        int[] doms = new int[n + 1];
        Arrays.fill(doms, -1);
        doms[virtual] = virtual;
        boolean changed = true;
        while (changed) {
            changed = false;
            // Reverse postorder, skipping the virtual root (highest postorder number).
            for (int k = counter - 2; k >= 0; k--) {
                int b = order[k];
                int newIdom = -1;
                for (int p : preds.get(b)) {
                    if (post[p] < 0 || doms[p] < 0) {
                        continue;
                    }
                    newIdom = newIdom < 0 ? p : intersect(p, newIdom, doms, post);
                }
                if (newIdom >= 0 && doms[b] != newIdom) {
                    doms[b] = newIdom;
                    changed = true;
                }
            }
        }
        int[] idom = new int[n];
        for (int v = 0; v < n; v++) {
            idom[v] = doms[v] == virtual || doms[v] < 0 ? -1 : doms[v];
        }
        int[] postOrderNodes = new int[counter - 1];
        System.arraycopy(order, 0, postOrderNodes, 0, counter - 1);
        return new Dominators(idom, postOrderNodes);
    }

    private static int intersect(int a, int b, int[] doms, int[] post) {
        while (a != b) {
            while (post[a] < post[b]) {
                a = doms[a];
            }
            while (post[b] < post[a]) {
                b = doms[b];
            }
        }
        return a;
    }

    /** The immediate dominator of v, or -1 when only the virtual root dominates it. */
    public int immediateDominator(int v) {
        return idom[v];
    }

    /** Nodes the virtual root immediately dominates, ascending. */
    public int[] topLevel() {
        return children[idom.length].clone();
    }

    /** Nodes v immediately dominates, ascending. */
    public int[] children(int v) {
        return children[v].clone();
    }

    /** Reachable nodes in depth-first postorder: every node after all nodes it dominates. */
    public int[] postOrder() {
        return postOrder.clone();
    }
}
