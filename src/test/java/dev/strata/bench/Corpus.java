package dev.strata.bench;

import dev.strata.closure.Closure;
import dev.strata.closure.PathInfo;
import dev.strata.closure.StorePath;
import dev.strata.layering.Popularity;
import dev.strata.layering.PopularityCount;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A seeded synthetic package universe shaped like a real package set, and images drawn from it.
 *
 * <p>Shape: a libc-like base (glibc, gcc-lib, zlib, openssl, ... referenced by most packages),
 * language ecosystems (a big runtime such as python or a JDK, and packages that reference the
 * runtime and each other), and general C libraries and tools. References go to earlier packages
 * only (a DAG, like build order) and are chosen by preferential attachment, which gives the
 * power-law fan-in of nixpkgs. NAR sizes are log-normal. Images are single applications and
 * combinations of 2-4 packages, drawn with Zipf weights from a pool, so popular applications
 * recur, as on a real registry.
 */
final class Corpus {
    record Image(String name, List<StorePath> roots, Closure closure) {
        long bytes() {
            return closure.totalNarSize();
        }
    }

    /**
     * How many references a package draws: Poisson means for an ecosystem package's references into
     * its ecosystem and to general libraries, for a general package's references, and the share of
     * references drawn uniformly instead of by fan-in.
     */
    record Shape(String name, double ecoMembers, double ecoGeneral, double general, double uniform) {
        /** Server-sized images (55 / 76 / 112 paths at the quartiles on the main seed). */
        static final Shape STANDARD = new Shape("standard", 2.5, 1.2, 2.0, 0.25);
        /** The heavier corpus tried first in issue 3: desktop-sized closures (100 / 149 / 213 paths). */
        static final Shape HEAVY = new Shape("heavy", 3.0, 1.5, 2.5, 0.3);

        static Shape byName(String name) {
            return switch (name) {
                case "standard" -> STANDARD;
                case "heavy" -> HEAVY;
                default -> throw new IllegalArgumentException("unknown corpus shape " + name + "; standard or heavy");
            };
        }
    }

    final List<PathInfo> universe;
    final Popularity popularity;
    final List<Image> images = new ArrayList<>();

    private static final String ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";
    private static final String[][] BASE = {
        // name, size in KB, references (by base index)
        {"glibc-2.39-52", "30000"},
        {"gcc-13.2.0-lib", "8000", "0"},
        {"zlib-1.3.1", "130", "0"},
        {"bash-5.2p26", "1700", "0"},
        {"openssl-3.0.14", "6500", "0"},
        {"ncurses-6.4", "3100", "0"},
        {"xz-5.4.6", "600", "0"},
        {"bzip2-1.0.8", "160", "0"},
        {"libffi-3.4.6", "80", "0"},
        {"tzdata-2024a", "2100"},
        {"iana-etc-20240318", "1300"},
        {"nss-cacert-3.98", "500"},
        {"coreutils-9.5", "7200", "0", "1"},
        {"libxml2-2.12.6", "2500", "0", "2", "6"},
        {"curl-8.7.1", "1200", "0", "2", "4"},
    };
    private static final String[][] ECOSYSTEMS = {
        // runtime name, runtime size KB, member prefix
        {"python3-3.11.9", "110000", "python3.11"},
        {"perl-5.38.2", "55000", "perl5.38"},
        {"nodejs-20.12.2", "80000", "node"},
        {"openjdk-21.0.3", "320000", "java"},
        {"ruby-3.3.1", "45000", "ruby3.3"},
        {"llvm-17.0.6-lib", "420000", "llvm17"},
        {"qtbase-6.7.0", "160000", "qt6"},
        {"gtk+3-3.24.41", "70000", "gtk3"},
    };

    final Shape shape;

    Corpus(long seed, int universeSize, int imageCount) {
        this(seed, universeSize, imageCount, Shape.STANDARD);
    }

