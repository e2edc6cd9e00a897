import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.output.BlobSource;
import dev.strata.output.ImageBlob;
import dev.strata.output.PushableImage;
import dev.strata.output.registry.CredentialResolver;
import dev.strata.output.registry.PushOptions;
import dev.strata.output.registry.PushResult;
import dev.strata.output.registry.PushedBlobIndex;
import dev.strata.output.registry.RegistryPusher;
import dev.strata.output.registry.RegistryReference;
import dev.strata.output.registry.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Push benchmark: skopeo vs Strata's RegistryPusher, same OCI layout, same local docker-registry
 * (a fresh one, on a fresh port and storage, for every cold push), interleaved rounds, medians.
 *
 *   java -cp CLASSES:target/strata.jar:target/lib/* PushBench LAYOUT [ROUNDS] [--cold | --cli]
 *   java -cp ... PushBench cold overlap|sequential|layout CLOSURE FOREST CACHE REF|LAYOUT
 *                                                                 (one cold build and push, or build to an
 *                                                                  OCI layout, in a fresh JVM; prints JSON)
 *   java -cp ... PushBench push-once LAYOUT REGISTRY/REPO:TAG     (one push in a fresh JVM, prints JSON
 *                                                                  with pushSeconds: the push alone, after
 *                                                                  JVM start and reading the layout)
 *
 * Each measured command runs right after its blobs are read once (this VM drops idle page cache).
 */
