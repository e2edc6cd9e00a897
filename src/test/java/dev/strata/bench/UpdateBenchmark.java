package dev.strata.bench;

import dev.strata.closure.Closure;
import dev.strata.closure.PathInfo;
import dev.strata.closure.StorePath;
import dev.strata.layering.Layer;
import dev.strata.layering.LayerPlan;
import dev.strata.layering.LayeringStrategy;
import dev.strata.layering.PlanRequest;
import dev.strata.layering.PreviousPlan;
import dev.strata.layering.PullCost;
import dev.strata.layering.Strategies;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The update benchmark of issue 15 (run it with bench/updates.sh; docs/layering.md explains it).
 *
 * <p>Day two: a host holds an image and pulls its next version. For every image of the sharing
 * benchmark's corpus, seeded updates ({@link Update}: application, library, channel bump, base
 * library) give an old and a new closure; each strategy plans both, and the bytes the host must
 * pull for the new plan are counted under both reuse rules ({@link PullCost}: by digest, by
 * ChainID) against the ideal, the changed paths' own bytes. The row {@code strata --previous}
 * plans the new closure with the old plan as {@code --previous}. Then one 20,000-path closure is
 * planned by strata, fresh and with its previous plan after a library update.
 */
public final class UpdateBenchmark {
    static final int[] BUDGETS = {100, 20};
    static final String PREVIOUS = " --previous";

    /**
     * Bytes pulled by digest and by ChainID, the ideal, and the stranded bytes: unchanged paths
     * that shared a layer of the old plan with a changed path. No plan made afterwards can reuse
     * them (the host has them only inside a layer that also holds a path gone now), so the ideal
     * plus the stranded bytes is the least any {@code --previous} plan pulls by digest.
     */
    record Cost(long digest, long chain, long ideal, long stranded) {
        Cost plus(Cost o) {
            return new Cost(digest + o.digest, chain + o.chain, ideal + o.ideal, stranded + o.stranded);
        }
    }

    record Row(String name, Map<Update.Scenario, Cost> byScenario, Cost all, boolean deterministic) {}

    public static void main(String[] args) {
        long seed = LayeringBenchmark.SEED;
        Corpus.Shape shape = Corpus.Shape.STANDARD;
        for (String a : args) {
            if (a.equals("--timing-only")) {
                bigClosure(seed);
                return;
            }
            if (a.startsWith("--")) {
                shape = Corpus.Shape.byName(a.substring(2));
            } else {
                seed = Long.parseLong(a);
            }
        }
        Corpus corpus = new Corpus(seed, LayeringBenchmark.UNIVERSE, LayeringBenchmark.IMAGES, shape);
        LayeringBenchmark.printCorpus(corpus, seed);
        List<Update> updates = Update.drawAll(corpus, seed);
        printUpdates(updates);
        Map<Integer, List<Row>> all = new LinkedHashMap<>();
        for (int budget : BUDGETS) {
            List<Row> rows = new ArrayList<>();
            for (String name : rowNames()) {
                rows.add(run(name, budget, updates, corpus));
            }
            all.put(budget, rows);
            printTable(budget, rows);
        }
        if (System.getProperty("bench.only") != null) {
            return;
        }
        double[] times = bigClosure(seed);
        printTargets(all, times);
    }

    static List<String> rowNames() {
        return List.of(System.getProperty("bench.only", "nixery,popularity,size,strata,nixery" + PREVIOUS + ",popularity"
                + PREVIOUS + ",size" + PREVIOUS + ",strata" + PREVIOUS).split(","));
    }