    Corpus(long seed, int universeSize, int imageCount, Shape shape) {
        this.shape = shape;
        Random random = new Random(seed);
        List<String> names = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        List<List<Integer>> refs = new ArrayList<>();
        List<Integer> urn = new ArrayList<>(); // general libraries, once per node plus once per reference
        List<List<Integer>> ecoUrns = new ArrayList<>();
        List<Integer> runtimes = new ArrayList<>();
        List<Integer> generalNodes = new ArrayList<>();
        List<List<Integer>> ecoNodes = new ArrayList<>();
        for (String[] b : BASE) {
            int id = names.size();
            names.add(b[0]);
            sizes.add(Long.parseLong(b[1]) * 1024);
            List<Integer> r = new ArrayList<>();
            for (int k = 2; k < b.length; k++) {
                r.add(Integer.parseInt(b[k]));
            }
            refs.add(r);
            urn.add(id);
            generalNodes.add(id);
            for (int x : r) {
                urn.add(x);
            }
        }
        for (String[] e : ECOSYSTEMS) {
            int id = names.size();
            names.add(e[0]);
            sizes.add(Long.parseLong(e[1]) * 1024);
            List<Integer> r = new ArrayList<>(List.of(0, 1, 2));
            for (int k = 0; k < 3; k++) {
                int pick = urn.get(random.nextInt(urn.size()));
                if (!r.contains(pick)) {
                    r.add(pick);
                }
            }
            refs.add(r);
            runtimes.add(id);
            List<Integer> eu = new ArrayList<>();
            eu.add(id);
            ecoUrns.add(eu);
            ecoNodes.add(new ArrayList<>(List.of(id)));
        }
        // Ecosystem weights: Zipf-like, python the biggest.
        double[] ecoWeight = new double[ECOSYSTEMS.length];
        double ecoTotal = 0;
        for (int e = 0; e < ecoWeight.length; e++) {
            ecoWeight[e] = 1.0 / (e + 1);
            ecoTotal += ecoWeight[e];
        }
        while (names.size() < universeSize) {
            int id = names.size();
            boolean inEco = random.nextDouble() < 0.5;
            int eco = -1;
            if (inEco) {
                double x = random.nextDouble() * ecoTotal;
                eco = 0;
                while (x > ecoWeight[eco]) {
                    x -= ecoWeight[eco];
                    eco++;
                }
            }
            String prefix = eco >= 0 ? ECOSYSTEMS[eco][2] + "-" : "";
            names.add(prefix + word(random) + id + "-" + (1 + random.nextInt(9)) + "." + random.nextInt(20));
            sizes.add(logNormalSize(random));
            LinkedHashSet<Integer> r = new LinkedHashSet<>();
            if (eco >= 0) {
                r.add(runtimes.get(eco));
                int members = poisson(random, shape.ecoMembers());
                List<Integer> eu = ecoUrns.get(eco);
                for (int k = 0; k < members; k++) {
                    r.add(pick(random, eu, ecoNodes.get(eco), shape.uniform()));
                }
                int general = poisson(random, shape.ecoGeneral());
                for (int k = 0; k < general; k++) {
                    r.add(pick(random, urn, generalNodes, shape.uniform()));
                }
            } else {
                if (random.nextDouble() < 0.9) {
                    r.add(0);
                }
                int general = 1 + poisson(random, shape.general())
                        + (random.nextDouble() < 0.08 ? poisson(random, 10) : 0);
                for (int k = 0; k < general; k++) {
                    r.add(pick(random, urn, generalNodes, shape.uniform()));
                }
            }
            r.remove(id);
            refs.add(new ArrayList<>(r));
            if (eco >= 0) {
                List<Integer> eu = ecoUrns.get(eco);
                eu.add(id);
                ecoNodes.get(eco).add(id);
                for (int x : r) {
                    if (ecoOf(names.get(x), eco)) {
                        eu.add(x);
                    }
                }
            } else {
                urn.add(id);
                generalNodes.add(id);
            }
            for (int x : r) {
                if (!isEcoMember(names.get(x))) {
                    urn.add(x);
                }
            }
        }
        List<StorePath> paths = new ArrayList<>();
        Set<String> hashes = new HashSet<>();
        for (String name : names) {
            String h;
            do {
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < 32; k++) {
                    sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
                h = sb.toString();
            } while (!hashes.add(h));
            paths.add(StorePath.of("/nix/store/" + h + "-" + name));
        }
        universe = new ArrayList<>();
        Map<StorePath, List<StorePath>> refMap = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            List<StorePath> rp = refs.get(i).stream().map(paths::get).toList();
            universe.add(new PathInfo(paths.get(i), sizes.get(i), rp));
            refMap.put(paths.get(i), rp);
        }
        popularity = PopularityCount.count(refMap);
        drawImages(random, refs, paths, imageCount);
    }

    private static boolean ecoOf(String name, int eco) {
        return name.startsWith(ECOSYSTEMS[eco][2] + "-") || name.equals(ECOSYSTEMS[eco][0]);
    }

    private static boolean isEcoMember(String name) {
        for (String[] e : ECOSYSTEMS) {
            if (name.startsWith(e[2] + "-") || name.equals(e[0])) {
                return true;
            }
        }
        return false;
    }

    private void drawImages(Random random, List<List<Integer>> refs, List<StorePath> paths, int imageCount) {
        int n = paths.size();
        int[] fanIn = new int[n];
        for (List<Integer> r : refs) {
            for (int x : r) {
                fanIn[x]++;
            }
        }
        // The pool: applications (nothing references them) and the runtimes, in random order; Zipf weights.
        List<Integer> pool = new ArrayList<>();
        for (int i = BASE.length; i < n; i++) {
            if (fanIn[i] == 0 || (i < BASE.length + ECOSYSTEMS.length)) {
                pool.add(i);
            }
        }
        Collections.shuffle(pool, random);
        pool = new ArrayList<>(pool.subList(0, Math.min(150, pool.size())));
        double[] w = new double[pool.size()];
        double total = 0;
        for (int k = 0; k < w.length; k++) {
            w[k] = 1.0 / Math.pow(k + 1, 0.9);
            total += w[k];
        }
        Set<Set<Integer>> seen = new HashSet<>();
        int singles = imageCount * 2 / 5;
        List<List<Integer>> drawn = new ArrayList<>();
        while (drawn.size() < imageCount) {
            int want = drawn.size() < singles ? 1 : 2 + random.nextInt(3);
            Set<Integer> roots = new TreeSet<>();
            while (roots.size() < want) {
                double x = random.nextDouble() * total;
                int k = 0;
                while (k < w.length - 1 && x > w[k]) {
                    x -= w[k];
                    k++;
                }
                roots.add(pool.get(k));
            }
            if (seen.add(roots)) {
                drawn.add(new ArrayList<>(roots));
            }
        }
        Collections.shuffle(drawn, random);
        for (List<Integer> roots : drawn) {
            BitSet in = new BitSet(n);
            ArrayList<Integer> stack = new ArrayList<>(roots);
            roots.forEach(in::set);
            while (!stack.isEmpty()) {
                int v = stack.remove(stack.size() - 1);
                for (int x : refs.get(v)) {
                    if (!in.get(x)) {
                        in.set(x);
                        stack.add(x);
                    }
                }
            }
            List<PathInfo> infos = new ArrayList<>();
            for (int i = in.nextSetBit(0); i >= 0; i = in.nextSetBit(i + 1)) {
                infos.add(universe.get(i));
            }
            List<StorePath> rootPaths = roots.stream().map(paths::get).toList();
            String name = String.join("+", rootPaths.stream().map(p -> shortName(p.name())).toList());
            images.add(new Image(name, rootPaths, Closure.of(infos, rootPaths)));
        }
    }

    private static String shortName(String name) {
        int dash = name.lastIndexOf('-');
        return dash > 0 ? name.substring(0, dash) : name;
    }

    /** The closure of the whole universe: every package a root when nothing references it. */
    Closure universeClosure() {
        return Closure.of(universe);
    }

    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "qu", "pi",
        "dra", "fen", "gor", "hul", "jin", "wex", "yam", "bor", "cli"};

    private static String word(Random random) {
        int len = 2 + random.nextInt(2);
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < len; k++) {
            b.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return b.toString();
    }

    /** Log-normal: median 600 KiB, sigma 2 (a few packages reach hundreds of MB, as in nixpkgs). */
    private static long logNormalSize(Random random) {
        double v = Math.exp(Math.log(600 * 1024) + 2.0 * random.nextGaussian());
        return Math.max(1024, Math.min((long) v, 1500L * 1024 * 1024));
    }

    /** Preferential attachment (by fan-in) most of the time, else any earlier package alike. */
    private static int pick(Random random, List<Integer> urn, List<Integer> nodes, double uniform) {
        if (random.nextDouble() < uniform) {
            return nodes.get(random.nextInt(nodes.size()));
        }
        return urn.get(random.nextInt(urn.size()));
    }

    private static int poisson(Random random, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
