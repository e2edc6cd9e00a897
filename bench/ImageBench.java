import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.Choice;
import dev.strata.closure.Closure;
import dev.strata.closure.PathInfo;
import dev.strata.closure.StorePath;
import dev.strata.image.BuildListener;
import dev.strata.image.BuildOptions;
import dev.strata.image.BuiltImage;
import dev.strata.image.BuiltLayer;
import dev.strata.image.Compression;
import dev.strata.image.GzipEngine;
import dev.strata.image.ImageBuilder;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageInputs;
import dev.strata.image.ManifestFormat;
import dev.strata.layering.Layer;
import dev.strata.layering.LayerPlan;
import dev.strata.nix.PathInfoJson;
import dev.strata.output.ImageName;
import dev.strata.output.ImageOutput;
import dev.strata.output.OutputFormat;
import dev.strata.output.OutputMode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Image assembly benchmark (run it with bench/image.sh). Imports real binaries into the Nix store,
 * then times, interleaved round by round on warm page cache, what Nixery's pipeline does
 * (tar | gzip -6 | sha256sum), the pigz and zstd pipelines, and Strata's image build (layers into
 * an empty cache, then again with the cache warm, each saved as an OCI archive) in a fresh JVM
 * with -Xmx256m. Prints medians, ratios against the baselines measured in the same run, sizes and
 * peak memory, and writes them into docs/performance.md.
 *
 *   ImageBench run [--rounds N] [--big] [--doc FILE]
 *   ImageBench child CLOSURE.json FOREST CACHE OUT gzip|zstd|none   (one timed build; prints JSON)
 *   ImageBench warm [--rounds N]   (warm builds as whole ./strata processes, path: and git commit sources)
 */
