package dev.strata.gui.bench;

import atlantafx.base.theme.PrimerLight;
import com.sun.management.OperatingSystemMXBean;
import dev.strata.gui.Fx;
import dev.strata.gui.app.AppViewModel;
import dev.strata.gui.app.MainWindow;
import dev.strata.gui.closure.GraphLayout;
import dev.strata.gui.closure.GraphLayoutTest;
import dev.strata.gui.closure.GraphView;
import dev.strata.gui.common.FxTrace;
import dev.strata.gui.common.Workspace;
import dev.strata.nix.PackageInfo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The desktop composer's two performance figures (issue 5), printed, never asserted:
 *
 * <ol>
 *   <li>FX-thread stalls while the largest demo image is composed and built through the real
 *       window and the real pipeline: the longest gap between two frames (pulses) while the work
 *       runs, against the same measure on the idle window in the same run (the baseline).</li>
 *   <li>The closure graph with 2,000 synthetic paths while panning: frame time from pulse to pulse
 *       and the canvas redraw time, fitted (all nodes visible) and zoomed in (labels drawn).</li>
 * </ol>
 * Targets: no stall over 100 ms; 30+ frames per second while panning. Run with bench/gui.sh.
 */
public final class GuiBenchmark {
    private GuiBenchmark() {}