    static Row run(String name, int budget, List<Update> updates, Corpus corpus) {
        boolean previous = name.endsWith(PREVIOUS);
        LayeringStrategy s = Strategies.byName(previous ? name.substring(0, name.length() - PREVIOUS.length()) : name);
        int store = budget - 1;
        Map<Update.Scenario, Cost> by = new EnumMap<>(Update.Scenario.class);
        Cost total = new Cost(0, 0, 0, 0);
        boolean deterministic = true;
        Random shuffle = new Random(7);
        for (Update u : updates) {
            LayerPlan old = s.plan(new PlanRequest(u.before(), corpus.popularity, store, List.of()));
            PlanRequest request = new PlanRequest(u.after(), corpus.popularity, store, List.of());
            if (previous) {
                request = request.withPrevious(PreviousPlan.of("old", old));
            }
            LayerPlan fresh = s.plan(request);
            PullCost cost = PullCost.of(fresh, PreviousPlan.of("old", old));
            Cost c = new Cost(cost.byDigest(), cost.byChain(), u.ideal(), stranded(old, u));
            by.merge(u.scenario(), c, Cost::plus);
            total = total.plus(c);
            List<PathInfo> infos = new ArrayList<>(u.after().pathInfos());
            Collections.shuffle(infos, shuffle);
            List<StorePath> roots = new ArrayList<>(u.after().roots());
            Collections.shuffle(roots, shuffle);
            PlanRequest shuffled = new PlanRequest(Closure.of(infos, roots), corpus.popularity, store, List.of(),
                    request.previous());
            deterministic &= s.plan(shuffled).equals(fresh);
        }
        return new Row(name, by, total, deterministic);
    }

    /** Unchanged paths' bytes in layers of the old plan that also hold a changed path. */
    static long stranded(LayerPlan old, Update u) {
        long out = 0;
        for (Layer l : old.layers()) {
            long unchanged = 0;
            boolean broken = false;
            for (StorePath p : l.paths()) {
                int now = u.after().find(p).orElse(-1);
                if (now < 0) {
                    broken = true;
                } else {
                    unchanged += u.after().narSize(now);
                }
            }
            out += broken ? unchanged : 0;
        }
        return out;
    }

    static void printUpdates(List<Update> updates) {
        System.out.println("updates (seeded; a changed path gets a new hash, and so does every path that reaches it):");
        for (Update.Scenario s : Update.Scenario.values()) {
            List<Update> of = updates.stream().filter(u -> u.scenario() == s).toList();
            double share = of.stream().mapToDouble(u -> (double) u.ideal() / u.before().totalNarSize()).average()
                    .orElse(0);
            double paths = of.stream().mapToDouble(u -> (double) u.changedPaths() / u.before().size()).average()
                    .orElse(0);
            System.out.printf(Locale.ROOT, "  %-13s %3d updates (%s): %4.1f%% of paths, %4.1f%% of bytes changed on "
                    + "average; ideal %s%n", s.label, of.size(), s.what, 100 * paths, 100 * share,
                    LayeringBenchmark.gb(of.stream().mapToLong(Update::ideal).sum()));
        }
        System.out.println();
    }

