package dev.strata.closure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * The runtime closure of some root store paths: a directed graph from each path to the paths it
 * references. Immutable; indices are positions in {@link #paths()}, which is sorted by path so
 * that every derived order is deterministic whatever order Nix reported the paths in.
 *
 * <p>Sizes, for a path p:
 * <ul>
 *   <li>NAR size: the bytes of p itself;</li>
 *   <li>closure size: p plus everything it references, directly or not;</li>
 *   <li>added size: what the image would lose if p were not needed: p plus every path that is only
 *       reachable from the roots through p (p's subtree in the dominator tree).</li>
 * </ul>
 */
public final class Closure {
    private final StorePath[] paths;
    private final Map<StorePath, Integer> index;
    private final long[] narSize;
    private final String[] narHash;
    private final int[][] refs;
    private final int[][] referrers;
    private final int[] roots;
    private final long totalNarSize;
    private final int[] topoOrder;
    private Dominators dominators;
    private long[] addedSize;
    private long[] closureSize;

    private Closure(List<PathInfo> infos, Collection<StorePath> rootPaths) {
        List<PathInfo> sorted = new ArrayList<>(infos);
        sorted.sort((a, b) -> a.path().compareTo(b.path()));
        int n = sorted.size();
        paths = new StorePath[n];
        narSize = new long[n];
        narHash = new String[n];
        index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            PathInfo info = sorted.get(i);
            if (index.put(info.path(), i) != null) {
                throw new IllegalArgumentException("store path listed twice in the closure: " + info.path());
            }
            paths[i] = info.path();
            narSize[i] = info.narSize();
            narHash[i] = info.narHash();
        }
        refs = new int[n][];
        int[] inDegree = new int[n];
        for (int i = 0; i < n; i++) {
            TreeSet<Integer> targets = new TreeSet<>();
            for (StorePath ref : sorted.get(i).references()) {
                Integer j = index.get(ref);
                if (j == null) {
                    throw new IllegalArgumentException("incomplete closure: " + paths[i] + " references " + ref
                            + ", which is not in the closure; pass the output of 'nix path-info --json --recursive'");
                }
                if (j != i) {
                    targets.add(j);
                }
            }
            refs[i] = targets.stream().mapToInt(Integer::intValue).toArray();
            for (int j : refs[i]) {
                inDegree[j]++;
            }
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            try {
                total = Math.addExact(total, narSize[i]);
            } catch (ArithmeticException e) {
                int largest = 0;
                for (int j = 1; j < n; j++) {
                    largest = narSize[j] > narSize[largest] ? j : largest;
                }
                throw new IllegalArgumentException("the NAR sizes of the closure add up to more than " + Long.MAX_VALUE
                        + " bytes (" + paths[largest] + " alone claims " + narSize[largest] + "); no store holds that much");
            }
        }
        totalNarSize = total;
        referrers = new int[n][];
        int[] fill = new int[n];
        for (int i = 0; i < n; i++) {
            referrers[i] = new int[inDegree[i]];
        }
        for (int i = 0; i < n; i++) {
            for (int j : refs[i]) {
                referrers[j][fill[j]++] = i;
            }
        }
        topoOrder = dependenciesFirst();
        if (rootPaths == null || rootPaths.isEmpty()) {
            List<Integer> r = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (inDegree[i] == 0) {
                    r.add(i);
                }
            }
            roots = r.stream().mapToInt(Integer::intValue).toArray();
        } else {
            TreeSet<Integer> r = new TreeSet<>();
            for (StorePath p : rootPaths) {
                Integer i = index.get(p);
                if (i == null) {
                    throw new IllegalArgumentException("root " + p + " is not in the closure");
                }
                r.add(i);
            }
            roots = r.stream().mapToInt(Integer::intValue).toArray();
        }
        BitSet reached = reachableFrom(roots);
        if (reached.cardinality() != n) {
            int stray = reached.nextClearBit(0);
            throw new IllegalArgumentException("store path " + paths[stray]
                    + " is in the closure but not reachable from its roots; give every root with --root");
        }
    }

    /** A closure of the given complete path set; the roots default to paths nothing references. */
    public static Closure of(Collection<PathInfo> infos, Collection<StorePath> roots) {
        return new Closure(List.copyOf(infos), roots);
    }

    public static Closure of(Collection<PathInfo> infos) {
        return of(infos, List.of());
    }

    public int size() {
        return paths.length;
    }

    /** All paths, sorted by path. Position = index. */
    public List<StorePath> paths() {
        return Collections.unmodifiableList(Arrays.asList(paths));
    }

    public StorePath path(int i) {
        return paths[i];
    }

    public int indexOf(StorePath p) {
        Integer i = index.get(p);
        if (i == null) {
            throw new IllegalArgumentException(p + " is not in this closure");
        }
        return i;
    }

    public Optional<Integer> find(StorePath p) {
        return Optional.ofNullable(index.get(p));
    }

    public boolean contains(StorePath p) {
        return index.containsKey(p);
    }

    public List<StorePath> roots() {
        return Arrays.stream(roots).mapToObj(i -> paths[i]).toList();
    }

    public int[] rootIndices() {
        return roots.clone();
    }

    public long narSize(int i) {
        return narSize[i];
    }

    public long narSize(StorePath p) {
        return narSize[indexOf(p)];
    }

    public String narHash(int i) {
        return narHash[i];
    }

    /** Indices of the paths {@code i} references directly, without itself, ascending. */
    public int[] references(int i) {
        return refs[i].clone();
    }

    public List<StorePath> references(StorePath p) {
        return Arrays.stream(refs[indexOf(p)]).mapToObj(j -> paths[j]).toList();
    }

    public int[] referrers(int i) {
        return referrers[i].clone();
    }

    public List<StorePath> referrers(StorePath p) {
        return Arrays.stream(referrers[indexOf(p)]).mapToObj(j -> paths[j]).toList();
    }

    /** The NAR sizes of all paths; it fits a long (a closure whose sizes overflow is refused). */
    public long totalNarSize() {
        return totalNarSize;
    }

    /** The path infos this closure was made of, in path order (references without self). */
    public List<PathInfo> pathInfos() {
        List<PathInfo> out = new ArrayList<>(paths.length);
        for (int i = 0; i < paths.length; i++) {
            out.add(new PathInfo(paths[i], narSize[i],
                    Arrays.stream(refs[i]).mapToObj(j -> paths[j]).toList(), narHash[i]));
        }
        return out;
    }

    /**
     * Paths ordered so that every path comes after everything it references (dependencies first);
     * ties broken by path.
     */
    public List<StorePath> topologicalOrder() {
        return Arrays.stream(topoIndices()).mapToObj(i -> paths[i]).toList();
    }

    public int[] topoIndices() {
        return topoOrder.clone();
    }

    /**
     * Kahn's order, ties broken by path. A cycle (other than a self-reference, dropped before) is
     * refused naming two paths on it: Nix cannot make one, so the file was edited or damaged, and
     * every size below would be wrong.
     */
    private int[] dependenciesFirst() {
        int n = paths.length;
        int[] pending = new int[n];
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            pending[i] = refs[i].length;
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        int[] order = new int[n];
        int k = 0;
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order[k++] = i;
            for (int r : referrers[i]) {
                if (--pending[r] == 0) {
                    ready.add(r);
                }
            }
        }
        if (k != n) {
            // Every path left references a path left: walking those references must come back round.
            int[] seenAt = new int[n];
            Arrays.fill(seenAt, -1);
            int v = firstPending(pending);
            int step = 0;
            while (seenAt[v] < 0) {
                seenAt[v] = step++;
                v = firstPendingOf(refs[v], pending);
            }
            int next = firstPendingOf(refs[v], pending);
            throw new IllegalArgumentException("the references form a cycle: " + paths[v] + " references " + paths[next]
                    + ", which leads back to it; Nix closures have no cycles apart from self-references");
        }
        return order;
    }

    private static int firstPendingOf(int[] targets, int[] pending) {
        for (int t : targets) {
            if (pending[t] > 0) {
                return t;
            }
        }
        throw new IllegalStateException("a path left unordered references only ordered paths");
    }

    private static int firstPending(int[] pending) {
        for (int i = 0; i < pending.length; i++) {
            if (pending[i] > 0) {
                return i;
            }
        }
        return 0;
    }

    /** NAR size of the path plus everything it references, directly or not. */
    public synchronized long closureSize(int i) {
        if (closureSize == null) {
            closureSize = computeClosureSizes();
        }
        return closureSize[i];
    }

    /** {@link #closureSize(int)} of every path, by index. */
    public synchronized long[] closureSizes() {
        if (closureSize == null) {
            closureSize = computeClosureSizes();
        }
        return closureSize.clone();
    }

    /**
     * The closure sizes of some paths only (by index, in the given order), in
     * O((paths + references) * sources / 64): the sources are taken 64 at a time as one bit each,
     * the bits flow from each path to what it references, and every path adds its NAR size to the
     * sources whose bits reach it. Cheaper than {@link #closureSizes()} when the sources are few.
     */
    public long[] closureSizesOf(int[] sources) {
        int n = paths.length;
        int[] order = topoIndices();
        long[] result = new long[sources.length];
        long[] mask = new long[n];
        for (int base = 0; base < sources.length; base += 64) {
            int width = Math.min(64, sources.length - base);
            Arrays.fill(mask, 0);
            for (int b = 0; b < width; b++) {
                mask[sources[base + b]] |= 1L << b;
            }
            // Referrers before what they reference: a path's bits are complete when it is reached.
            for (int k = n - 1; k >= 0; k--) {
                int v = order[k];
                long m = mask[v];
                if (m == 0) {
                    continue;
                }
                for (int w : refs[v]) {
                    mask[w] |= m;
                }
                for (long rest = m; rest != 0; rest &= rest - 1) {
                    result[base + Long.numberOfTrailingZeros(rest)] += narSize[v];
                }
            }
        }
        return result;
    }

    /** Every path's closure size: its NAR size summed over what it reaches (see {@link Reachability}). */
    private long[] computeClosureSizes() {
        return Reachability.sums(topoIndices(), refs, narSize);
    }

    public long closureSize(StorePath p) {
        return closureSize(indexOf(p));
    }

    /** What removing the path would save: the NAR sizes of its subtree in the dominator tree. */
    public synchronized long addedSize(int i) {
        if (addedSize == null) {
            Dominators d = dominators();
            long[] sums = narSize.clone();
            // Accumulate subtree sums bottom-up along the dominator tree.
            int[] depthOrder = d.postOrder();
            for (int v : depthOrder) {
                int parent = d.immediateDominator(v);
                if (parent >= 0) {
                    sums[parent] += sums[v];
                }
            }
            addedSize = sums;
        }
        return addedSize[i];
    }

    public long addedSize(StorePath p) {
        return addedSize(indexOf(p));
    }

    /** The dominator tree of this closure, from a virtual root that references every root. */
    public synchronized Dominators dominators() {
        if (dominators == null) {
            dominators = Dominators.compute(paths.length, roots, refs);
        }
        return dominators;
    }

    /**
     * A shortest chain of references from one of the roots to {@code target}, both included
     * (the answer of {@code nix why-depends}); ties go to the smaller path.
     */
    public List<StorePath> whyDepends(StorePath target) {
        int t = indexOf(target);
        int[] via = new int[paths.length];
        Arrays.fill(via, -2);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int r : roots) {
            via[r] = -1;
            queue.add(r);
        }
        while (!queue.isEmpty()) {
            int v = queue.poll();
            if (v == t) {
                break;
            }
            for (int w : refs[v]) {
                if (via[w] == -2) {
                    via[w] = v;
                    queue.add(w);
                }
            }
        }
        List<StorePath> chain = new ArrayList<>();
        for (int v = t; v >= 0; v = via[v]) {
            chain.add(paths[v]);
        }
        Collections.reverse(chain);
        return chain;
    }

    /** The subgraph reachable from the given paths, with those paths as its roots. */
    public Closure restrictTo(Collection<StorePath> newRoots) {
        int[] r = newRoots.stream().mapToInt(this::indexOf).toArray();
        BitSet keep = reachableFrom(r);
        List<PathInfo> infos = new ArrayList<>();
        for (int i = keep.nextSetBit(0); i >= 0; i = keep.nextSetBit(i + 1)) {
            infos.add(new PathInfo(paths[i], narSize[i],
                    Arrays.stream(refs[i]).mapToObj(j -> paths[j]).toList(), narHash[i]));
        }
        return of(infos, newRoots);
    }

    private BitSet reachableFrom(int[] starts) {
        BitSet seen = new BitSet(paths.length);
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        for (int s : starts) {
            if (!seen.get(s)) {
                seen.set(s);
                stack.push(s);
            }
        }
        while (!stack.isEmpty()) {
            int v = stack.pop();
            for (int w : refs[v]) {
                if (!seen.get(w)) {
                    seen.set(w);
                    stack.push(w);
                }
            }
        }
        return seen;
    }
}