    public static void main(String[] args) throws Exception {
        Fx.start();
        Path tmp = Files.createTempDirectory("strata-gui-bench");
        Stage stage = Fx.call(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            return new Stage();
        });
        try {
            // -Dstrata.bench.rounds=N repeats the build in a new window: later rounds run on a warm JVM.
            for (int round = 1, rounds = Integer.getInteger("strata.bench.rounds", 1); round <= rounds; round++) {
                if (rounds > 1) {
                    System.out.println("-- round " + round + " of " + rounds);
                }
                stalls(stage, Files.createDirectories(tmp.resolve("round-" + round)));
            }
            if (!"false".equals(System.getProperty("strata.bench.graph"))) { // -Dstrata.bench.graph=false: stalls only
                graph(stage);
                System.out.printf(Locale.ROOT, "peak resident memory after the graph benchmark too: %d MiB%n",
                        procStatusMib("VmHWM"));
            }
        } finally {
            Fx.run(stage::hide);
        }
        System.exit(0);
    }

    /** Records the gaps between consecutive frames while installed. */
    static final class FrameClock extends AnimationTimer {
        final List<Long> gaps = new ArrayList<>();
        volatile long last;

        @Override
        public void handle(long now) {
            if (last != 0) {
                gaps.add(now - last);
            }
            last = now;
        }

        long[] sorted() {
            return gaps.stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }

    /** With -Dstrata.bench.diagnose=true: samples the FX thread's stack while a frame is late, to find stalls. */
    static final class StallSampler extends Thread {
        final FrameClock clock;
        final Map<String, Integer> samples = new TreeMap<>();
        final List<Object[]> timed = Collections.synchronizedList(new ArrayList<>());

        StallSampler(FrameClock clock) {
            this.clock = clock;
            setDaemon(true);
        }

        @Override
        public void run() {
            String name = System.getProperty("strata.bench.thread", "JavaFX Application Thread");
            Thread fx = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith(name)).findFirst().orElseThrow();
            while (!isInterrupted()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
                StackTraceElement[] st = fx.getStackTrace();
                boolean idle = st.length > 0 && (st[0].getMethodName().equals("wait") || st[0].getMethodName().equals("park"));
                if (!idle) {
                    StringBuilder full = new StringBuilder();
                    for (int j = 0; j < Math.min(40, st.length); j++) {
                        String f = st[j].toString();
                        if (f.contains("dev.strata") || f.contains("javafx.scene") || f.contains("Skin")) {
                            full.append("      ").append(f).append('\n');
                        }
                    }
                    timed.add(new Object[] {System.nanoTime(), full.toString()});
                    StringBuilder key = new StringBuilder();
                    int k = 0;
                    for (StackTraceElement el : st) {
                        boolean ours = el.getClassName().startsWith("dev.strata");
                        boolean pass = el.getMethodName().matches("doCSSPass|doLayoutPass|synchronizeSceneNodes|"
                                + "pulse|runLater.*|lambda\\$runLater.*|handle|setAll|processCSS|layout");
                        if ((ours || pass) && k++ < 6) {
                            key.append("    ").append(el).append('\n');
                        }
                    }
                    samples.merge(key.toString(), 1, Integer::sum);
                }
            }
        }

        void reportWindow(long from, long to) {
            Map<String, Integer> in = new HashMap<>();
            synchronized (timed) {
                for (Object[] t : timed) {
                    long at = (Long) t[0];
                    if (at >= from && at <= to) {
                        in.merge((String) t[1], 1, Integer::sum);
                    }
                }
            }
            System.out.println("FX thread during the longest stall (" + (to - from) / 1_000_000 + " ms):");
            in.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(5)
                    .forEach(e -> System.out.println("  " + e.getValue() + " x\n" + e.getKey()));
        }

        void report() {
            samples.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(6)
                    .forEach(e -> System.out.println("  " + e.getValue() + " samples (5 ms) in:\n" + e.getKey()));
        }
    }

    /**
     * Posts a no-op to the FX thread every 10 ms and records how long each waited: the FX thread's
     * responsiveness. For every probe it also records what the time went to, so that a stall can be
     * told apart: CPU time of the FX thread and of the render thread during the wait, of the whole
     * JVM, the machine's busy and steal share over its cores (/proc/stat), and GC pause time.
     */
    static final class LatencyProbe extends Thread {
        /** One probe: when it was posted (nanoTime and epoch ms) and what happened until it ran. */
        record Probe(long posted, long epochMs, long waited, long fxCpu, long renderCpu, long jvmCpu, double machineBusy,
                     double machineSteal, long gcMs, long javaThreadsCpu, String busiest, long classes, long jitMs) {}

        final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        final List<long[]> windows = Collections.synchronizedList(new ArrayList<>());
        final List<Probe> probes = Collections.synchronizedList(new ArrayList<>());
        final long fxId;
        final long renderId;
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final OperatingSystemMXBean os = (OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean();
        final java.lang.management.ClassLoadingMXBean classLoading = ManagementFactory.getClassLoadingMXBean();
        final java.lang.management.CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();

        LatencyProbe(long fxId, long renderId) {
            this.fxId = fxId;
            this.renderId = renderId;
            setName("bench-latency-probe");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                long epoch = System.currentTimeMillis();
                long[] cpu0 = machine();
                long fx0 = threads.getThreadCpuTime(fxId);
                long r0 = renderId < 0 ? 0 : threads.getThreadCpuTime(renderId);
                long jvm0 = os.getProcessCpuTime();
                long gc0 = gcMillis();
                Map<Long, Long> all0 = allThreads();
                long classes0 = classLoading.getTotalLoadedClassCount();
                long jit0 = compilation.getTotalCompilationTime();
                long posted = System.nanoTime();
                CountDownLatch ran = new CountDownLatch(1);
                long[] ranAt = new long[1];
                Platform.runLater(() -> {
                    ranAt[0] = System.nanoTime();
                    ran.countDown();
                });
                try {
                    ran.await();
                } catch (InterruptedException e) {
                    return;
                }
                long wait = ranAt[0] - posted;
                long[] cpu1 = machine();
                Map<Long, Long> all1 = allThreads();
                long javaCpu = 0;
                String busiest = "";
                long most = 0;
                for (var e : all1.entrySet()) {
                    long d = e.getValue() - all0.getOrDefault(e.getKey(), e.getValue());
                    javaCpu += d;
                    if (e.getKey() != fxId && e.getKey() != renderId && d > most) {
                        most = d;
                        var info = threads.getThreadInfo(e.getKey());
                        busiest = (info == null ? "?" : info.getThreadName()) + " " + Math.round(d / 1e6) + " ms";
                    }
                }
                long total = cpu1[0] - cpu0[0];
                latencies.add(wait);
                windows.add(new long[] {posted, ranAt[0]});
                probes.add(new Probe(posted, epoch, wait, threads.getThreadCpuTime(fxId) - fx0,
                        renderId < 0 ? 0 : threads.getThreadCpuTime(renderId) - r0, os.getProcessCpuTime() - jvm0,
                        total <= 0 ? -1 : (double) (cpu1[1] - cpu0[1]) / total,
                        total <= 0 ? -1 : (double) (cpu1[2] - cpu0[2]) / total, gcMillis() - gc0, javaCpu, busiest,
                        classLoading.getTotalLoadedClassCount() - classes0, compilation.getTotalCompilationTime() - jit0));
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Reused by {@link #machine()}: the probe runs every 10 ms and must not fill the heap it measures. */
        private final byte[] stat = new byte[8192];

        /**
         * /proc/stat's first line: {total, busy, steal} jiffies over all cores (zeros where there is
         * none). Read into a reused buffer: Files.readAllLines allocated about 25 KB per call, and the
         * probe calls it twice per probe, so the probe alone filled a third of the young generation
         * during the flow and brought on a collection it then measured as a stall.
         */
        long[] machine() {
            try (var in = new java.io.FileInputStream("/proc/stat")) {
                int n = in.read(stat);
                long[] f = new long[11];
                int field = -1;
                boolean inNumber = false;
                for (int k = 0; k < n && stat[k] != '\n' && field < f.length - 1; k++) {
                    byte c = stat[k];
                    if (c >= '0' && c <= '9') {
                        if (!inNumber) {
                            field++;
                            inNumber = true;
                        }
                        f[field] = f[field] * 10 + (c - '0');
                    } else {
                        inNumber = false;
                    }
                }
                // "cpu  user nice system idle iowait irq softirq steal ...": f[0] is user.
                long total = 0;
                for (int k = 0; k <= field; k++) {
                    total += f[k];
                }
                long idle = f[3] + f[4];
                return new long[] {total, total - idle, f[7]};
            } catch (IOException | RuntimeException e) {
                return new long[] {0, 0, 0};
            }
        }

        /** CPU time of every live Java thread (JIT compiler and GC threads are not among them). */
        Map<Long, Long> allThreads() {
            Map<Long, Long> m = new HashMap<>();
            for (long id : threads.getAllThreadIds()) {
                long t = threads.getThreadCpuTime(id);
                if (t >= 0) {
                    m.put(id, t);
                }
            }
            return m;
        }

        static long gcMillis() {
            long t = 0;
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (!gc.getName().contains("Concurrent") && gc.getCollectionTime() > 0) {
                    t += gc.getCollectionTime();
                }
            }
            return t;
        }

        long[] sorted() {
            synchronized (latencies) {
                return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            }
        }

        List<Probe> over(long nanos) {
            synchronized (probes) {
                return probes.stream().filter(p -> p.waited() > nanos).toList();
            }
        }
    }

    /**
     * With -Dstrata.gui.trace=true: what happened during each long stall, on one clock
     * (System.nanoTime): the window's own spans ({@link FxTrace}: task callbacks, progress batches,
     * screens shown), each CSS + layout pass of the scene over 2 ms (pulse listeners), and every GC
     * pause (the collectors' notifications). Printed for every stall over 100 ms, or for the three
     * longest when none went over.
     */
    static final class Timeline {
        final List<FxTrace.Span> passes = Collections.synchronizedList(new ArrayList<>());
        final List<FxTrace.Span> gcs = Collections.synchronizedList(new ArrayList<>());
        private long passStart;
        private long passCpu;
        private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();

        void install(Scene scene) {
            scene.addPreLayoutPulseListener(() -> {
                passStart = System.nanoTime();
                passCpu = cpu.getCurrentThreadCpuTime();
            });
            scene.addPostLayoutPulseListener(() -> {
                long end = System.nanoTime();
                if (passStart != 0 && end - passStart > 2_000_000L) {
                    passes.add(new FxTrace.Span("CSS + layout pass", passStart, end,
                            cpu.getCurrentThreadCpuTime() - passCpu));
                }
            });
            long jvmStart = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof javax.management.NotificationEmitter emitter) {
                    emitter.addNotificationListener((n, h) -> {
                        if (!n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                            return;
                        }
                        var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                                (javax.management.openmbean.CompositeData) n.getUserData());
                        var g = info.getGcInfo();
                        long before = g.getMemoryUsageBeforeGc().values().stream().mapToLong(u -> u.getUsed()).sum() >> 20;
                        long after = g.getMemoryUsageAfterGc().values().stream().mapToLong(u -> u.getUsed()).sum() >> 20;
                        gcs.add(new FxTrace.Span("GC " + info.getGcName() + " (" + info.getGcCause() + ", " + before + "M->"
                                + after + "M)", jvmStart + g.getStartTime() * 1_000_000L,
                                jvmStart + g.getEndTime() * 1_000_000L));
                    }, null, null);
                }
            }
        }

        void report(LatencyProbe probe, long t0) {
            List<long[]> stalls;
            synchronized (probe.windows) {
                stalls = new ArrayList<>(probe.windows);
            }
            stalls.sort((a, b) -> Long.compare(b[1] - b[0], a[1] - a[0]));
            List<long[]> shown = stalls.stream().filter(w -> w[1] - w[0] > 100_000_000L).toList();
            if (shown.isEmpty()) {
                shown = stalls.subList(0, Math.min(3, stalls.size()));
            }
            List<FxTrace.Span> all = new ArrayList<>(FxTrace.spans());
            synchronized (passes) {
                all.addAll(passes);
            }
            synchronized (gcs) {
                all.addAll(gcs);
            }
            all.sort((a, b) -> Long.compare(a.start(), b.start()));
            System.out.println("TRACE what the FX thread did during the longest stalls (times from the start of the flow):");
            for (long[] w : shown.stream().sorted((a, b) -> Long.compare(a[0], b[0])).toList()) {
                System.out.printf(Locale.ROOT, "TRACE stall at +%.0f ms, %.0f ms:%n", ms(w[0] - t0), ms(w[1] - w[0]));
                for (FxTrace.Span sp : all) {
                    if (sp.end() >= w[0] && sp.start() <= w[1]) {
                        long overlap = Math.min(sp.end(), w[1]) - Math.max(sp.start(), w[0]);
                        System.out.printf(Locale.ROOT, "TRACE   +%.0f ms %5.1f ms (%.0f ms inside%s) %s%n",
                                ms(sp.start() - t0), ms(sp.nanos()), ms(Math.max(0, overlap)),
                                sp.cpu() < 0 ? "" : String.format(Locale.ROOT, ", FX CPU %.0f ms", ms(sp.cpu())), sp.what());
                    }
                }
            }
            System.out.println("TRACE every span over 20 ms during the flow:");
            for (FxTrace.Span sp : all) {
                if (sp.start() >= t0 && sp.nanos() > 20_000_000L) {
                    System.out.printf(Locale.ROOT, "TRACE   +%.0f ms %5.1f ms%s %s%n", ms(sp.start() - t0), ms(sp.nanos()),
                            sp.cpu() < 0 ? "" : String.format(Locale.ROOT, " (FX CPU %.0f ms)", ms(sp.cpu())), sp.what());
                }
            }
        }
    }

    static long renderThreadId() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("QuantumRenderer"))
                .mapToLong(Thread::getId).findFirst().orElse(-1);
    }

    static void stalls(Stage stage, Path tmp) throws Exception {
        Workspace ws = Fx.call(() -> new Workspace(Fx.pipeline(tmp.resolve("cache"))));
        MainWindow w = Fx.call(() -> {
            MainWindow win = new MainWindow(new AppViewModel(ws, tmp.resolve("gui.json")));
            win.install(stage);
            stage.setWidth(1280);
            stage.setHeight(800);
            stage.show();
            return win;
        });
        Timeline timeline = new Timeline();
        if (FxTrace.ON) {
            Fx.run(() -> timeline.install(stage.getScene()));
        }
        Thread.sleep(1500); // let the first frames of the new window pass
        long fxId = Fx.call(() -> Thread.currentThread().getId());
        long renderId = renderThreadId();
        // Baseline: the idle window for two seconds.
        FrameClock idle = new FrameClock();
        LatencyProbe idleProbe = new LatencyProbe(fxId, renderId);
        Fx.run(idle::start);
        idleProbe.start();
        Thread.sleep(2000);
        Fx.run(idle::stop);
        idleProbe.interrupt();

        Fx.run(() -> w.sourceViewModel().apply());
        Fx.waitUntil(() -> ws.indexProperty().get() != null, "the demo source");
        // The largest demo image: every package that builds without special permission.
        List<String> all = Fx.call(() -> ws.indexProperty().get().all().stream()
                .filter(p -> !p.broken() && !p.unfree()).map(PackageInfo::attrPath).toList());
        FrameClock busy = new FrameClock();
        StallSampler sampler = new StallSampler(busy);
        if (Boolean.getBoolean("strata.bench.diagnose")) {
            sampler.start();
        }
        Path out = tmp.resolve("largest.tar");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long fxThreadId = fxId;
        long fxCpu0 = threads.getThreadCpuTime(fxThreadId);
        long renderCpu0 = renderId < 0 ? 0 : threads.getThreadCpuTime(renderId);
        long gc0 = LatencyProbe.gcMillis();
        var classLoading = ManagementFactory.getClassLoadingMXBean();
        var compilation = ManagementFactory.getCompilationMXBean();
        long classes0 = classLoading.getTotalLoadedClassCount();
        long jit0 = compilation.getTotalCompilationTime();
        Map<String, Long> alloc0 = allocatedByThread();
        long t0 = System.nanoTime();
        LatencyProbe busyProbe = new LatencyProbe(fxId, renderId);
        busyProbe.start();
        Fx.run(() -> {
            busy.start();
            FxTrace.mark("flow: packages set, closure screen shown, realise started");
            ws.packages().setAll(all);
            w.show(MainWindow.Screen.CLOSURE); // the closure screen: tree, graph and log update as it runs
            w.closureViewModel().realise();
        });
        Fx.waitUntil(() -> !w.closureViewModel().busyProperty().get() && ws.realisationProperty().get() != null
                && w.closureViewModel().layoutProperty().get() != null, "the closure");
        long tBuild = System.nanoTime();
        Fx.run(() -> {
            FxTrace.mark("flow: build screen shown, build started");
            w.show(MainWindow.Screen.BUILD);
            w.buildViewModel().outputProperty().set(out.toString());
            w.buildViewModel().build();
        });
        Fx.waitUntil(() -> !w.buildViewModel().busyProperty().get(), "the build");
        long elapsed = System.nanoTime() - t0;
        long fxCpu = threads.getThreadCpuTime(fxThreadId) - fxCpu0;
        long renderCpu = renderId < 0 ? 0 : threads.getThreadCpuTime(renderId) - renderCpu0;
        long gcRun = LatencyProbe.gcMillis() - gc0;
        long classesRun = classLoading.getTotalLoadedClassCount() - classes0;
        long jitRun = compilation.getTotalCompilationTime() - jit0;
        Map<String, Long> alloc1 = allocatedByThread();
        Thread.sleep(300);
        Fx.run(busy::stop);
        busyProbe.interrupt();
        sampler.interrupt();
        sampler.report();
        if (Boolean.getBoolean("strata.bench.diagnose")) {
            for (long[] win : List.copyOf(busyProbe.windows)) {
                if (win[1] - win[0] > 100_000_000L) {
                    sampler.reportWindow(win[0], win[1]);
                }
            }
            System.out.printf(Locale.ROOT, "build phase starts at +%.0f ms; stalls over 100 ms at:", ms(tBuild - t0));
            synchronized (busyProbe.windows) {
                for (long[] win : busyProbe.windows) {
                    if (win[1] - win[0] > 100_000_000L) {
                        System.out.printf(Locale.ROOT, " +%.0f ms (%.0f ms)", ms(win[0] - t0), ms(win[1] - win[0]));
                    }
                }
            }
            System.out.println();
        }
        if (FxTrace.ON) {
            timeline.report(busyProbe, t0);
        }
        String buildError = Fx.call(() -> w.buildViewModel().errorProperty().get());
        int paths = Fx.call(() -> ws.realisationProperty().get().closure().size());

        long[] i = idle.sorted();
        long[] b = busy.sorted();
        System.out.println("== FX-thread stalls while composing and building the largest demo image");
        System.out.printf(Locale.ROOT, "packages %d, closure %d store paths, wall time %.1f s%s%n", all.size(), paths,
                elapsed / 1e9, buildError.isEmpty() ? "" : " (export: " + buildError + ")");
        System.out.printf(Locale.ROOT, "idle window (baseline): %d frames, longest gap %.1f ms, p99 %.1f ms%n",
                i.length, ms(i[i.length - 1]), ms(pct(i, 0.99)));
        System.out.printf(Locale.ROOT, "while building:         %d frames, longest gap %.1f ms, p99 %.1f ms, median %.1f ms%n",
                b.length, ms(b[b.length - 1]), ms(pct(b, 0.99)), ms(pct(b, 0.5)));
        long[] pi = idleProbe.sorted();
        long[] pb = busyProbe.sorted();
        System.out.printf(Locale.ROOT, "FX thread response (a task posted every 10 ms): idle longest %.1f ms, p99 %.1f ms; "
                + "while building longest %.1f ms, p99 %.1f ms (%d probes, %d over 100 ms)%n", ms(pi[pi.length - 1]),
                ms(pct(pi, 0.99)), ms(pb[pb.length - 1]), ms(pct(pb, 0.99)), pb.length,
                Arrays.stream(pb).filter(x -> x > 100_000_000L).count());
        System.out.printf(Locale.ROOT, "longest FX-thread stall %.1f ms (%.2fx idle); longest frame gap %.1f ms (%.2fx idle); "
                        + "target: no stall over 100 ms -> %s%n", ms(pb[pb.length - 1]),
                (double) pb[pb.length - 1] / pi[pi.length - 1], ms(b[b.length - 1]),
                (double) b[b.length - 1] / i[i.length - 1], ms(pb[pb.length - 1]) <= 100 ? "MET" : "NOT MET");
        System.out.printf(Locale.ROOT, "FX thread CPU time during the whole run: %.0f ms of %.0f ms wall; render thread "
                + "%.0f ms; GC pauses %d ms; %d classes loaded; JIT compiler threads busy %d ms%n", ms(fxCpu), ms(elapsed),
                ms(renderCpu), gcRun, classesRun, jitRun);
        // Who allocated the young generation's fill during the flow (each fill is a stop-the-world copy).
        Map<String, Long> alloc = new TreeMap<>();
        alloc1.forEach((name, bytes) -> alloc.merge(name.replaceAll("#[0-9]+$", "").replaceAll("-?[0-9]+$", ""),
                bytes - alloc0.getOrDefault(name, 0L), Long::sum));
        System.out.printf(Locale.ROOT, "heap allocated during the flow: %d MiB in all; %s%n",
                alloc.values().stream().mapToLong(Long::longValue).sum() >> 20, alloc.entrySet().stream()
                        .filter(e -> e.getValue() > 1L << 20).sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                        .map(e -> e.getKey() + " " + (e.getValue() >> 20) + " MiB").toList());
        List<LatencyProbe.Probe> slow = busyProbe.over(50_000_000L);
        if (!slow.isEmpty()) {
            System.out.println("where the time of each probe over 50 ms went (CPU times during the wait; machine = "
                    + "busy share of all cores, /proc/stat):");
            long sumWait = 0;
            long sumFx = 0;
            long sumRender = 0;
            for (LatencyProbe.Probe p : slow) {
                sumWait += p.waited();
                sumFx += p.fxCpu();
                sumRender += p.renderCpu();
                System.out.printf(Locale.ROOT, "  +%5.0f ms (%s): waited %4.0f ms; CPU: FX thread %4.0f ms, render thread "
                                + "%3.0f ms, other Java threads %4.0f ms (most: %s), JIT+GC+VM %4.0f ms; machine busy %3.0f%% "
                                + "of %d cores (steal %.0f%%); GC pauses %d ms; %d classes loaded; JIT compiling %d ms%n",
                        ms(p.posted() - t0), Instant.ofEpochMilli(p.epochMs()), ms(p.waited()), ms(p.fxCpu()),
                        ms(p.renderCpu()), ms(p.javaThreadsCpu() - p.fxCpu() - p.renderCpu()), p.busiest(),
                        ms(Math.max(0, p.jvmCpu() - p.javaThreadsCpu())), 100 * p.machineBusy(),
                        Runtime.getRuntime().availableProcessors(), 100 * p.machineSteal(), p.gcMs(), p.classes(),
                        p.jitMs());
            }
            System.out.printf(Locale.ROOT, "  in all: %.0f ms waited, FX thread on a CPU for %.0f ms of it (%.0f%%), "
                    + "render thread %.0f ms%n", ms(sumWait), ms(sumFx), 100.0 * sumFx / sumWait, ms(sumRender));
        }
        System.out.printf(Locale.ROOT, "(machine load average now: %.1f on %d cores)%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        // One line per run for bench/gui.sh --runs N to collect: the longest stall, how many probes
        // waited over 100 ms, the process's peak resident memory (VmHWM: heap, JIT code, JavaFX's
        // native buffers and all) and the heap the JVM may grow to.
        long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
        System.out.printf(Locale.ROOT, "RUN stall_ms=%.1f over100=%d peak_rss_mib=%d rss_mib=%d heap_peak_mib=%d "
                        + "max_heap_mib=%d load=%.2f%n",
                ms(pb[pb.length - 1]), Arrays.stream(pb).filter(x -> x > 100_000_000L).count(), procStatusMib("VmHWM"),
                procStatusMib("VmRSS"), heapPeak, Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Fx.run(() -> ws.realisationProperty().set(null));
    }

    /** Bytes allocated on the heap so far by each live thread, by thread name (name#id when names repeat). */
    static Map<String, Long> allocatedByThread() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long b = mx.getThreadAllocatedBytes(t.getId());
            if (b > 0) {
                out.merge(t.getName() + "#" + t.getId(), b, Long::sum);
            }
        }
        return out;
    }

    /** A memory figure of this process from /proc/self/status, in MiB (-1 where there is no /proc). */
    static long procStatusMib(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static void graph(Stage stage) throws Exception {
        int n = 2000;
        int[][] refs = GraphLayoutTest.synthetic(n, 42);
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = n - 1 - k;
        }
        long[] sizes = new long[n];
        Random r = new Random(7);
        for (int k = 0; k < n; k++) {
            sizes[k] = 1 + (long) Math.pow(10, 3 + r.nextDouble() * 5);
        }
        long l0 = System.nanoTime();
        GraphLayout layout = GraphLayout.compute(refs, order, sizes, 40);
        long layoutNanos = System.nanoTime() - l0;
        int[] layers = new int[n];
        for (int k = 0; k < n; k++) {
            layers[k] = k % 40;
        }
        GraphView view = Fx.call(() -> {
            GraphView g = new GraphView();
            stage.setScene(new Scene(new StackPane(g), 1280, 800));
            g.setGraph(layout, k -> "path-" + k, k -> "path-" + k);
            g.setLayers(layers);
            return g;
        });
        Thread.sleep(500);
        System.out.println("== Closure graph, " + n + " synthetic paths, " + layout.edgeCount() + " edges (layout "
                + String.format(Locale.ROOT, "%.0f ms", layoutNanos / 1e6) + ", off the FX thread in the app)");
        panRun(view, "fitted (all nodes, no labels)", () -> view.fit());
        panRun(view, "zoomed in (labels drawn)", () -> {
            view.fit();
            view.zoomAt(1 / view.scale(), view.getWidth() / 2, view.getHeight() / 2);
        });
    }

    static void panRun(GraphView view, String label, Runnable setUp) throws Exception {
        int frames = 300;
        long[] gaps = new long[frames];
        long[] draws = new long[frames];
        CountDownLatch done = new CountDownLatch(1);
        Fx.run(setUp);
        Thread.sleep(300);
        Fx.waitUntil(view::pictureReady, "the graph picture for this zoom");
        Fx.run(() -> new AnimationTimer() {
            long last;
            int k = -1;

            @Override
            public void handle(long now) {
                if (k >= 0) {
                    gaps[k] = now - last;
                    draws[k] = view.lastRenderNanos();
                }
                last = now;
                k++;
                if (k == frames) {
                    stop();
                    done.countDown();
                    return;
                }
                // Pan in a slow circle, as a hand dragging would: every frame changes the view.
                double a = k * 0.05;
                view.panBy(6 * Math.cos(a), 6 * Math.sin(a));
            }
        }.start());
        done.await(120, TimeUnit.SECONDS);
        long[] g = gaps.clone();
        long[] d = draws.clone();
        Arrays.sort(g);
        Arrays.sort(d);
        double total = Arrays.stream(gaps).sum() / 1e9;
        double fps = frames / total;
        System.out.printf(Locale.ROOT, "%-32s %5.1f fps; frame median %.1f ms, p95 %.1f ms, max %.1f ms; "
                        + "graph picture drawn on the worker in %.0f ms -> 30+ fps %s%n", label, fps, ms(pct(g, 0.5)),
                ms(pct(g, 0.95)), ms(g[g.length - 1]), ms(d[d.length - 1]), fps >= 30 ? "MET" : "NOT MET");
    }

    static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * (sorted.length - 1)))];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
