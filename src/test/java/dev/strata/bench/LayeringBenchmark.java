package dev.strata.bench;

import dev.strata.closure.Closure;
import dev.strata.closure.PathInfo;
import dev.strata.closure.StorePath;
import dev.strata.layering.Layer;
import dev.strata.layering.LayerPlan;
import dev.strata.layering.LayeringStrategy;
import dev.strata.layering.PlanRequest;
import dev.strata.layering.Strategies;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The sharing benchmark of issue 3 (run it with bench/layering.sh; docs/layering.md explains it).
 *
 * <p>A seeded corpus of images drawn from a synthetic package universe is planned by every
 * strategy at --max-layers 100 and 20 (99 and 19 store layers plus the symlink layer, which is
 * per image and not counted). For each: registry bytes (distinct layers, by layer key), bytes a
 * host pulls pulling all images in order keeping what it has, once reusing layers by digest
 * (containerd, Docker 29+, podman) and once by Docker's ChainID rule (a layer is reused only when
 * the whole stack below it is the same), layers per image, the largest layer's share of its
 * image, and planning time. Then one 20,000-path closure is planned by each strategy. Byte
 * figures are NAR sizes (compression would scale all strategies alike).
 */
public final class LayeringBenchmark {
    static final long SEED = 20240601L;
    static final int UNIVERSE = 3000;
    static final int IMAGES = 40;
    static final int[] BUDGETS = {100, 20};
    static final int BIG_CLOSURE = 20_000;

    record Result(String strategy, int budget, long registry, long pulledDigest, long pulledChain, double meanLayers,
                  int maxLayers, double meanLargestShare, double maxLargestShare, double planMillis,
                  boolean deterministic) {}

    public static void main(String[] args) throws Exception {
        long seed = SEED;
        Corpus.Shape shape = Corpus.Shape.STANDARD;
        boolean corpusOnly = false;
        for (String a : args) {
            if (a.equals("--corpus-only")) {
                corpusOnly = true;
            } else if (a.startsWith("--")) {
                shape = Corpus.Shape.byName(a.substring(2));
            } else {
                seed = Long.parseLong(a);
            }
        }
        Corpus corpus = new Corpus(seed, UNIVERSE, IMAGES, shape);
        printCorpus(corpus, seed);
        if (corpusOnly) {
            return;
        }
        Set<String> union = new HashSet<>();
        long noSharing = 0;
        Map<String, Long> sizeOf = new HashMap<>();
        for (Corpus.Image im : corpus.images) {
            noSharing += im.bytes();
            for (PathInfo p : im.closure().pathInfos()) {
                union.add(p.path().path());
                sizeOf.put(p.path().path(), p.narSize());
            }
        }
        long ideal = union.stream().mapToLong(sizeOf::get).sum();
        System.out.printf(Locale.ROOT, "reference points: ideal (every distinct path once) %s; no sharing %s (%.2fx ideal)%n%n",
                gb(ideal), gb(noSharing), (double) noSharing / ideal);

        Map<Integer, List<Result>> all = new HashMap<>();
        for (int budget : BUDGETS) {
            List<Result> results = new ArrayList<>();
            for (LayeringStrategy s : ordered()) {
                results.add(run(s, budget, corpus));
            }
            all.put(budget, results);
            printTable(budget, results, ideal, noSharing);
        }
        if (System.getProperty("bench.only") != null) {
            return;
        }
        double[] bigTimes = bigClosure(seed);
        printTargets(all, ideal, bigTimes);
    }

    static List<LayeringStrategy> ordered() {
        List<LayeringStrategy> list = new ArrayList<>();
        for (String n : System.getProperty("bench.only", "nixery,popularity,size,strata").split(",")) {
            list.add(Strategies.byName(n));
        }
        return list;
    }