    static void printTable(int budget, List<Row> rows) {
        System.out.printf(Locale.ROOT, "--max-layers %d: bytes a host holding the old image pulls for the new one, "
                + "x ideal (digest / ChainID)%n", budget);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-18s", "strategy"));
        for (Update.Scenario s : Update.Scenario.values()) {
            head.append(String.format(Locale.ROOT, " %17s", s.label));
        }
        head.append(String.format(Locale.ROOT, " %17s %6s", "all updates", "det."));
        System.out.println(head);
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-18s", r.name()));
            for (Update.Scenario s : Update.Scenario.values()) {
                line.append(cell(r.byScenario().get(s)));
            }
            line.append(cell(r.all())).append(String.format(Locale.ROOT, " %6s", r.deterministic() ? "yes" : "NO"));
            System.out.println(line);
        }
        System.out.println();
    }

    static String cell(Cost c) {
        return String.format(Locale.ROOT, " %7.3fx %7.3fx", (double) c.digest() / c.ideal(),
                (double) c.chain() / c.ideal());
    }

    /**
     * One 20,000-path closure planned by strata, fresh and with --previous after a library update:
     * wall-clock and this thread's CPU time (planning is single-threaded, so CPU time is the figure
     * that does not depend on what else the machine runs).
     */
    static double[] bigClosure(long seed) {
        Corpus big = new Corpus(seed + 1, LayeringBenchmark.BIG_CLOSURE, 1);
        Closure closure = big.universeClosure();
        Corpus.Image image = new Corpus.Image("universe", closure.roots(), closure);
        Update u = Update.draw(Update.Scenario.LIBRARY, image, new Random(seed));
        LayeringStrategy strata = Strategies.defaultStrategy();
        PlanRequest first = new PlanRequest(u.before(), big.popularity, 99, List.of());
        PreviousPlan previous = PreviousPlan.of("old", strata.plan(first));
        PlanRequest again = new PlanRequest(u.after(), big.popularity, 99, List.of()).withPrevious(previous);
        double[] fresh = median(first);
        double[] withPrevious = median(again);
        System.out.printf(Locale.ROOT, "one closure of %d paths, --max-layers 100 (median of 5 runs after 2 warm-ups; "
                        + "load average %s):%n  strata             %8.1f ms (%.1f ms CPU)%n  strata --previous  %8.1f ms "
                        + "(%.1f ms CPU; after a library update changing %d paths)%n%n", closure.size(),
                LayeringBenchmark.loadAverage(), fresh[0], fresh[1], withPrevious[0], withPrevious[1], u.changedPaths());
        return new double[] {fresh[0], withPrevious[0], fresh[1], withPrevious[1]};
    }

    /** Median wall-clock and CPU milliseconds. */
    private static double[] median(PlanRequest request) {
        LayeringStrategy strata = Strategies.defaultStrategy();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[7];
        double[] cpu = new double[7];
        for (int run = 0; run < wall.length; run++) {
            Closure copy = Closure.of(request.closure().pathInfos(), request.closure().roots());
            PlanRequest r = new PlanRequest(copy, request.popularity(), request.maxLayers(), List.of(),
                    request.previous());
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            strata.plan(r);
            wall[run] = (System.nanoTime() - t0) / 1e6;
            cpu[run] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        return new double[] {LayeringBenchmark.middle(wall), LayeringBenchmark.middle(cpu)};
    }

    static void printTargets(Map<Integer, List<Row>> all, double[] times) {
        System.out.println("targets (--max-layers 100, all updates):");
        List<Row> rows = all.get(100);
        Row strata = find(rows, "strata");
        Row previous = find(rows, "strata" + PREVIOUS);
        double digest = ratio(strata.all().digest(), strata.all().ideal());
        LayeringBenchmark.line(digest <= 1.02, String.format(Locale.ROOT,
                "by digest: strata within 2%% of the ideal (%.3fx ideal)", digest));
        long bestChain = rows.stream().filter(r -> List.of("nixery", "popularity", "size").contains(r.name()))
                .mapToLong(r -> r.all().chain()).min().orElseThrow();
        double chain = ratio(strata.all().chain(), bestChain);
        LayeringBenchmark.line(chain <= 0.90, String.format(Locale.ROOT,
                "by ChainID: strata at most 0.9x the best of nixery, popularity and size (%.3fx the best)", chain));
        double prevDigest = ratio(previous.all().digest(), previous.all().ideal());
        double prevChain = ratio(previous.all().chain(), bestChain);
        LayeringBenchmark.line(previous.all().digest() <= strata.all().digest()
                        && previous.all().chain() <= strata.all().chain(),
                String.format(Locale.ROOT, "strata --previous pulls no more than strata under either rule (%.3fx the "
                        + "ideal by digest, %.3fx the best other by ChainID)", prevDigest, prevChain));
        Cost p = previous.all();
        LayeringBenchmark.line(p.digest() == p.ideal() + p.stranded(), String.format(Locale.ROOT,
                "strata --previous pulls by digest exactly the ideal plus the stranded bytes, the least a plan "
                        + "keeping valid layers can (%s + %s = %.4fx the ideal)", LayeringBenchmark.gb(p.ideal()),
                LayeringBenchmark.gb(p.stranded()), ratio(p.digest(), p.ideal())));
        LayeringBenchmark.line(all.values().stream().flatMap(List::stream).allMatch(Row::deterministic),
                "every plan deterministic (the new closure planned again with its input order shuffled)");
        LayeringBenchmark.line(times[2] < 1000 && times[3] < 1000, String.format(Locale.ROOT,
                "20,000 paths planned by strata in under a second of CPU (%.0f ms fresh, %.0f ms with --previous; "
                        + "wall-clock %.0f and %.0f ms)", times[2], times[3], times[0], times[1]));
    }

    static double ratio(long a, long b) {
        return (double) a / b;
    }

    static Row find(List<Row> rows, String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
