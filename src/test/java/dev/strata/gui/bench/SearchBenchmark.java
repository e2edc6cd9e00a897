package dev.strata.gui.bench;

import dev.strata.compose.PackageCatalog;
import dev.strata.gui.Fx;
import dev.strata.gui.common.Pipeline;
import dev.strata.gui.common.Workspace;
import dev.strata.gui.search.SearchViewModel;
import dev.strata.nix.PackageIndex;
import dev.strata.nix.PackageIndexFile;
import dev.strata.nix.PackageIndexOracle;
import dev.strata.nix.PackageIndexParser;
import dev.strata.nix.PackageInfo;
import dev.strata.source.ResolvedSource;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;

/**
 * The in-JVM half of bench/search.sh (issue 14), printed, never asserted: on a nixpkgs-sized set
 * whose index the script made warm,
 *
 * <ol>
 *   <li>live search in the window's view model: each keystroke of a few typed queries goes through
 *       {@link SearchViewModel} (query set, search started at once instead of after the debounce
 *       pause, results and summary posted on the FX thread), timed from the keystroke until the
 *       results are on the FX thread; the baseline is the straightforward search the compact index
 *       replaced ({@link PackageIndexOracle}), called directly for the same keystrokes;</li>
 *   <li>memory: heap retained by the loaded index, against the same packages held as the old index
 *       held them (a PackageInfo each and four lower-case copies);</li>
 *   <li>loading: reading the index file, against parsing nix-env's JSON as a cache of the JSON did.</li>
 * </ol>
 * Arguments: the cache directory the script used, the JSON nix-env printed for the set.
 */
public final class SearchBenchmark {
    static final List<String> TYPED = List.of("python3Packages.bafi", "graphical editor", "hello", "pyrkan",
            "tool for web", "haskellPackages.lu");

    private SearchBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path cacheDir = Path.of(args[0]);
        Path json = Path.of(args[1]);
        int rounds = Math.max(2, args.length > 2 ? Integer.parseInt(args[2]) : 3); // round 1 warms the JIT up

        // Loading, interleaved: the index file against parsing the JSON.
        Path idx;
        try (var files = Files.list(cacheDir.resolve("index"))) {
            idx = files.filter(p -> p.toString().endsWith(".idx")).findFirst().orElseThrow(
                    () -> new IllegalStateException("no index file under " + cacheDir + "/index: run a warm search first"));
        }
        List<Double> readMs = new ArrayList<>();
        List<Double> parseMs = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            PackageIndexFile.read(idx).orElseThrow();
            readMs.add(ms(System.nanoTime() - t0));
            t0 = System.nanoTime();
            try (Reader in = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
                new PackageIndexOracle(PackageIndexParser.parse(in));
            }
            parseMs.add(ms(System.nanoTime() - t0));
        }

        // Memory retained, each measured alone.
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long before = used(mem);
        PackageIndex compact = PackageIndexFile.read(idx).orElseThrow();
        long compactBytes = used(mem) - before;
        before = used(mem);
        PackageIndexOracle old;
        try (Reader in = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
            old = new PackageIndexOracle(PackageIndexParser.parse(in));
        }
        long oldBytes = used(mem) - before;

        // Keystrokes: the old search called directly (baseline), then the view model on the compact index.
        List<Double> oldMs = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (String q : TYPED) {
                for (int end = 1; end <= q.length(); end++) {
                    long t0 = System.nanoTime();
                    old.search(q.substring(0, end), SearchViewModel.LIMIT + 1);
                    if (r > 0) {
                        oldMs.add(ms(System.nanoTime() - t0));
                    }
                }
            }
        }
        old = null;
        Pipeline pipeline = Fx.pipeline(cacheDir);
        ResolvedSource source = pipeline.resolve("nixpkgs", e -> { });
        PackageCatalog catalog = pipeline.index(source, e -> { });
        Workspace workspace = Fx.call(() -> new Workspace(pipeline));
        SearchViewModel vm = Fx.call(() -> new SearchViewModel(workspace));
        Fx.run(() -> {
            workspace.sourceProperty().set(source);
            workspace.indexProperty().set(catalog);
        });
        List<Double> firstRound = new ArrayList<>();
        List<Double> vmMs = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (String q : TYPED) {
                for (int end = 1; end <= q.length(); end++) {
                    double t = keystroke(vm, q.substring(0, end));
                    (r == 0 ? firstRound : vmMs).add(t);
                }
                Fx.run(() -> vm.queryProperty().set(""));
            }
        }
        int hits = Fx.call(() -> vm.results().size());

        System.out.printf(Locale.ROOT, "packages in the index: %,d (nix-env's JSON: %.1f MB, index file %.1f MB)%n",
                catalog.size(), Files.size(json) / 1e6, Files.size(idx) / 1e6);
        System.out.printf(Locale.ROOT, "load: index file %s ms  vs  parse nix-env's JSON %s ms (medians %.0f vs %.0f ms, %.3fx)%n",
                fmt(readMs), fmt(parseMs), median(readMs), median(parseMs), median(readMs) / median(parseMs));
        System.out.printf(Locale.ROOT, "memory: compact index %.1f MB  vs  the old index of the same packages %.1f MB "
                + "(%.3fx; target < 150 MB)%n", compactBytes / 1e6, oldBytes / 1e6, (double) compactBytes / oldBytes);
        System.out.printf(Locale.ROOT, "keystroke, view model on the compact index: median %.1f ms, p90 %.1f ms, max %.1f ms "
                + "over %d keystrokes (rounds 2..%d; round 1, JIT warming up: median %.1f, max %.1f ms); target < 30 ms%n",
                median(vmMs), pct(vmMs, 0.9), max(vmMs), vmMs.size(), rounds, median(firstRound), max(firstRound));
        System.out.printf(Locale.ROOT, "keystroke, old search called directly (baseline): median %.1f ms, p90 %.1f ms, "
                + "max %.1f ms; view model / old = %.3fx (medians)%n", median(oldMs), pct(oldMs, 0.9), max(oldMs),
                median(vmMs) / median(oldMs));
        System.out.println("(last query's results on screen: " + hits + "; compact index still held: " + compact.size() + ")");
        System.exit(0);
    }

    /** One keystroke through the view model: from setting the query to the results on the FX thread. */
    static double keystroke(SearchViewModel vm, String query) throws InterruptedException {
        CountDownLatch shown = new CountDownLatch(1);
        long[] start = new long[1];
        long[] end = new long[1];
        ListChangeListener<PackageInfo> onResults = c -> {
            end[0] = System.nanoTime();
            shown.countDown();
        };
        ChangeListener<String> onSummary = (o, a, b) -> {
            end[0] = System.nanoTime();
            shown.countDown();
        };
        Fx.run(() -> {
            vm.results().addListener(onResults);
            vm.summaryProperty().addListener(onSummary);
            start[0] = System.nanoTime();
            vm.queryProperty().set(query);
            vm.searchNow(); // at once: the debounce pause is deliberate, not work
        });
        if (!shown.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no results for " + query);
        }
        Fx.run(() -> {
            vm.results().removeListener(onResults);
            vm.summaryProperty().removeListener(onSummary);
        });
        return ms(end[0] - start[0]);
    }

    static long used(MemoryMXBean mem) {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static double median(List<Double> l) {
        return pct(l, 0.5);
    }

    static double pct(List<Double> l, double p) {
        List<Double> s = new ArrayList<>(l);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.floor(p * (s.size() - 1) + 0.5)));
    }

    static double max(List<Double> l) {
        return Collections.max(l);
    }

    static String fmt(List<Double> l) {
        return l.stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).toList().toString();
    }
}
