package dev.strata.layering;

import dev.strata.StrataException;
import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns what a user wrote after {@code --pin} into {@link Pin}s: a requested package (its
 * outputs), a full store path, or a store path name without hash ({@code openssl-3.0.13}, every
 * path of that name). A spec that matches nothing is an error that names the closest matches.
 */
public final class Pins {
    private Pins() {}

    /**
     * @param packages the requested packages of the image (the name given and its attribute path
     *     both work) and their outputs; empty for a saved closure
     */
    public static List<Pin> resolve(List<String> specs, Closure closure, Map<String, List<StorePath>> packages) {
        List<Pin> pins = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : specs) {
            String spec = raw == null ? "" : raw.strip();
            if (spec.isEmpty()) {
                throw new StrataException("--pin needs a value: a package, a store path or a store path name");
            }
            if (!seen.add(spec)) {
                continue;
            }
            pins.add(new Pin(spec, match(spec, closure, packages)));
        }
        return pins;
    }

    private static List<StorePath> match(String spec, Closure closure, Map<String, List<StorePath>> packages) {
        List<StorePath> outputs = packages.get(spec);
        if (outputs != null && !outputs.isEmpty()) {
            return outputs;
        }
        if (spec.startsWith("/")) {
            StorePath p;
            try {
                p = StorePath.of(spec);
            } catch (IllegalArgumentException e) {
                throw new StrataException("--pin " + spec + " is not a store path; write /nix/store/HASH-NAME, a store "
                        + "path name such as " + example(closure) + ", or a requested package");
            }
            if (!closure.contains(p)) {
                throw new StrataException("--pin " + spec + " is not in this image's closure"
                        + suggestion(p.name(), closure, packages) + "; pin one of its store paths");
            }
            return List.of(p);
        }
        List<StorePath> byName = new ArrayList<>();
        for (StorePath p : closure.paths()) {
            if (p.name().equals(spec) || p.baseName().equals(spec)) {
                byName.add(p);
            }
        }
        if (!byName.isEmpty()) {
            return byName;
        }
        throw new StrataException("--pin '" + spec + "' matches no requested package and no store path of this image"
                + suggestion(spec, closure, packages) + "; pin a requested package, a store path or a store path "
                + "name such as " + example(closure));
    }

    private static String example(Closure closure) {
        return closure.roots().stream().map(StorePath::name).min(Comparator.naturalOrder())
                .orElse(closure.size() == 0 ? "glibc-2.37-8" : closure.path(0).name());
    }

    private static String suggestion(String spec, Closure closure, Map<String, List<StorePath>> packages) {
        Set<String> candidates = new TreeSet<>(packages.keySet());
        closure.paths().forEach(p -> candidates.add(p.name()));
        String wanted = spec.toLowerCase(Locale.ROOT);
        List<String> close = candidates.stream()
                .filter(c -> distance(wanted, c.toLowerCase(Locale.ROOT)) <= Math.max(2, wanted.length() / 3)
                        || c.toLowerCase(Locale.ROOT).startsWith(wanted))
                .sorted(Comparator.comparingInt((String c) -> distance(wanted, c.toLowerCase(Locale.ROOT)))
                        .thenComparing(c -> c))
                .limit(3).toList();
        return close.isEmpty() ? "" : " (did you mean " + String.join(", ", close) + "?)";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
