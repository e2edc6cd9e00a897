package dev.strata.bench;

import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import dev.strata.image.AddedFiles;
import dev.strata.image.BuildListener;
import dev.strata.image.BuildOptions;
import dev.strata.image.Compression;
import dev.strata.image.ImageBuilder;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageInputs;
import dev.strata.image.LayerCompressor;
import dev.strata.image.ManifestFormat;
import dev.strata.layering.LayerPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Issue 13's benchmark: adding a directory with {@code --add} costs no more than tarring and
 * compressing it with the same compressor. Strata: the image builder writing an image whose only
 * new layer is the {@code --add} of DIR (an empty plan; a fresh cache each round, so the layer is
 * written, never reused, and the diffID and digest computed as always). Baseline, same run: GNU
 * tar of DIR piped into Strata's own gzip ({@link LayerCompressor}, the pinned engine, all cores)
 * written to a file beside the cache, no digest computed. After one uncounted round of each (the
 * JVM's warm-up), rounds interleave (A B A B ...) with the page cache warmed before each; each
 * round prints the load average and the CPU seconds (this process and tar) beside the wall time,
 * and the last line says whether the median ratio meets the target (at most 1.00x). Usage: bench/add.sh [DIR] [--rounds N] (default: 200 MB of this machine's binaries).
 */
public final class AddBenchmark {
    static final boolean DURABLE = !Boolean.getBoolean("bench.nosync");
    public static void main(String[] args) throws Exception {
        Path dir = null;
        int rounds = 7;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                dir = Path.of(args[i]);
            }
        }
        Path work = Files.createTempDirectory("strata-add-bench");
        if (dir == null) {
            dir = corpus(work.resolve("data"), 200L << 20);
        }
        long bytes = size(dir);
        System.out.printf(Locale.ROOT, "directory %s: %.1f MB in %d files; %d rounds; cores %d; load average %.2f%n", dir,
                bytes / 1e6, count(dir), rounds, Runtime.getRuntime().availableProcessors(), load());
        double[] a = new double[rounds];
        double[] b = new double[rounds];
        double[] h = new double[rounds];
        double[] ca = new double[rounds];
        double[] cb = new double[rounds];
        // One round of each, not counted: class loading, the JIT and libdeflate's check happen once
        // per JVM, and would otherwise fall on whichever side runs first.
        warm(dir);
        strataAdd(dir, work.resolve("cache-warmup"));
        tarAndCompress(dir, work.resolve("baseline-warmup.tar.gz"));
        tarHashAndCompress(dir, work.resolve("hashed-warmup.tar.gz"));
        for (int r = 0; r < rounds; r++) {
            warm(dir);
            double c0 = cpu();
            a[r] = strataAdd(dir, work.resolve("cache-" + r));
            ca[r] = cpu() - c0;
            warm(dir);
            c0 = cpu();
            b[r] = tarAndCompress(dir, work.resolve("baseline-" + r + ".tar.gz"));
            cb[r] = cpu() - c0;
            warm(dir);
            h[r] = tarHashAndCompress(dir, work.resolve("hashed-" + r + ".tar.gz"));
            System.out.printf(Locale.ROOT, "round %d (load %.2f): strata --add %.2f s (CPU %.2f s), tar | strata gzip > file "
                    + "%.2f s (CPU %.2f s, tar's included) (%.2fx); the same with the diffID's SHA-256 %.2f s%n", r + 1,
                    load(), a[r], ca[r], b[r], cb[r], a[r] / b[r], h[r]);
        }
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratios[r] = a[r] / b[r];
        }
        double median = median(ratios);
        System.out.printf(Locale.ROOT, "median: strata --add %.2f s (CPU %.2f s), tar | strata gzip %.2f s (CPU %.2f s); "
                + "ratio %.2fx; load average now %.2f%n", median(a), median(ca), median(b), median(cb), median, load());
        System.out.printf(Locale.ROOT, "%s: target --add <= 1.00x of tar | the same compressor %s (median ratio %.2fx "
                + "over %d rounds; CPU ratio %.2fx)%n", median <= 1.0 ? "PASS" : "FAIL", median <= 1.0 ? "holds" : "missed",
                median, rounds, median(ca) / median(cb));
        deleteTree(work);
    }

    static double strataAdd(Path dir, Path cache) throws IOException {
        Path store = Files.createDirectories(cache.resolve("store"));
        StorePath forest = StorePath.of("/nix/store/0123456789abcdfghijklmnpqrsvwxyz-bench-forest");
        Files.createDirectories(store.resolve("nix/store/" + forest.baseName()));
        ImageInputs inputs = new ImageInputs("x86_64-linux", Closure.of(List.of(), List.of()), forest, store)
                .with(null, List.of(AddedFiles.parse(dir + ":/data", Path.of("/"))));
        long t0 = System.nanoTime();
        ImageBuilder.inCache(cache).build(inputs, new LayerPlan("none", 2, List.of()), ImageConfig.empty(),
                new BuildOptions(Compression.GZIP, ManifestFormat.OCI, Instant.EPOCH), BuildListener.NONE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        deleteTree(cache); // the next round writes the layer again
        return seconds;
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    /** The baseline plus what Strata must add: the SHA-256 of the tar (the diffID) on the writing thread. */
    static double tarHashAndCompress(Path dir, Path file) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        Process tar = new ProcessBuilder("tar", "-C", dir.toString(), "--sort=name", "-cf", "-", ".")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (LayerCompressor c = new LayerCompressor(pool, threads);
             OutputStream gz = new dev.strata.image.HashingOutputStream(c.open(Compression.GZIP, Files.newOutputStream(file)));
             InputStream in = tar.getInputStream()) {
            in.transferTo(gz);
        } finally {
            pool.shutdownNow();
        }
        tar.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Files.delete(file);
        return seconds;
    }

    static double tarAndCompress(Path dir, Path file) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        Process tar = new ProcessBuilder("tar", "-C", dir.toString(), "--sort=name", "-cf", "-", ".")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
        try (LayerCompressor c = new LayerCompressor(pool, threads);
             OutputStream gz = c.open(Compression.GZIP, new java.io.BufferedOutputStream(
                     java.nio.channels.Channels.newOutputStream(channel), 1 << 16));
             InputStream in = tar.getInputStream()) {
            in.transferTo(gz);
            gz.flush();
            if (DURABLE) {
                channel.force(true); // as the blob store makes a blob durable before it names it
            }
        } finally {
            pool.shutdownNow();
            channel.close();
        }
        if (tar.waitFor() != 0) {
            throw new IOException("tar failed");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Files.delete(file);
        return seconds;
    }

    /** About {@code target} bytes of real binaries and libraries (the JDKs and /usr/lib), copied once. */
    static Path corpus(Path to, long target) throws IOException {
        long have = 0;
        List<Path> sources = new ArrayList<>();
        for (String root : List.of("/usr/lib/jvm", "/usr/lib/x86_64-linux-gnu", "/usr/bin")) {
            if (Files.isDirectory(Path.of(root))) {
                try (Stream<Path> s = Files.walk(Path.of(root))) {
                    s.filter(Files::isRegularFile).filter(p -> !Files.isSymbolicLink(p)).sorted().forEach(sources::add);
                }
            }
        }
        for (Path p : sources) {
            if (have >= target) {
                break;
            }
            Path dest = to.resolve(p.toString().substring(1));
            Files.createDirectories(dest.getParent());
            Files.copy(p, dest);
            have += Files.size(dest);
        }
        return to;
    }

    static void warm(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
        }
    }

    static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    /**
     * CPU seconds of this process and its reaped children (tar), user and system, from
     * /proc/self/stat (clock ticks of 10 ms): the work done, which the other load on a shared
     * machine does not stretch as it stretches the wall time.
     */
    static double cpu() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = 0;
            for (int i = 11; i <= 14; i++) { // utime, stime, cutime, cstime (fields 14-17)
                ticks += Long.parseLong(f[i]);
            }
            return ticks / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