public final class PushBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        if (args.length >= 6 && args[0].equals("cold")) {
            cold(args);
            return;
        }
        if (args.length >= 3 && args[0].equals("push-once")) {
            PushableImage image = load(Path.of(args[1]));
            long t0 = System.nanoTime();
            PushResult r = push(image, args[2], Files.createTempDirectory("strata-bench-index"));
            Map<String, Object> out = new java.util.LinkedHashMap<>(r.toJson());
            out.put("pushSeconds", (System.nanoTime() - t0) / 1e9);
            System.out.println(JSON.writeValueAsString(out));
            return;
        }
        Path layout = Path.of(args[0]).toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (args.length > 2 && args[2].equals("--cold")) {
            coldRounds(rounds);
            return;
        }
        if (args.length > 2 && args[2].equals("--cli")) {
            cliRounds(rounds);
            return;
        }
        PushableImage image = load(layout);
        long bytes = image.blobsInPushOrder().stream().mapToLong(ImageBlob::size).sum();
        System.out.printf(Locale.ROOT, "image: %d layers, %.1f MB compressed; %d rounds, 2 cores shared%n",
                image.layers().size(), bytes / 1e6, rounds);
        String classpath = System.getProperty("java.class.path");
        Map<String, List<Double>> t = new TreeMap<>();
        Map<String, List<Double>> cpu = new TreeMap<>();
        List<Double> pairedCold = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // skopeo
            try (Registry reg = Registry.start()) {
                String dest = "docker://" + reg.address() + "/bench/skopeo:1";
                List<String> copy = List.of("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":bench", dest);
                warm(layout);
                add(t, "skopeo cold", time(() -> run(copy)));
                add(cpu, "skopeo cold", lastCpu);
                add(t, "skopeo re-push", time(() -> run(copy)));
            }
            // Strata in this JVM: the transport alone
            try (Registry reg = Registry.start()) {
                Path index = Files.createTempDirectory("strata-bench-index");
                String ref = reg.address() + "/bench/strata:1";
                warm(layout);
                PushResult[] r = new PushResult[1];
                double cpu0 = ownCpu();
                add(t, "strata cold (in-process)", time(() -> r[0] = push(image, ref, index)));
                add(cpu, "strata cold (in-process)", ownCpu() - cpu0);
                check(r[0].bytesUploaded() == bytes, "cold push sent every byte: " + r[0]);
                add(t, "strata re-push (in-process)", time(() -> r[0] = push(image, ref, index)));
                check(r[0].bytesUploaded() == 0 && r[0].blobsUploaded() == 0, "re-push sent nothing: " + r[0]);
            }
            // Strata in a fresh JVM, as a command line would run it (image already in the cache)
            try (Registry reg = Registry.start()) {
                String ref = reg.address() + "/bench/strata-jvm:1";
                List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                        classpath, "PushBench", "push-once", layout.toString(), ref);
                warm(layout);
                String[] out = new String[1];
                add(t, "strata cold (fresh JVM)", time(() -> out[0] = run(cmd)));
                add(cpu, "strata cold (fresh JVM, whole process)", lastCpu);
                add(t, "strata cold (fresh JVM, push part)", JSON.readTree(out[0]).get("pushSeconds").asDouble());
                add(t, "strata re-push (fresh JVM)", time(() -> out[0] = run(cmd)));
                JsonNode j = JSON.readTree(out[0]);
                add(t, "strata re-push (fresh JVM, push part)", j.get("pushSeconds").asDouble());
                check(j.get("bytesUploaded").asLong() == 0, "fresh-JVM re-push sent nothing: " + out[0]);
            }
            int last = t.get("skopeo cold").size() - 1;
            pairedCold.add(t.get("strata cold (in-process)").get(last) / t.get("skopeo cold").get(last));
            System.out.printf(Locale.ROOT, "round %d done%n", round);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-40s %9s   %s%n", "wall time", "median s", "all runs (s)");
        for (Map.Entry<String, List<Double>> e : t.entrySet()) {
            System.out.printf(Locale.ROOT, "%-40s %9.3f   %s%n", e.getKey(), median(e.getValue()), fmt(e.getValue()));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-40s %9s   %s%n", "client CPU (user+sys), cold push", "median s", "all runs (s)");
        for (Map.Entry<String, List<Double>> e : cpu.entrySet()) {
            System.out.printf(Locale.ROOT, "%-40s %9.3f   %s%n", e.getKey(), median(e.getValue()), fmt(e.getValue()));
        }
        double skopeo = median(t.get("skopeo cold"));
        System.out.println();
        System.out.printf(Locale.ROOT, "cold push ratio strata/skopeo (medians): in-process %.2f, fresh JVM %.2f;"
                + " median of per-round in-process ratios %.2f (targets: issue 6 <= 1.0, issue 14 <= 0.5)%n",
                median(t.get("strata cold (in-process)")) / skopeo, median(t.get("strata cold (fresh JVM)")) / skopeo,
                median(pairedCold));
        System.out.printf(Locale.ROOT, "re-push: in-process %.3f s, fresh JVM %.3f s (its push part %.3f s), 0 blob bytes"
                + " (target < 1 s, 0 bytes); skopeo %.3f s%n", median(t.get("strata re-push (in-process)")),
                median(t.get("strata re-push (fresh JVM)")), median(t.get("strata re-push (fresh JVM, push part)")),
                median(t.get("skopeo re-push")));
        System.out.printf(Locale.ROOT, "throughput cold: skopeo %.0f MB/s, strata in-process %.0f MB/s%n",
                bytes / 1e6 / skopeo, bytes / 1e6 / median(t.get("strata cold (in-process)")));
    }

    // ---------------------------------------------------------------- cold: nothing built yet

    static final List<String> COLD_INPUTS = List.of("/usr/lib/jvm/java-17-openjdk-amd64",
            "/usr/lib/jvm/temurin-25-jdk-amd64");

    /**
     * A cold push with nothing built (empty cache), in a fresh JVM each: Strata building and pushing
     * at once (each layer uploads as soon as it is written), Strata building then pushing, and
     * Strata building an OCI layout that {@code skopeo copy} then pushes (the build-then-skopeo
     * baseline, timed together). The two JDKs imported into the Nix store, one layer per store path
     * plus the top layer, gzip; a fresh registry for every push. Interleaved rounds, medians.
     */
    static void coldRounds(int rounds) throws Exception {
        Files.createDirectories(ImageBench.WORK);
        ImageBench.Inputs in = ImageBench.importInputs(COLD_INPUTS, "push");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        Path work = Files.createDirectories(ImageBench.WORK.resolve("cold-push"));
        String tar = ImageBench.tarOf(in);
        Map<String, List<Double>> t = new TreeMap<>();
        Map<String, List<Double>> cpu = new TreeMap<>();
        List<Double> paired = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            loads.add(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            Map<String, Double> thisRound = new TreeMap<>();
            List<String> order = round % 2 == 1 ? List.of("overlap", "sequential", "layout")
                    : List.of("layout", "sequential", "overlap");
            for (String mode : order) {
                Path cache = work.resolve("cache-" + mode);
                Path layout = work.resolve("layout");
                ImageBench.sh("rm -rf " + cache + " " + layout);
                ImageBench.shTimed(tar + " | cat > /dev/null");
                try (Registry reg = Registry.start()) {
                    String ref = reg.address() + "/bench/cold:1";
                    List<String> cmd = List.of(java, "-Xmx256m", "-cp", classpath, "PushBench", "cold", mode,
                            in.closure().toString(), in.forest(), cache.toString(),
                            mode.equals("layout") ? layout.toString() : ref);
                    String[] out = new String[1];
                    double wall = time(() -> out[0] = run(cmd));
                    double c = lastCpu;
                    String k = mode.equals("layout") ? "build, then skopeo copy" : mode.equals("overlap")
                            ? "strata build+push, overlapped" : "strata build, then push (same JVM)";
                    if (mode.equals("layout")) {
                        List<String> copy = List.of("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout
                                + ":bench/cold:1", "docker://" + ref);
                        wall += time(() -> run(copy));
                        c += lastCpu;
                    } else {
                        JsonNode j = JSON.readTree(out[0]);
                        check(j.get("bytesUploaded").asLong() > 0, "the cold push sent its blobs: " + out[0]);
                        add(t, k + " (push part after the build)", j.get("afterBuild").asDouble());
                    }
                    add(t, k, wall);
                    add(cpu, k, c);
                    thisRound.put(mode, wall);
                }
            }
            paired.add(thisRound.get("overlap") / thisRound.get("layout"));
            System.out.printf(Locale.ROOT, "round %d done: %s%n", round, thisRound);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "cold push of %s (nothing built), %d rounds, load average at each round's start %s%n",
                String.join(", ", COLD_INPUTS), rounds, loads);
        System.out.printf(Locale.ROOT, "%-56s %9s   %s%n", "wall time (whole processes)", "median s", "all runs (s)");
        for (Map.Entry<String, List<Double>> e : t.entrySet()) {
            System.out.printf(Locale.ROOT, "%-56s %9.3f   %s%n", e.getKey(), median(e.getValue()), fmt(e.getValue()));
        }
        System.out.printf(Locale.ROOT, "%-56s %9s   %s%n", "CPU (user+sys)", "median s", "all runs (s)");
        for (Map.Entry<String, List<Double>> e : cpu.entrySet()) {
            System.out.printf(Locale.ROOT, "%-56s %9.3f   %s%n", e.getKey(), median(e.getValue()), fmt(e.getValue()));
        }
        double base = median(t.get("build, then skopeo copy"));
        System.out.printf(Locale.ROOT, "overlapped / build-then-skopeo: %.3f (medians), per round %s;"
                + " sequential / build-then-skopeo: %.3f%n", median(t.get("strata build+push, overlapped")) / base,
                fmt(paired), median(t.get("strata build, then push (same JVM)")) / base);
    }

    // ---------------------------------------------------------------- the whole command: ./strata push

    /**
     * A user's {@code ./strata push} of an image built before, as whole processes: the launcher, the
     * JVM, resolving the source, finding the image in the cache, the uploads and the exit. The two
     * JDKs behind a one-package set committed to git (an immutable source: the remembered image is
     * taken without Nix building anything), built once into an OCI layout (the cache fills and the
     * image is remembered); then, interleaved per round (the order alternates), {@code skopeo copy}
     * of that layout and {@code ./strata push} of the recipe, each to a fresh registry, then each
     * again (the re-push), and {@code ./strata --version} (the JVM's floor). Blobs are read before
     * each cold push.
     */
    static void cliRounds(int rounds) throws Exception {
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        Files.createDirectories(ImageBench.WORK);
        ImageBench.Inputs in = ImageBench.importInputs(COLD_INPUTS, "push");
        Path work = Files.createDirectories(ImageBench.WORK.resolve("cli-push"));
        Path set = work.resolve("set");
        String source = "git:" + set + "#" + ImageBench.packageSetOf(in, set, "bench-push-inputs");
        Path cache = work.resolve("cache");
        Path layout = work.resolve("layout");
        ImageBench.sh("rm -rf " + cache + " " + layout);
        List<String> env = List.of("env", "STRATA_CACHE_DIR=" + cache, "STRATA_QUIET=1");
        List<String> strata = new ArrayList<>(env);
        strata.add(root.resolve("strata").toString());
        List<String> build = new ArrayList<>(strata);
        build.addAll(List.of("build", "--source", source, "bench", "-o", layout.toString(), "-t", "bench/cli:1"));
        System.err.printf(Locale.ROOT, "setup build (cold, fills the cache): %.1f s%n", time(() -> run(build)));
        // BENCH_BASELINE_ROOT: another checkout's ./strata (with its target/ built), timed beside this one
        String baselineRoot = System.getenv("BENCH_BASELINE_ROOT");
        List<String> baseline = new ArrayList<>(env);
        if (baselineRoot != null) {
            baseline.add(Path.of(baselineRoot).resolve("strata").toString());
        }
        String warm = "cat " + cache + "/blobs/sha256/* > /dev/null";
        Map<String, List<Double>> t = new TreeMap<>();
        Map<String, List<Double>> cpu = new TreeMap<>();
        List<Double> paired = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            loads.add(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            Map<String, Double> thisRound = new TreeMap<>();
            List<String> order = new ArrayList<>(List.of("skopeo", "strata", "version"));
            if (baselineRoot != null) {
                order.add(1, "baseline");
            }
            if (round % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (String tool : order) {
                if (tool.equals("version")) {
                    List<String> version = new ArrayList<>(strata);
                    version.add("--version");
                    add(t, "./strata --version (the JVM's floor)", time(() -> run(version)));
                    add(cpu, "./strata --version (the JVM's floor)", lastCpu);
                    continue;
                }
                try (Registry reg = Registry.start()) {
                    List<String> cmd = new ArrayList<>();
                    if (tool.equals("skopeo")) {
                        cmd.addAll(List.of("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":bench/cli:1",
                                "docker://" + reg.address() + "/bench/skopeo:1"));
                    } else {
                        cmd.addAll(tool.equals("strata") ? strata : baseline);
                        cmd.addAll(List.of("push", "--source", source, "bench", reg.address() + "/bench/strata:1",
                                "--insecure", "--json"));
                    }
                    String label = tool.equals("skopeo") ? "skopeo copy" : tool.equals("strata") ? "./strata push"
                            : "./strata push, baseline";
                    ImageBench.sh(warm);
                    String[] out = new String[1];
                    double cold = time(() -> out[0] = run(cmd));
                    add(t, label + ", cold (fresh registry)", cold);
                    add(cpu, label + ", cold (fresh registry)", lastCpu);
                    thisRound.put(tool, cold);
                    if (!tool.equals("skopeo")) {
                        check(JSON.readTree(out[0]).get("bytesUploaded").asLong() > 0, "the cold push sent: " + out[0]);
                    }
                    add(t, label + ", re-push", time(() -> out[0] = run(cmd)));
                    add(cpu, label + ", re-push", lastCpu);
                    if (!tool.equals("skopeo")) {
                        check(JSON.readTree(out[0]).get("bytesUploaded").asLong() == 0, "the re-push sent: " + out[0]);
                    }
                }
            }
            paired.add(thisRound.get("strata") / thisRound.get("skopeo"));
            System.out.printf(Locale.ROOT, "round %d done: %s%n", round, thisRound);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "whole ./strata push of an image built before (%s), %d rounds, 2 cores shared,"
                + " load average (1 min) at each round's start %s%n", String.join(", ", COLD_INPUTS), rounds, loads);
        System.out.printf(Locale.ROOT, "%-44s %9s   %s%n", "wall time (whole processes)", "median s", "all runs (s)");
        for (Map.Entry<String, List<Double>> e : t.entrySet()) {
            System.out.printf(Locale.ROOT, "%-44s %9.3f   %s%n", e.getKey(), median(e.getValue()), fmt(e.getValue()));
        }
        System.out.printf(Locale.ROOT, "%-44s %9s   %s%n", "CPU (user+sys)", "median s", "all runs (s)");
        for (Map.Entry<String, List<Double>> e : cpu.entrySet()) {
            System.out.printf(Locale.ROOT, "%-44s %9.3f   %s%n", e.getKey(), median(e.getValue()), fmt(e.getValue()));
        }
        String c = ", cold (fresh registry)";
        System.out.printf(Locale.ROOT, "./strata push / skopeo copy, cold: %.3f wall (medians), per round %s; CPU %.3f"
                + " (target <= 0.5 wall)%n", median(t.get("./strata push" + c)) / median(t.get("skopeo copy" + c)),
                fmt(paired), median(cpu.get("./strata push" + c)) / median(cpu.get("skopeo copy" + c)));
        if (baselineRoot != null) {
            System.out.printf(Locale.ROOT, "baseline (%s) / skopeo copy, cold: %.3f wall, %.3f CPU; this / baseline:"
                    + " cold %.3f wall, %.3f CPU; re-push %.3f wall, %.3f CPU%n", baselineRoot,
                    median(t.get("./strata push, baseline" + c)) / median(t.get("skopeo copy" + c)),
                    median(cpu.get("./strata push, baseline" + c)) / median(cpu.get("skopeo copy" + c)),
                    median(t.get("./strata push" + c)) / median(t.get("./strata push, baseline" + c)),
                    median(cpu.get("./strata push" + c)) / median(cpu.get("./strata push, baseline" + c)),
                    median(t.get("./strata push, re-push")) / median(t.get("./strata push, baseline, re-push")),
                    median(cpu.get("./strata push, re-push")) / median(cpu.get("./strata push, baseline, re-push")));
        }
    }

    /** One cold build in this JVM: pushed while built (overlap), pushed after (sequential), or saved as a layout. */
    static void cold(String[] a) throws Exception {
        String mode = a[1];
        dev.strata.closure.Closure closure = dev.strata.closure.Closure.of(dev.strata.nix.PathInfoJson.parse(
                Files.readString(Path.of(a[2])), a[2]));
        List<dev.strata.layering.Layer> layers = new ArrayList<>();
        for (dev.strata.closure.StorePath p : closure.topologicalOrder()) {
            layers.add(dev.strata.layering.Layer.of(List.of(p), closure.narSize(p), "bench: one path per layer"));
        }
        dev.strata.layering.LayerPlan plan = new dev.strata.layering.LayerPlan("bench", layers.size() + 1, layers);
        dev.strata.image.ImageInputs inputs = new dev.strata.image.ImageInputs("x86_64-linux", closure,
                dev.strata.closure.StorePath.of(a[3]));
        dev.strata.image.ImageBuilder builder = dev.strata.image.ImageBuilder.inCache(Path.of(a[4]));
        dev.strata.image.BuildOptions options = new dev.strata.image.BuildOptions(dev.strata.image.Compression.GZIP,
                dev.strata.image.ManifestFormat.OCI, null);
        dev.strata.image.ImageConfig config = dev.strata.image.ImageConfig.empty();
        if (mode.equals("layout")) {
            dev.strata.image.BuiltImage image = builder.build(inputs, plan, config, options,
                    dev.strata.image.BuildListener.NONE);
            dev.strata.output.ImageOutput.write(image, dev.strata.output.OutputFormat.OCI,
                    dev.strata.output.ImageName.parse("bench/cold:1"), Path.of(a[5]), dev.strata.output.OutputMode.ADD);
            System.out.println("{}");
            return;
        }
        RegistryPusher pusher = new RegistryPusher(new PushedBlobIndex(Files.createTempDirectory("strata-bench-index")),
                new CredentialResolver(Map.of(), Path.of("/nonexistent")), w -> { });
        PushOptions push = PushOptions.defaults().withTls(new TlsOptions(true, null));
        PushResult r;
        long built;
        try (RegistryPusher.Session session = pusher.open(RegistryReference.parse(a[5]), push, e -> { })) {
            dev.strata.image.BuildListener listener = !mode.equals("overlap") ? dev.strata.image.BuildListener.NONE
                    : new dev.strata.image.BuildListener() {
                        @Override
                        public void layerFinished(int index, int count, dev.strata.image.BuiltLayer l) {
                            session.upload(new ImageBlob(l.digest().toString(), l.size(), l.mediaType(),
                                    BlobSource.ofFile(l.blob())));
                        }
                    };
            dev.strata.image.BuiltImage image = builder.build(inputs, plan, config, options, listener);
            built = System.nanoTime();
            r = session.finish(dev.strata.compose.Exports.pushable(image));
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>(r.toJson());
        out.put("afterBuild", (System.nanoTime() - built) / 1e9);
        System.out.println(JSON.writeValueAsString(out));
    }

    static PushResult push(PushableImage image, String ref, Path index) {
        return new RegistryPusher(new PushedBlobIndex(index), new CredentialResolver(Map.of(), Path.of("/nonexistent")),
                w -> { }).push(image, RegistryReference.parse(ref), PushOptions.defaults()
                .withTls(new TlsOptions(true, null)), e -> { });
    }

    /** The image of an OCI layout's first manifest, blobs as files. */
    static PushableImage load(Path layout) throws IOException {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode desc = index.get("manifests").get(0);
        byte[] manifest = Files.readAllBytes(blob(layout, desc.get("digest").asText()));
        JsonNode m = JSON.readTree(manifest);
        List<ImageBlob> layers = new ArrayList<>();
        for (JsonNode l : m.get("layers")) {
            layers.add(descriptor(layout, l));
        }
        return new PushableImage(manifest, m.get("mediaType").asText(desc.get("mediaType").asText()),
                descriptor(layout, m.get("config")), layers);
    }

    private static ImageBlob descriptor(Path layout, JsonNode d) {
        String digest = d.get("digest").asText();
        return new ImageBlob(digest, d.get("size").asLong(), d.get("mediaType").asText(),
                BlobSource.ofFile(blob(layout, digest)));
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    /** Reads every blob once so the measured run starts from the page cache. */
    static void warm(Path layout) throws IOException {
        byte[] buf = new byte[1 << 20];
        try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                try (InputStream in = Files.newInputStream(f)) {
                    while (in.read(buf) > 0) {
                        // just reading
                    }
                }
            }
        }
    }

    interface Step {
        void run() throws Exception;
    }

    static double time(Step s) throws Exception {
        long t0 = System.nanoTime();
        s.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** CPU seconds (user + system) of the last command run, from /usr/bin/time. */
    static double lastCpu = Double.NaN;

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Path cpu = Files.createTempFile("strata-bench", ".cpu");
        List<String> timed = new ArrayList<>();
        boolean measure = Files.isExecutable(Path.of("/usr/bin/time"));
        if (measure) {
            timed.addAll(List.of("/usr/bin/time", "-o", cpu.toString(), "-f", "%U %S"));
        }
        timed.addAll(cmd);
        Process p = new ProcessBuilder(timed).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(cmd + " failed: " + new String(out));
        }
        lastCpu = Double.NaN;
        if (measure) {
            String[] f = Files.readString(cpu).strip().split("\\s+");
            lastCpu = Double.parseDouble(f[f.length - 2]) + Double.parseDouble(f[f.length - 1]);
        }
        Files.deleteIfExists(cpu);
        return new String(out);
    }

    /** CPU seconds this JVM has used so far (all threads: the pusher, the HTTP client, GC, JIT). */
    static double ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    static void add(Map<String, List<Double>> t, String k, double v) {
        t.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static String fmt(List<Double> v) {
        return Arrays.toString(v.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toArray());
    }

    /** A fresh docker-registry on 127.0.0.1 with storage in a temp dir, stopped (by its PID) and removed on close. */
    static final class Registry implements AutoCloseable {
        final Process process;
        final Path dir;
        final int port;

        Registry(Process process, Path dir, int port) {
            this.process = process;
            this.dir = dir;
            this.port = port;
        }

        static Registry start() throws Exception {
            Path dir = Files.createTempDirectory("strata-bench-registry");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path config = dir.resolve("config.yml");
            Files.writeString(config, "version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n"
                    + "storage:\n  filesystem:\n    rootdirectory: " + dir.resolve("storage") + "\n"
                    + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: bench\n");
            Process p = new ProcessBuilder("docker-registry", "serve", config.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("log").toFile()).start();
            Registry r = new Registry(p, dir, port);
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 200; i++) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return r;
                    }
                } catch (IOException notYet) {
                    Thread.sleep(25);
                }
            }
            r.close();
            throw new IllegalStateException("docker-registry did not start: " + Files.readString(dir.resolve("log")));
        }

        String address() {
            return "127.0.0.1:" + port;
        }

        @Override
        public void close() throws Exception {
            process.toHandle().destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.toHandle().destroyForcibly();
            }
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