public final class ImageBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path WORK = Path.of(System.getProperty("bench.work", "/tmp/strata-bench"));
    static final List<String> MAIN_INPUTS = List.of("/usr/lib/jvm/java-17-openjdk-amd64",
            "/usr/lib/jvm/temurin-25-jdk-amd64", "/usr/lib/gcc", "/usr/lib/python3.11");
    static final List<String> BIG_EXTRA = List.of("/usr/bin", "/usr/lib/x86_64-linux-gnu", "/usr/share/locale");

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args);
        } else if (args.length > 0 && args[0].equals("warm")) {
            warmRun(args);
        } else if (args.length > 0 && args[0].equals("noop")) {
            System.out.println("{}");
        } else {
            run(args);
        }
    }

    // ---------------------------------------------------------------- the timed build (child JVM)

    static void child(String[] a) throws Exception {
        long t0 = System.nanoTime();
        Path closureFile = Path.of(a[1]);
        StorePath forest = StorePath.of(a[2]);
        Path cache = Path.of(a[3]);
        Path out = Path.of(a[4]);
        Compression compression = Choice.parse(Compression.class, "compression", a[5]);
        List<PathInfo> infos = PathInfoJson.parse(Files.readString(closureFile), closureFile.toString());
        Closure closure = Closure.of(infos);
        List<Layer> layers = new ArrayList<>();
        for (StorePath p : closure.topologicalOrder()) {
            layers.add(Layer.of(List.of(p), closure.narSize(p), "bench: one imported directory per layer"));
        }
        LayerPlan plan = new LayerPlan("bench", layers.size() + 1, layers);
        ImageConfig config = ImageConfig.empty().withEntrypoint(List.of("/bin/java"));
        long t1 = System.nanoTime();
        BuiltImage image = ImageBuilder.inCache(cache).build(new ImageInputs("x86_64-linux", closure, forest), plan,
                config, new BuildOptions(compression, ManifestFormat.OCI, null), BuildListener.NONE);
        long t2 = System.nanoTime();
        ImageOutput.write(image, OutputFormat.OCI_ARCHIVE, ImageName.parse("bench/image:1"), out, OutputMode.ADD);
        long t3 = System.nanoTime();
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("setup", (t1 - t0) / 1e9);
        r.put("layers", (t2 - t1) / 1e9);
        r.put("export", (t3 - t2) / 1e9);
        r.put("compressed", image.layers().stream().mapToLong(BuiltLayer::size).sum());
        r.put("reused", image.layers().stream().filter(BuiltLayer::reused).count());
        r.put("layerCount", image.layers().size());
        r.put("manifest", image.manifestDigest().toString());
        r.put("gzipEngine", compression == Compression.GZIP ? GzipEngine.current().id() : "");
        r.put("heapPeak", heapPeak);
        r.put("rssPeak", vmHwm());
        r.put("maxHeap", Runtime.getRuntime().maxMemory());
        System.out.println(JSON.writeValueAsString(r));
    }

    static long vmHwm() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- warm builds, whole ./strata processes

    /**
     * Warm builds as a user runs them: whole {@code ./strata build} processes (launcher, JVM, Nix
     * evaluation where the source needs it, output), on a package set whose one package links the
     * same imported binaries, so its closure is those four store paths. Two sources name the same
     * set: {@code path:DIR} (evaluated by Nix on every build) and {@code git:DIR#COMMIT} (immutable:
     * the remembered image is taken without Nix). Each to an OCI archive and to an OCI layout. The
     * baseline, interleaved round by round, is the pigz pipeline over the same four paths.
     */
    static void warmRun(String[] args) throws Exception {
        int rounds = 3;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        Files.createDirectories(WORK);
        Inputs in = importInputs(MAIN_INPUTS, "main");
        Path set = WORK.resolve("warm-set");
        String commit = packageSetOf(in, set, "bench-inputs");
        Path cache = WORK.resolve("cache-warm");
        Path out = WORK.resolve("out-warm");
        sh("rm -rf " + cache + " " + out + " && mkdir -p " + out);
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("path", "path:" + set);
        sources.put("commit", "git:" + set + "#" + commit);
        String tar = tarOf(in);
        String warm = tar + " | cat > /dev/null";
        // Fill the cache (one cold build), then once per source so that the commit's image is remembered.
        for (String src : sources.values()) {
            Timed t = strataCli(root, cache, src, out.resolve("setup.tar"));
            System.err.printf(Locale.ROOT, "setup build of %s: %.2f s%n", src, t.seconds());
        }
        Map<String, List<Double>> wall = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        List<String> loads = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            loads.add(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            shTimed(warm);
            Timed b = shTimed(tar + " | pigz -6 -p 2 | sha256sum");
            wall.computeIfAbsent("pigz", k -> new ArrayList<>()).add(b.seconds());
            cpu.computeIfAbsent("pigz", k -> new ArrayList<>()).add(b.cpu());
            for (Map.Entry<String, String> src : sources.entrySet()) {
                for (String kind : List.of("archive", "layout")) {
                    Path o = out.resolve(src.getKey() + "-" + kind + (kind.equals("archive") ? ".tar" : ""));
                    sh("rm -rf " + o);
                    shTimed(warm);
                    Timed t = strataCli(root, cache, src.getValue(), o);
                    if (!t.out().contains("\"manifestDigest\"")) {
                        throw new IllegalStateException("no build result: " + t.out());
                    }
                    String k = src.getKey() + " -> " + kind;
                    wall.computeIfAbsent(k, x -> new ArrayList<>()).add(t.seconds());
                    cpu.computeIfAbsent(k, x -> new ArrayList<>()).add(t.cpu());
                }
            }
            System.err.println("round " + r + " done: " + wall);
        }
        double pigz = median(wall.get("pigz"));
        double pigzCpu = median(cpu.get("pigz"));
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Run on %s, %d cores; %d rounds; load average (1 min) at each round's "
                + "start: %s.%n%n", LocalDate.now(), Runtime.getRuntime().availableProcessors(), rounds, loads));
        md.append("| what (whole process) | median wall s | wall vs pigz | median CPU s | CPU vs pigz | all runs, wall s |\n"
                + "|---|---:|---:|---:|---:|---|\n");
        for (String k : wall.keySet()) {
            String label = k.equals("pigz") ? "tar \\| pigz -6 -p 2 \\| sha256sum (baseline)"
                    : "`./strata build` warm, " + (k.startsWith("path") ? "path: source (Nix evaluates)"
                    : "git commit (remembered image, no Nix)") + ", to an OCI " + (k.endsWith("archive")
                    ? "archive" : "layout (hard links)");
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.3f× | %.2f | %.3f× | %s |%n", label,
                    median(wall.get(k)), median(wall.get(k)) / pigz, median(cpu.get(k)), median(cpu.get(k)) / pigzCpu,
                    wall.get(k).stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList()));
        }
        System.out.println(md);
    }

    /** One whole {@code ./strata build --json} of the bench set's package, timed. */
    static Timed strataCli(Path root, Path cache, String source, Path out) throws Exception {
        return time(List.of("env", "STRATA_CACHE_DIR=" + cache, "STRATA_QUIET=1", root.resolve("strata").toString(),
                "build", "--source", source, "bench", "-o", out.toString(), "-t", "bench/warm:1", "--json"));
    }

    // ---------------------------------------------------------------- the orchestrator

    /** Wall seconds, CPU seconds (user + system, children included) and stdout of a command. */
    record Timed(double seconds, double cpu, String out) { }

    static Timed time(List<String> argv) throws Exception {
        Path times = Files.createTempFile(WORK, "time-", ".txt");
        List<String> wrapped = new ArrayList<>(List.of("/usr/bin/time", "-q", "-f", "%U %S", "-o", times.toString()));
        wrapped.addAll(argv);
        long t = System.nanoTime();
        Process p = new ProcessBuilder(wrapped).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed with " + p.exitValue());
        }
        double wall = (System.nanoTime() - t) / 1e9;
        String[] us = Files.readString(times).strip().split("\\s+");
        Files.delete(times);
        return new Timed(wall, Double.parseDouble(us[0]) + Double.parseDouble(us[1]), out);
    }

    /**
     * Writes at {@code set} a one-package set (attribute {@code bench}, a derivation named
     * {@code name} that links the inputs' store paths, built with /usr/bin/busybox) committed to a
     * fresh git repository there; returns the commit.
     */
    static String packageSetOf(Inputs in, Path set, String name) throws Exception {
        sh("rm -rf " + set + " && mkdir -p " + set);
        StringBuilder links = new StringBuilder();
        for (int i = 0; i < in.paths().size(); i++) {
            links.append("${bb} ln -s ${builtins.storePath \"").append(in.paths().get(i)).append("\"} $out/p").append(i)
                    .append('\n');
        }
        Files.writeString(set.resolve("default.nix"), "{ system ? builtins.currentSystem, ... }:\n"
                + "let\n  bootstrap = builtins.path { path = /usr/bin; name = \"bench-bootstrap\"; "
                + "filter = p: t: baseNameOf p == \"busybox\"; };\n  bb = \"${bootstrap}/busybox\";\nin {\n"
                + "  bench = derivation { name = \"" + name + "\"; inherit system; builder = bb;\n"
                + "    args = [ \"sh\" \"-e\" \"-c\" ''\n${bb} mkdir -p $out\n" + links + "'' ]; };\n}\n");
        sh("cd " + set + " && git init -q -b main && git add default.nix && git -c user.email=b@strata -c user.name=b "
                + "commit -qm set");
        return sh("git -C " + set + " rev-parse HEAD");
    }

    static String sh(String script) throws Exception {
        return time(List.of("bash", "-o", "pipefail", "-c", script)).out().strip();
    }

    static Timed shTimed(String script) throws Exception {
        return time(List.of("bash", "-o", "pipefail", "-c", script));
    }

    record Inputs(List<String> paths, String forest, Path closure, long narSize) { }

    static Inputs importInputs(List<String> dirs, String name) throws Exception {
        List<String> paths = new ArrayList<>();
        for (String d : dirs) {
            System.err.println("importing " + d + " into the store ...");
            paths.add(sh("nix-store --add " + d));
        }
        Path forestDir = WORK.resolve("forest-" + name);
        sh("rm -rf " + forestDir + " && mkdir -p " + forestDir + "/bin");
        int i = 0;
        for (String p : paths) {
            Files.createSymbolicLink(forestDir.resolve("bin/" + "entry" + i++), Path.of(p));
        }
        String forest = sh("nix-store --add " + forestDir);
        Path closure = WORK.resolve("closure-" + name + ".json");
        Files.writeString(closure, sh("nix path-info --json " + String.join(" ", paths)));
        long nar = 0;
        for (JsonNode n : JSON.readTree(closure.toFile())) {
            nar += n.path("narSize").asLong();
        }
        return new Inputs(paths, forest, closure, nar);
    }

    static String tarOf(Inputs in) {
        StringBuilder sb = new StringBuilder("tar --sort=name -cf - -C /");
        for (String p : in.paths()) {
            sb.append(' ').append(p.substring(1));
        }
        return sb.toString();
    }

    static JsonNode strata(Inputs in, Path cache, Path out, String compression, String xmx, String... jvmOptions)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new ArrayList<>(List.of(java, "-Xmx" + xmx));
        argv.addAll(List.of(jvmOptions));
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "ImageBench", "child",
                in.closure().toString(), in.forest(), cache.toString(), out.toString(), compression));
        Timed t = time(argv);
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(t.out());
        node.put("process", t.seconds());
        node.put("cpu", t.cpu());
        return node;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static void run(String[] args) throws Exception {
        int rounds = 3;
        boolean big = false;
        Path doc = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "run": break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--big": big = true; break;
                case "--doc": doc = Path.of(args[++i]); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(WORK);
        Inputs in = importInputs(MAIN_INPUTS, "main");
        String tar = tarOf(in);
        String warm = tar + " | cat > /dev/null";
        Map<String, String> pipelines = new LinkedHashMap<>();
        pipelines.put("gzip", tar + " | gzip -6 | sha256sum");
        pipelines.put("pigz", tar + " | pigz -6 -p 2 | sha256sum");
        pipelines.put("zstd", tar + " | zstd -3 -T2 -q | sha256sum");
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("tar", Long.parseLong(sh(tar + " | wc -c")));
        sizes.put("gzip", Long.parseLong(sh(tar + " | pigz -6 -p 2 -c | wc -c")));
        sizes.put("zstd", Long.parseLong(sh(tar + " | zstd -3 -T2 -q -c | wc -c")));
        System.err.printf(Locale.ROOT, "inputs: %d store paths, %.0f MB of NAR, tar %.0f MB%n", in.paths().size(),
                in.narSize() / 1e6, sizes.get("tar") / 1e6);

        Map<String, List<Double>> t = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<Double>> pairs = new LinkedHashMap<>();
        List<String> loads = new ArrayList<>();
        Map<String, JsonNode> lastStrata = new LinkedHashMap<>();
        long rssMax = 0;
        long heapMax = 0;
        Path outDir = WORK.resolve("out");
        for (int r = 1; r <= rounds; r++) {
            String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            loads.add(load);
            System.err.println("round " + r + " of " + rounds + " (load average " + load + ")");
            for (String c : List.of("gzip", "zstd")) {
                Path cache = WORK.resolve("cache-" + c);
                sh("rm -rf " + cache + " " + outDir + " && mkdir -p " + outDir);
                String base = c.equals("gzip") ? "pigz" : "zstd";
                // ABBA: odd rounds run the baseline first, even rounds Strata first, so a load that
                // rises or falls during a round does not always favour the same side.
                Timed b;
                JsonNode cold;
                if (r % 2 == 1) {
                    shTimed(warm);
                    b = shTimed(pipelines.get(base));
                    shTimed(warm);
                    cold = strata(in, cache, outDir.resolve("cold.tar"), c, "256m");
                } else {
                    shTimed(warm);
                    cold = strata(in, cache, outDir.resolve("cold.tar"), c, "256m");
                    shTimed(warm);
                    b = shTimed(pipelines.get(base));
                }
                t.computeIfAbsent(base, k -> new ArrayList<>()).add(b.seconds());
                cpu.computeIfAbsent(base, k -> new ArrayList<>()).add(b.cpu());
                pairs.computeIfAbsent(c, k -> new ArrayList<>()).add(cold.path("process").asDouble() / b.seconds());
                shTimed(warm);
                JsonNode warmRun = strata(in, cache, outDir.resolve("warm.tar"), c, "256m");
                if (warmRun.path("reused").asLong() != warmRun.path("layerCount").asLong()) {
                    throw new IllegalStateException("the warm build did not reuse every layer: " + warmRun);
                }
                if (!warmRun.path("manifest").equals(cold.path("manifest"))) {
                    throw new IllegalStateException("cold and warm builds differ: " + cold + " " + warmRun);
                }
                for (Map.Entry<String, JsonNode> e : Map.of("cold", cold, "warm", warmRun).entrySet()) {
                    String k = "strata-" + c + "-" + e.getKey();
                    t.computeIfAbsent(k, x -> new ArrayList<>()).add(e.getValue().path("process").asDouble());
                    cpu.computeIfAbsent(k, x -> new ArrayList<>()).add(e.getValue().path("cpu").asDouble());
                    t.computeIfAbsent(k + "-inproc", x -> new ArrayList<>()).add(e.getValue().path("layers").asDouble()
                            + e.getValue().path("export").asDouble());
                    rssMax = Math.max(rssMax, e.getValue().path("rssPeak").asLong());
                    heapMax = Math.max(heapMax, e.getValue().path("heapPeak").asLong());
                    lastStrata.put(k, e.getValue());
                }
                System.err.printf(Locale.ROOT, "  %s: baseline %.2f s, strata cold %.2f s, warm %.2f s%n", c,
                        t.get(base).get(r - 1), cold.path("process").asDouble(), warmRun.path("process").asDouble());
                if (c.equals("gzip")) {
                    // The same build with the JDK's zlib (the fallback, and what Strata used before
                    // libdeflate), in the same round, for the engine's own ratio.
                    Path zlibCache = WORK.resolve("cache-gzip-zlib");
                    sh("rm -rf " + zlibCache);
                    shTimed(warm);
                    JsonNode z = strata(in, zlibCache, outDir.resolve("zlib.tar"), c, "256m", "-Dstrata.gzip=zlib");
                    if (!z.path("gzipEngine").asText().equals("zlib")) {
                        throw new IllegalStateException("the zlib build used " + z.path("gzipEngine"));
                    }
                    t.computeIfAbsent("strata-gzip-zlib-cold", x -> new ArrayList<>()).add(z.path("process").asDouble());
                    cpu.computeIfAbsent("strata-gzip-zlib-cold", x -> new ArrayList<>()).add(z.path("cpu").asDouble());
                    pairs.computeIfAbsent("libdeflate/zlib", k -> new ArrayList<>())
                            .add(cold.path("cpu").asDouble() / z.path("cpu").asDouble());
                    lastStrata.put("strata-gzip-zlib-cold", z);
                    sh("rm -rf " + zlibCache);
                    System.err.printf(Locale.ROOT, "  gzip by zlib: cold %.2f s (%.2f s CPU; libdeflate %.2f s CPU)%n",
                            z.path("process").asDouble(), z.path("cpu").asDouble(), cold.path("cpu").asDouble());
                }
            }
            shTimed(warm);
            Timed g = shTimed(pipelines.get("gzip"));
            t.computeIfAbsent("gzip", k -> new ArrayList<>()).add(g.seconds());
            cpu.computeIfAbsent("gzip", k -> new ArrayList<>()).add(g.cpu());
            System.err.printf(Locale.ROOT, "  tar | gzip -6: %.2f s%n", t.get("gzip").get(r - 1));
        }
        List<Double> jvm = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            jvm.add(time(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "ImageBench", "noop")).seconds());
        }

        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Run on %s, %d cores, %s; %d rounds, medians.%n%n", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), cpuModel(), rounds));
        md.append(String.format(Locale.ROOT, "Inputs: %s (%d store paths, %.0f MB NAR, %.0f MB as one tar), "
                + "one layer per store path plus the top layer.%n%n", String.join(", ", MAIN_INPUTS), in.paths().size(),
                in.narSize() / 1e6, sizes.get("tar") / 1e6));
        md.append("| what | median wall s | wall vs baseline | median CPU s | CPU vs baseline | compressed MB | size vs baseline |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        long gz = lastStrata.get("strata-gzip-cold").path("compressed").asLong();
        long gzZlib = lastStrata.get("strata-gzip-zlib-cold").path("compressed").asLong();
        String engine = lastStrata.get("strata-gzip-cold").path("gzipEngine").asText();
        long zs = lastStrata.get("strata-zstd-cold").path("compressed").asLong();
        long gzBase = sizes.get("gzip");
        long zsBase = sizes.get("zstd");
        Row[] rows = {
            new Row("tar \\| gzip -6 \\| sha256sum (Nixery's way)", "gzip", "pigz", gzBase, gzBase),
            new Row("tar \\| pigz -6 -p 2 \\| sha256sum (baseline)", "pigz", "pigz", gzBase, gzBase),
            new Row("strata, gzip (" + engine + "), empty cache (process)", "strata-gzip-cold", "pigz", gz, gzBase),
            new Row("strata, gzip (" + engine + "), empty cache (in the JVM)", "strata-gzip-cold-inproc", "pigz", gz, gzBase),
            new Row("strata, gzip (zlib, the fallback), empty cache (process)", "strata-gzip-zlib-cold", "pigz", gzZlib, gzBase),
            new Row("strata, gzip, warm cache (process)", "strata-gzip-warm", "strata-gzip-cold", gz, gzBase),
            new Row("strata, gzip, warm cache (in the JVM)", "strata-gzip-warm-inproc", "strata-gzip-cold-inproc", gz, gzBase),
            new Row("tar \\| zstd -3 -T2 \\| sha256sum (baseline)", "zstd", "zstd", zsBase, zsBase),
            new Row("strata, zstd, empty cache (process)", "strata-zstd-cold", "zstd", zs, zsBase),
            new Row("strata, zstd, empty cache (in the JVM)", "strata-zstd-cold-inproc", "zstd", zs, zsBase),
            new Row("strata, zstd, warm cache (process)", "strata-zstd-warm", "strata-zstd-cold", zs, zsBase),
            new Row("strata, zstd, warm cache (in the JVM)", "strata-zstd-warm-inproc", "strata-zstd-cold-inproc", zs, zsBase),
        };
        for (Row row : rows) {
            double wall = median(t.get(row.key()));
            double base = median(t.get(row.base()));
            String baseName = row.base().startsWith("strata") ? "cold" : row.base();
            String cpuText = "–";
            String cpuRatio = "–";
            if (cpu.containsKey(row.key()) && cpu.containsKey(row.base())) {
                double c = median(cpu.get(row.key()));
                cpuText = String.format(Locale.ROOT, "%.2f", c);
                cpuRatio = String.format(Locale.ROOT, "%.3f× %s", c / median(cpu.get(row.base())), baseName);
            }
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.3f× %s | %s | %s | %.1f | %.3f× |%n", row.label(), wall,
                    wall / base, baseName, cpuText, cpuRatio, row.size() / 1e6, (double) row.size() / row.baseSize()));
        }
        for (Map.Entry<String, List<Double>> e : pairs.entrySet()) {
            String what = switch (e.getKey()) {
                case "gzip" -> "Strata cold gzip / pigz, wall";
                case "zstd" -> "Strata cold zstd / zstd, wall";
                default -> "Strata cold gzip, libdeflate / zlib, CPU";
            };
            md.append(String.format(Locale.ROOT, "%n%s, paired within each round: median %.3f× (rounds: %s).",
                    what, median(e.getValue()), e.getValue().stream()
                            .map(x -> String.format(Locale.ROOT, "%.2f", x)).toList()));
        }
        md.append(String.format(Locale.ROOT, "%nLoad average (1 min) at the start of each round: %s.%n", loads));
        md.append(String.format(Locale.ROOT, "%nJVM start and exit with nothing to do: %.2f s (part of every \"process\" time).%n",
                median(jvm)));
        md.append(String.format(Locale.ROOT, "Peak memory of the Strata builds (-Xmx256m): heap %.0f MB, resident %.0f MB.%n",
                heapMax / 1e6, rssMax / 1e6));
        md.append("\nAll runs per round (seconds):\n\n");
        t.forEach((k, v) -> md.append("- ").append(k).append(": wall ").append(v.stream()
                .map(x -> String.format(Locale.ROOT, "%.2f", x)).toList())
                .append(cpu.containsKey(k) ? ", CPU " + cpu.get(k).stream()
                        .map(x -> String.format(Locale.ROOT, "%.2f", x)).toList() : "").append('\n'));

        if (big) {
            Inputs bigIn = importInputs(concat(MAIN_INPUTS, BIG_EXTRA), "big");
            Path cache = WORK.resolve("cache-big");
            sh("rm -rf " + cache + " " + outDir + " && mkdir -p " + outDir);
            shTimed(tarOf(bigIn) + " | cat > /dev/null");
            JsonNode b = strata(bigIn, cache, outDir.resolve("big.tar"), "gzip", "256m");
            md.append(String.format(Locale.ROOT, "%nLarge image, -Xmx256m: %.0f MB of NAR (%s) in %.1f s; compressed "
                    + "%.0f MB; peak heap %.0f MB, peak resident %.0f MB (the %.0f MB image above: heap %.0f MB, "
                    + "resident %.0f MB).%n", bigIn.narSize() / 1e6, String.join(", ", concat(MAIN_INPUTS, BIG_EXTRA)),
                    b.path("process").asDouble(), b.path("compressed").asLong() / 1e6, b.path("heapPeak").asLong() / 1e6,
                    b.path("rssPeak").asLong() / 1e6, in.narSize() / 1e6,
                    lastStrata.get("strata-gzip-cold").path("heapPeak").asLong() / 1e6,
                    lastStrata.get("strata-gzip-cold").path("rssPeak").asLong() / 1e6));
            sh("rm -rf " + cache);
        }
        sh("rm -rf " + outDir + " " + WORK.resolve("cache-gzip") + " " + WORK.resolve("cache-zstd"));
        System.out.println(md);
        if (doc != null) {
            String text = Files.readString(doc);
            int a = text.indexOf("<!-- results:begin -->");
            int z = text.indexOf("<!-- results:end -->");
            if (a < 0 || z < a) {
                throw new IllegalStateException(doc + " has no <!-- results:begin --> ... <!-- results:end --> section");
            }
            Files.writeString(doc, text.substring(0, a) + "<!-- results:begin -->\n" + md + "\n" + text.substring(z));
            System.err.println("wrote the results into " + doc);
        }
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    record Row(String label, String key, String base, long size, long baseSize) { }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return "unknown CPU";
    }
}
