package dev.strata.layering;

import dev.strata.closure.Closure;
import dev.strata.closure.PathInfo;
import dev.strata.closure.StorePath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/** Builds closures by name for layering tests: {@code path("libc")} is a valid store path named libc. */
final class Fixture {
    private final Map<String, PathInfo> infos = new LinkedHashMap<>();
    private final List<StorePath> roots = new ArrayList<>();

    static StorePath path(String name) {
        String alphabet = "0123456789abcdfghijklmnpqrsvwxyz";
        Random r = new Random(name.hashCode());
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            h.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return StorePath.of("/nix/store/" + h + "-" + name);
    }

    /** A path of {@code size} bytes referencing the named paths (and itself, as Nix lists it). */
    Fixture add(String name, long size, String... refs) {
        List<StorePath> r = new ArrayList<>();
        r.add(path(name));
        for (String ref : refs) {
            r.add(path(ref));
        }
        infos.put(name, new PathInfo(path(name), size, r));
        return this;
    }

    Fixture roots(String... names) {
        for (String n : names) {
            roots.add(path(n));
        }
        return this;
    }

    Closure closure() {
        return Closure.of(infos.values(), roots);
    }

    /** The layers of a plan as sets of names, in manifest order. */
    static List<Set<String>> names(LayerPlan plan) {
        List<Set<String>> out = new ArrayList<>();
        for (Layer l : plan.layers()) {
            Set<String> s = new TreeSet<>();
            l.paths().forEach(p -> s.add(p.name()));
            out.add(s);
        }
        return out;
    }

    static Set<String> set(String... names) {
        return new TreeSet<>(List.of(names));
    }

    static LayerPlan plan(String strategy, Closure closure, Popularity popularity, int budget) {
        return Strategies.byName(strategy).plan(new PlanRequest(closure, popularity, budget, List.of()));
    }
}