    static Result run(LayeringStrategy s, int budget, Corpus corpus) throws Exception {
        int store = budget - 1;
        // Warm up once, then time the second round.
        List<LayerPlan> plans = null;
        double millis = 0;
        for (int round = 0; round < 2; round++) {
            plans = new ArrayList<>();
            long t0 = System.nanoTime();
            for (Corpus.Image im : corpus.images) {
                Closure fresh = Closure.of(im.closure().pathInfos(), im.roots());
                plans.add(s.plan(new PlanRequest(fresh, corpus.popularity, store, List.of())));
            }
            millis = (System.nanoTime() - t0) / 1e6;
        }
        boolean deterministic = true;
        Random shuffle = new Random(7);
        for (int i = 0; i < corpus.images.size(); i++) {
            Corpus.Image im = corpus.images.get(i);
            List<PathInfo> infos = new ArrayList<>(im.closure().pathInfos());
            Collections.shuffle(infos, shuffle);
            List<StorePath> roots = new ArrayList<>(im.roots());
            Collections.shuffle(roots, shuffle);
            LayerPlan again = s.plan(new PlanRequest(Closure.of(infos, roots), corpus.popularity, store, List.of()));
            deterministic &= again.equals(plans.get(i));
        }
        Set<String> registry = new HashSet<>();
        long registryBytes = 0;
        Set<String> pulled = new HashSet<>();
        long pulledBytes = 0;
        Set<String> chains = new HashSet<>();
        long chainBytes = 0;
        long layerSum = 0;
        int layerMax = 0;
        double shareSum = 0;
        double shareMax = 0;
        for (int i = 0; i < plans.size(); i++) {
            LayerPlan plan = plans.get(i);
            long imageBytes = corpus.images.get(i).bytes();
            String chain = "";
            long largest = 0;
            for (Layer l : plan.layers()) {
                if (registry.add(l.key())) {
                    registryBytes += l.narSize();
                }
                if (pulled.add(l.key())) {
                    pulledBytes += l.narSize();
                }
                chain = sha256(chain + "/" + l.key());
                if (chains.add(chain)) {
                    chainBytes += l.narSize();
                }
                largest = Math.max(largest, l.narSize());
            }
            layerSum += plan.layers().size();
            layerMax = Math.max(layerMax, plan.layers().size());
            double share = imageBytes == 0 ? 0 : (double) largest / imageBytes;
            shareSum += share;
            shareMax = Math.max(shareMax, share);
        }
        int count = plans.size();
        return new Result(s.name(), budget, registryBytes, pulledBytes, chainBytes, (double) layerSum / count, layerMax,
                shareSum / count, shareMax, millis, deterministic);
    }

    static void printCorpus(Corpus corpus, long seed) {
        int[] counts = corpus.images.stream().mapToInt(im -> im.closure().size()).sorted().toArray();
        long[] bytes = corpus.images.stream().mapToLong(Corpus.Image::bytes).sorted().toArray();
        long singles = corpus.images.stream().filter(im -> im.roots().size() == 1).count();
        System.out.printf(Locale.ROOT, "corpus: seed %d, %s shape, universe of %d packages, %d images (%d single "
                        + "applications, %d combinations of 2-4)%n", seed, corpus.shape.name(), corpus.universe.size(),
                corpus.images.size(), singles,
                corpus.images.size() - singles);
        System.out.printf(Locale.ROOT, "paths per image: min %d, quartiles %d / %d / %d, max %d; over 99 paths: %d images; "
                        + "bytes per image: median %s, max %s%n",
                counts[0], counts[counts.length / 4], counts[counts.length / 2], counts[3 * counts.length / 4],
                counts[counts.length - 1], Arrays.stream(counts).filter(c -> c > 99).count(),
                mb(bytes[bytes.length / 2]), mb(bytes[bytes.length - 1]));
    }

