package dev.strata.bench;

import dev.strata.closure.Closure;
import dev.strata.closure.PathInfo;
import dev.strata.closure.StorePath;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One update of an image, as Nix makes it: some store paths get a new version (a new hash; the
 * name is kept, so popularity data keyed by name still applies) and so does every path that
 * reaches one of them, since a path's hash covers its references. NAR sizes stay as they were.
 * The ideal cost of an update is the changed paths' own bytes.
 */
record Update(Scenario scenario, Corpus.Image image, Closure before, Closure after, int changedPaths, long ideal) {
    /** What changes. */
    enum Scenario {
        APPLICATION("application", "the roots change"),
        LIBRARY("library", "a random dependency and everything above it"),
        CHANNEL("channel bump", CHANNEL_PATHS + " random paths and everything above them"),
        BASE("base library", "glibc and everything above it");

        final String label;
        final String what;

        Scenario(String label, String what) {
            this.label = label;
            this.what = what;
        }
    }

    static final int CHANNEL_PATHS = 5;
    private static final String BASE_NAME = "glibc-";
    private static final String ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";

    /** Every scenario for every image of the corpus; library updates and channel bumps twice. */
    static List<Update> drawAll(Corpus corpus, long seed) {
        List<Update> out = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            int draws = s == Scenario.LIBRARY || s == Scenario.CHANNEL ? 2 : 1;
            for (int i = 0; i < corpus.images.size(); i++) {
                for (int d = 0; d < draws; d++) {
                    Random random = new Random(seed * 1_000_003L + s.ordinal() * 10_007L + i * 101L + d);
                    Update u = draw(s, corpus.images.get(i), random);
                    if (u != null) {
                        out.add(u);
                    }
                }
            }
        }
        return out;
    }

    /** The update of one image, or null when the scenario does not apply (no glibc, nothing below the roots). */
    static Update draw(Scenario s, Corpus.Image image, Random random) {
        Closure c = image.closure();
        List<Integer> seeds = new ArrayList<>();
        switch (s) {
            case APPLICATION -> {
                for (int r : c.rootIndices()) {
                    seeds.add(r);
                }
            }
            case LIBRARY -> {
                List<Integer> below = new ArrayList<>();
                BitSet roots = new BitSet();
                for (int r : c.rootIndices()) {
                    roots.set(r);
                }
                for (int i = 0; i < c.size(); i++) {
                    if (!roots.get(i)) {
                        below.add(i);
                    }
                }
                if (below.isEmpty()) {
                    return null;
                }
                seeds.add(below.get(random.nextInt(below.size())));
            }
            case CHANNEL -> {
                for (int k = 0; k < CHANNEL_PATHS; k++) {
                    seeds.add(random.nextInt(c.size()));
                }
            }
            case BASE -> {
                for (int i = 0; i < c.size(); i++) {
                    if (c.path(i).name().startsWith(BASE_NAME)) {
                        seeds.add(i);
                    }
                }
                if (seeds.isEmpty()) {
                    return null;
                }
            }
        }
        return apply(s, image, seeds, random);
    }

    /** Renames the seeds and everything that reaches them. */
    static Update apply(Scenario s, Corpus.Image image, List<Integer> seeds, Random random) {
        Closure c = image.closure();
        BitSet changed = new BitSet(c.size());
        List<Integer> stack = new ArrayList<>();
        for (int v : seeds) {
            if (!changed.get(v)) {
                changed.set(v);
                stack.add(v);
            }
        }
        while (!stack.isEmpty()) {
            int v = stack.remove(stack.size() - 1);
            for (int u : c.referrers(v)) {
                if (!changed.get(u)) {
                    changed.set(u);
                    stack.add(u);
                }
            }
        }
        Map<StorePath, StorePath> renamed = new HashMap<>();
        long ideal = 0;
        for (int i = changed.nextSetBit(0); i >= 0; i = changed.nextSetBit(i + 1)) {
            StorePath p = c.path(i);
            renamed.put(p, StorePath.of(p.storeDir() + "/" + newHash(random) + "-" + p.name()));
            ideal += c.narSize(i);
        }
        List<PathInfo> infos = new ArrayList<>();
        for (PathInfo info : c.pathInfos()) {
            List<StorePath> refs = info.references().stream().map(r -> renamed.getOrDefault(r, r)).toList();
            infos.add(new PathInfo(renamed.getOrDefault(info.path(), info.path()), info.narSize(), refs));
        }
        List<StorePath> roots = c.roots().stream().map(r -> renamed.getOrDefault(r, r)).toList();
        return new Update(s, image, c, Closure.of(infos, roots), changed.cardinality(), ideal);
    }

    private static String newHash(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 32; k++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
