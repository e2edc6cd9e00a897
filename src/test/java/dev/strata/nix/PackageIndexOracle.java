package dev.strata.nix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The straightforward search that {@link PackageIndex} replaced (a list of packages and four lists of
 * lower-case strings, every query a pass of String#contains over them): the oracle its property test
 * compares with, and the baseline of bench/search.sh. The ranking it implements, word for word:
 * The packages of one source, queried from memory. Ranking, case-insensitive: the exact attribute
 * path first, then attribute paths (or their last component, or pname) starting with the query,
 * then names containing it, then descriptions containing it; within a rank shorter attribute paths
 * first, then alphabetical. A query of several words matches when every word matches.
 */
public final class PackageIndexOracle {
    private final List<PackageInfo> packages;
    private final List<String> lowerAttr;
    private final List<String> lowerLast;
    private final List<String> lowerName;
    private final List<String> lowerDescription;

    public PackageIndexOracle(List<PackageInfo> packages) {
        List<PackageInfo> sorted = new ArrayList<>(packages);
        sorted.sort(Comparator.comparing(PackageInfo::attrPath));
        this.packages = List.copyOf(sorted);
        lowerAttr = new ArrayList<>(sorted.size());
        lowerLast = new ArrayList<>(sorted.size());
        lowerName = new ArrayList<>(sorted.size());
        lowerDescription = new ArrayList<>(sorted.size());
        for (PackageInfo p : sorted) {
            String attr = p.attrPath().toLowerCase(Locale.ROOT);
            lowerAttr.add(attr);
            lowerLast.add(attr.substring(attr.lastIndexOf('.') + 1));
            lowerName.add((p.pname().isEmpty() ? p.name() : p.pname()).toLowerCase(Locale.ROOT));
            lowerDescription.add(p.description().toLowerCase(Locale.ROOT));
        }
    }

    public List<PackageInfo> all() {
        return packages;
    }

    public int size() {
        return packages.size();
    }

    /** The package with exactly this attribute path, if any. */
    public Optional<PackageInfo> get(String attrPath) {
        int i = Collections.binarySearch(packages, null,
                (a, b) -> (a == null ? attrPath : a.attrPath()).compareTo(b == null ? attrPath : b.attrPath()));
        return i >= 0 ? Optional.of(packages.get(i)) : Optional.empty();
    }

    public List<PackageInfo> search(String query, int limit) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return packages.subList(0, Math.min(limit, packages.size()));
        }
        String[] words = q.split("\\s+");
        record Hit(int rank, int i) {}
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < packages.size(); i++) {
            int rank = words.length == 1 ? rank(q, i) : rankAll(words, i);
            if (rank >= 0) {
                hits.add(new Hit(rank, i));
            }
        }
        hits.sort(Comparator.comparingInt(Hit::rank)
                .thenComparingInt(h -> packages.get(h.i()).attrPath().length())
                .thenComparing(h -> packages.get(h.i()).attrPath()));
        return hits.stream().limit(limit).map(h -> packages.get(h.i())).toList();
    }

    private int rankAll(String[] words, int i) {
        int worst = -1;
        for (String w : words) {
            int r = rank(w, i);
            if (r < 0) {
                return -1;
            }
            worst = Math.max(worst, r);
        }
        return worst;
    }

    private int rank(String q, int i) {
        String attr = lowerAttr.get(i);
        if (attr.equals(q)) {
            return 0;
        }
        if (attr.startsWith(q) || lowerLast.get(i).startsWith(q) || lowerName.get(i).startsWith(q)) {
            return 1;
        }
        if (attr.contains(q) || lowerName.get(i).contains(q)) {
            return 2;
        }
        if (lowerDescription.get(i).contains(q)) {
            return 3;
        }
        return -1;
    }
}