    static void printTable(int budget, List<Result> results, long ideal, long noSharing) {
        System.out.printf(Locale.ROOT, "--max-layers %d (%d store layers per image; load average %s)%n", budget,
                budget - 1, loadAverage());
        System.out.printf(Locale.ROOT, "%-11s %18s %18s %18s %9s %9s %15s %10s %6s%n", "strategy", "registry",
                "pulled by digest", "pulled by ChainID", "layers", "max", "largest layer", "plan (ms)", "det.");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-11s %10s %6.3fx %10s %6.3fx %10s %6.3fx %9.1f %9d %6.1f%% %6.1f%% %10.1f %6s%n",
                    r.strategy(), gb(r.registry()), (double) r.registry() / ideal, gb(r.pulledDigest()),
                    (double) r.pulledDigest() / ideal, gb(r.pulledChain()), (double) r.pulledChain() / ideal,
                    r.meanLayers(), r.maxLayers(), 100 * r.meanLargestShare(), 100 * r.maxLargestShare(),
                    r.planMillis(), r.deterministic() ? "yes" : "NO");
        }
        System.out.printf(Locale.ROOT, "(ratios are to the ideal; largest layer: mean and max share of its image)%n%n");
    }

    /**
     * Plans one 20,000-path closure with each strategy: median of 5 timed runs after 2 warm-ups,
     * wall-clock and this thread's CPU time (planning is single-threaded; CPU time does not depend
     * on what else the shared machine runs). Returns the CPU medians.
     */
    static double[] bigClosure(long seed) {
        Corpus big = new Corpus(seed + 1, BIG_CLOSURE, 1);
        List<PathInfo> infos = big.universe;
        List<LayeringStrategy> strategies = ordered();
        double[] medians = new double[strategies.size()];
        double[] cpuMedians = new double[strategies.size()];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "one closure of %d paths (%d references), --max-layers 100 (median of 5 runs; "
                        + "load average %s):%n", infos.size(), infos.stream().mapToInt(p -> p.references().size()).sum(),
                loadAverage());
        for (int s = 0; s < strategies.size(); s++) {
            double[] times = new double[7];
            double[] cpu = new double[7];
            for (int run = 0; run < times.length; run++) {
                Closure fresh = Closure.of(infos);
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                strategies.get(s).plan(new PlanRequest(fresh, big.popularity, 99, List.of()));
                times[run] = (System.nanoTime() - t0) / 1e6;
                cpu[run] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
            }
            medians[s] = middle(times);
            cpuMedians[s] = middle(cpu);
        }
        for (int s = 0; s < strategies.size(); s++) {
            System.out.printf(Locale.ROOT, "  %-11s %8.1f ms  (%7.1f ms CPU; %.2fx nixery)%n", strategies.get(s).name(),
                    medians[s], cpuMedians[s], cpuMedians[s] / cpuMedians[0]);
        }
        System.out.println();
        return cpuMedians;
    }

    /** The median of the runs after the 2 warm-ups. */
    static double middle(double[] times) {
        double[] timed = Arrays.copyOfRange(times, 2, times.length);
        Arrays.sort(timed);
        return timed[timed.length / 2];
    }

    static void printTargets(Map<Integer, List<Result>> all, long ideal, double[] bigTimes) {
        System.out.println("targets:");
        Result s100 = find(all.get(100), "strata");
        double digest100 = (double) s100.pulledDigest() / ideal;
        line(digest100 <= 1.05, String.format(Locale.ROOT,
                "budget 100, reuse by digest: strata within 5%% of the ideal (%.3fx ideal)", digest100));
        long bestChain100 = bestOther(all.get(100), Result::pulledChain);
        double chainRatio = (double) s100.pulledChain() / bestChain100;
        line(chainRatio <= 0.90, String.format(Locale.ROOT,
                "budget 100, ChainID rule: strata at least 10%% below the best other (%.3fx the best other, %s vs %s)",
                chainRatio, gb(s100.pulledChain()), gb(bestChain100)));
        Result s20 = find(all.get(20), "strata");
        long bestDigest20 = bestOther(all.get(20), Result::pulledDigest);
        long bestChain20 = bestOther(all.get(20), Result::pulledChain);
        line(s20.pulledDigest() <= bestDigest20, String.format(Locale.ROOT,
                "budget 20, reuse by digest: strata no worse than the best other (%.3fx the best other)",
                (double) s20.pulledDigest() / bestDigest20));
        line(s20.pulledChain() <= bestChain20, String.format(Locale.ROOT,
                "budget 20, ChainID rule: strata no worse than the best other (%.3fx the best other)",
                (double) s20.pulledChain() / bestChain20));
        boolean det = all.values().stream().flatMap(List::stream).allMatch(Result::deterministic);
        line(det, "every plan deterministic (same plan again, and with input order shuffled)");
        double strataBig = bigTimes[bigTimes.length - 1];
        line(strataBig < 1000, String.format(Locale.ROOT, "20,000 paths planned by strata in under a second (%.0f ms CPU)",
                strataBig));
    }

    interface Metric {
        long of(Result r);
    }

    static long bestOther(List<Result> results, Metric m) {
        return results.stream().filter(r -> !r.strategy().equals("strata")).mapToLong(m::of).min().orElseThrow();
    }

    static Result find(List<Result> results, String name) {
        return results.stream().filter(r -> r.strategy().equals(name)).findFirst().orElseThrow();
    }

    static void line(boolean pass, String text) {
        System.out.println((pass ? "PASS " : "MISS ") + text);
    }

    /** The 1-minute load average, since timings on a shared machine depend on it. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }

    static String sha256(String s) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
