package dev.strata.nix;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The packages of one source, queried from memory. Ranking, case-insensitive: the exact attribute
 * path first, then attribute paths (or their last component, or pname) starting with the query,
 * then names containing it, then descriptions containing it; within a rank shorter attribute paths
 * first, then alphabetical. A query of several words matches when every word matches.
 *
 * <p>Compact, because a nixpkgs-sized set has 120,000 packages (issue 14: under 150 MB in memory,
 * under 30 ms a keystroke): no object per package. Every text field of every package is UTF-8 in
 * one byte array ({@code text}, field f of package i between {@code fields[i*F+f]} and the next
 * offset), and the search reads a second array, {@code keys}, that holds per package its lower-case
 * attribute path, name and description, each preceded by a separator byte that no query word holds:
 *
 * <pre>
 *   keys   = \n hello \t hello \t a friendly greeting \n python3packages.flask \t flask \t web ...
 *   keyAt  =    ^0      ^1      ^2                       ^3 (= next package's attribute path) ...
 * </pre>
 *
 * A word is looked for once in the whole of {@code keys} (one pass over about 13 MB for nixpkgs,
 * no per-package call), and each occurrence is charged to the package and field it falls in: at the
 * start of the attribute path and as long as it is the exact path (rank 0), at the start of the
 * path, of its last component or of the name (rank 1), elsewhere in path or name (rank 2), in the
 * description (rank 3). Since UTF-8 is self-synchronising, a match of the query's UTF-8 bytes is
 * exactly a match of its characters. {@link PackageInfo} objects are made only for results.
 * The same arrays are what {@link PackageIndexFile} keeps on disk.
 */
public final class PackageIndex {
    /** Text fields per package, in this order. */
    static final int F = 8;
    static final int ATTR = 0;
    static final int NAME = 1;
    static final int PNAME = 2;
    static final int VERSION = 3;
    static final int DESCRIPTION = 4;
    static final int LICENSE = 5;
    static final int HOMEPAGE = 6;
    static final int MAIN_PROGRAM = 7;
    static final byte BROKEN = 1;
    static final byte UNFREE = 2;
    /** Key columns per package: attribute path, name, description. */
    static final int K = 3;

    final int count;
    final byte[] text;
    final int[] fields;
    final byte[] flags;
    final byte[] keys;
    final int[] keyAt;
    /** Length of each attribute path in chars (the ranking's tie-break, as String#length). */
    final int[] attrChars;
    /** The last query's matches: typing on narrows them instead of reading every package again. */
    private volatile Matches last;

    private final List<PackageInfo> all = new AbstractList<>() {
        @Override
        public PackageInfo get(int i) {
            return info(i);
        }

        @Override
        public int size() {
            return count;
        }
    };

    public PackageIndex(List<PackageInfo> packages) {
        this(builderOf(packages));
    }

    private static Builder builderOf(List<PackageInfo> packages) {
        Builder b = new Builder();
        packages.forEach(b::add);
        return b;
    }

    private PackageIndex(Builder b) {
        List<Encoded> sorted = b.packages;
        sorted.sort(Comparator.comparing(Encoded::attrPath));
        count = sorted.size();
        flags = new byte[count];
        fields = new int[count * F + 1];
        keyAt = new int[count * K + 1];
        attrChars = new int[count];
        text = new byte[b.textBytes];
        keys = new byte[b.keyBytes + 1];
        int t = 0;
        int k = 0;
        for (int i = 0; i < count; i++) {
            Encoded p = sorted.get(i);
            for (int j = 0; j < F; j++) {
                fields[i * F + j] = t + (j == 0 ? 0 : p.ends()[j - 1]);
            }
            System.arraycopy(p.text(), 0, text, t, p.text().length);
            t += p.text().length;
            for (int j = 0; j < K; j++) {
                keyAt[i * K + j] = k + p.ends()[F + j] + 1; // after the separator byte
            }
            System.arraycopy(p.keys(), 0, keys, k, p.keys().length);
            k += p.keys().length;
            flags[i] = p.flags();
            attrChars[i] = p.attrPath().length();
        }
        fields[count * F] = t;
        keys[k] = '\n';
        keyAt[count * K] = k + 1;
    }

    /**
     * Packages encoded one by one as they are read (on the thread that reads nix-env's output, while
     * nix-env still evaluates), laid out in attribute path order by {@link #build}: the work left
     * when nix-env ends is a sort and a copy, not encoding 120,000 packages' text.
     */
    public static final class Builder {
        private final List<Encoded> packages = new ArrayList<>();
        private int textBytes;
        private int keyBytes;

        public void add(PackageInfo p) {
            Encoded e = Encoded.of(p);
            packages.add(e);
            textBytes = Math.addExact(textBytes, e.text().length);
            keyBytes = Math.addExact(keyBytes, e.keys().length);
        }

        /** The index of the packages added (the builder is used up). */
        public PackageIndex build() {
            return new PackageIndex(this);
        }
    }

    /**
     * One package's text fields (UTF-8, one after the other) and its key columns (each behind its
     * separator byte), with where each field ends: {@code ends[f]} for the F text fields, then
     * {@code ends[F + j]} for where key column j's separator is.
     */
    private record Encoded(String attrPath, byte[] text, int[] ends, byte[] keys, byte flags) {
        static Encoded of(PackageInfo p) {
            String[] f = {p.attrPath(), p.name(), p.pname(), p.version(), p.description(), p.license(), p.homepage(),
                    p.mainProgram()};
            int[] ends = new int[F + K];
            Bytes t = new Bytes(64);
            for (int j = 0; j < F; j++) {
                t.add(f[j].getBytes(StandardCharsets.UTF_8));
                ends[j] = t.size;
            }
            String[] key = {p.attrPath(), p.pname().isEmpty() ? p.name() : p.pname(), p.description()};
            Bytes k = new Bytes(64);
            for (int j = 0; j < K; j++) {
                ends[F + j] = k.size;
                k.add(j == 0 ? (byte) '\n' : (byte) '\t');
                k.add(keyText(key[j]));
            }
            byte flags = (byte) ((p.broken() ? BROKEN : 0) | (p.unfree() ? UNFREE : 0));
            return new Encoded(p.attrPath(), t.trimmed(), ends, k.trimmed(), flags);
        }
    }

    /** The arrays as {@link PackageIndexFile} read them (checked there). */
    PackageIndex(int count, byte[] text, int[] fields, byte[] flags, byte[] keys, int[] keyAt, int[] attrChars) {
        this.count = count;
        this.text = text;
        this.fields = fields;
        this.flags = flags;
        this.keys = keys;
        this.keyAt = keyAt;
        this.attrChars = attrChars;
    }

    /**
     * Lower case, control characters as spaces: then the separators (\n, \t) are in no field, and
     * no query word holds one either ({@link #normalise}).
     */
    private static byte[] keyText(String s) {
        return PackageIndexParser.printable(s.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8);
    }

    /** The query as it is matched: lower case, control characters as spaces, stripped. */
    static String normalise(String query) {
        return query == null ? "" : PackageIndexParser.printable(query.toLowerCase(Locale.ROOT)).strip();
    }

    /** Every package, sorted by attribute path (made as they are read). */
    public List<PackageInfo> all() {
        return all;
    }

    public int size() {
        return count;
    }

    private String field(int i, int f) {
        int from = fields[i * F + f];
        return new String(text, from, fields[i * F + f + 1] - from, StandardCharsets.UTF_8);
    }

    PackageInfo info(int i) {
        return new PackageInfo(field(i, ATTR), field(i, NAME), field(i, PNAME), field(i, VERSION), field(i, DESCRIPTION),
                field(i, LICENSE), field(i, HOMEPAGE), field(i, MAIN_PROGRAM), (flags[i] & BROKEN) != 0,
                (flags[i] & UNFREE) != 0);
    }

    /** The package with exactly this attribute path, if any. */
    public Optional<PackageInfo> get(String attrPath) {
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = field(mid, ATTR).compareTo(attrPath);
            if (c == 0) {
                return Optional.of(info(mid));
            } else if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return Optional.empty();
    }

    public List<PackageInfo> search(String query, int limit) {
        Matches before = last;
        Matches m = search(query, limit, before != null && refines(query, before.query()) ? before : null);
        last = m;
        return Arrays.stream(m.best()).mapToObj(this::info).toList();
    }

    /**
     * True when every package matching {@code query} also matched {@code earlier}: each word of the
     * earlier query is contained in the word at its place now (typing on at the end of a word, or
     * adding words). Then only the earlier matches need to be looked at again.
     */
    static boolean refines(String query, String earlier) {
        String q = normalise(query);
        if (earlier.isEmpty() || q.isEmpty()) {
            return false;
        }
        String[] now = q.split("\\s+");
        String[] then = earlier.split("\\s+");
        if (now.length < then.length) {
            return false;
        }
        for (int j = 0; j < then.length; j++) {
            if (!now[j].contains(then[j])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The indexes of the best {@code limit} packages for the query, best first. With {@code within}
     * (packages that matched a query this one extends, as typing does: every word of this query
     * contains the word at its place there) only those are looked at; null looks at all.
     */
    Matches search(String query, int limit, Matches within) {
        String q = normalise(query);
        if (q.isEmpty()) {
            int[] first = new int[Math.min(limit, count)];
            Arrays.setAll(first, i -> i);
            return new Matches(q, first, null, count);
        }
        String[] words = q.split("\\s+");
        byte[] rank = new byte[count]; // 0 = no match yet; else 1 + the worst rank over the words so far
        for (int w = 0; w < words.length; w++) {
            byte[] best = within != null ? rescan(words[w], within) : scan(words[w]);
            for (int i = 0; i < count; i++) {
                if (best[i] == 0 || (w > 0 && rank[i] == 0)) {
                    rank[i] = 0;
                } else if (w == 0 || best[i] > rank[i]) {
                    rank[i] = best[i];
                }
            }
        }
        int[] perRank = new int[5];
        for (int i = 0; i < count; i++) {
            perRank[rank[i]]++;
        }
        int total = count - perRank[0];
        int[] hits = new int[total];
        int[] start = new int[5];
        for (int r = 2; r <= 4; r++) {
            start[r] = start[r - 1] + perRank[r - 1];
        }
        for (int i = 0; i < count; i++) {
            if (rank[i] != 0) {
                hits[start[rank[i]]++] = i;
            }
        }
        // Order within a rank by attribute path length, then path (index order); sort only what is shown.
        int[] best = new int[Math.min(limit, total)];
        int n = 0;
        int from = 0;
        for (int r = 1; r <= 4 && n < best.length; r++) {
            long[] keyed = new long[perRank[r]];
            for (int j = 0; j < keyed.length; j++) {
                int i = hits[from + j];
                keyed[j] = (long) attrChars[i] << 32 | i;
            }
            Arrays.sort(keyed);
            for (int j = 0; j < keyed.length && n < best.length; j++) {
                best[n++] = (int) keyed[j];
            }
            from += perRank[r];
        }
        return new Matches(q, best, hits, total);
    }

    /**
     * The result of a query as indexes: the best ones in order, all matching packages (in index
     * order within rank groups, null for the empty query) and how many matched.
     */
    record Matches(String query, int[] best, int[] all, int total) {}

    /** Best rank + 1 of the word in each package (0: not found), over the whole key array. */
    private byte[] scan(String word) {
        byte[] best = new byte[count];
        byte[] w = word.getBytes(StandardCharsets.UTF_8);
        int[] at = keyAt;
        byte[] k = keys;
        byte first = w[0];
        int last = k.length - w.length;
        int pkg = 0;
        for (int p = 1; p <= last; p++) {
            if (k[p] != first || !regionMatches(k, p, w)) {
                continue;
            }
            while (at[(pkg + 1) * K] <= p) {
                pkg++;
            }
            charge(best, pkg, p, w);
        }
        return best;
    }

    /** As {@link #scan}, but only in the packages that matched before. */
    private byte[] rescan(String word, Matches within) {
        byte[] best = new byte[count];
        byte[] w = word.getBytes(StandardCharsets.UTF_8);
        byte first = w[0];
        for (int pkg : within.all()) {
            int end = keyAt[(pkg + 1) * K] - 1 - w.length; // the separator before the next package
            for (int p = keyAt[pkg * K]; p <= end; p++) {
                if (keys[p] == first && regionMatches(keys, p, w)) {
                    charge(best, pkg, p, w);
                }
            }
        }
        return best;
    }

    private static boolean regionMatches(byte[] k, int p, byte[] w) {
        for (int j = 1; j < w.length; j++) {
            if (k[p + j] != w[j]) {
                return false;
            }
        }
        return true;
    }

    /** Records an occurrence of {@code w} at {@code p}, which lies in package {@code pkg}. */
    private void charge(byte[] best, int pkg, int p, byte[] w) {
        int attr = keyAt[pkg * K];
        int name = keyAt[pkg * K + 1];
        int r;
        if (p < name) { // the attribute path (its end is name - 1)
            if (p + w.length > name - 1) {
                return; // runs over the separator: cannot happen for a word without one
            }
            if (p == attr) {
                r = p + w.length == name - 1 ? 1 : 2;
            } else if (keys[p - 1] == '.' && lastComponent(p, name - 1)) {
                r = 2;
            } else {
                r = 3;
            }
        } else if (p < keyAt[pkg * K + 2]) {
            r = p == name ? 2 : 3;
        } else {
            r = 4;
        }
        if (best[pkg] == 0 || r < best[pkg]) {
            best[pkg] = (byte) r;
        }
    }

    /** True when no dot follows {@code p} before {@code end}: p starts the path's last component. */
    private boolean lastComponent(int p, int end) {
        for (int j = p; j < end; j++) {
            if (keys[j] == '.') {
                return false;
            }
        }
        return true;
    }

    /** Up to {@code max} attribute paths close to an unknown name, closest first (for error messages). */
    public List<String> closest(String unknown, int max) {
        String u = unknown.toLowerCase(Locale.ROOT);
        record Candidate(int distance, String attr) {}
        List<Candidate> c = new ArrayList<>();
        int limit = Math.max(2, u.length() / 3);
        for (int i = 0; i < count; i++) {
            String attr = field(i, ATTR);
            String lower = attr.toLowerCase(Locale.ROOT);
            String last = lower.substring(lower.lastIndexOf('.') + 1);
            int d = Math.min(distance(u, lower), distance(u, last) + 1);
            if (d <= limit || lower.startsWith(u) || (u.length() >= 3 && lower.contains(u))) {
                c.add(new Candidate(d, attr));
            }
        }
        c.sort(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::attr));
        return c.stream().limit(max).map(Candidate::attr).toList();
    }

    /** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** A growable byte array. */
    private static final class Bytes {
        byte[] b;
        int size;

        Bytes(int capacity) {
            b = new byte[Math.max(64, capacity)];
        }

        void add(byte x) {
            if (size == b.length) {
                b = Arrays.copyOf(b, b.length * 2);
            }
            b[size++] = x;
        }

        void add(byte[] x) {
            if (size + x.length > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, size + x.length));
            }
            System.arraycopy(x, 0, b, size, x.length);
            size += x.length;
        }

        byte[] trimmed() {
            return Arrays.copyOf(b, size);
        }
    }
}
