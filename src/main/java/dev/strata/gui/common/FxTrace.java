package dev.strata.gui.common;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A record of what the FX thread did and when, for finding stalls (bench/gui.sh): each task's
 * callbacks, each batch of progress events, each screen shown. Off unless
 * the JVM runs with {@code -Dstrata.gui.trace=true}; then every span is kept with its start and end
 * ({@link System#nanoTime()}), and the benchmark prints the spans that fall into its longest stalls.
 * Off, a span is one static boolean test around the work.
 */
public final class FxTrace {
    /** Whether spans are recorded ({@code -Dstrata.gui.trace=true}). */
    public static final boolean ON = Boolean.getBoolean("strata.gui.trace");

    /** One piece of work on the FX thread (or a moment, when start equals end), with the thread's CPU time in it. */
    public record Span(String what, long start, long end, long cpu) {
        public Span(String what, long start, long end) {
            this(what, start, end, -1);
        }

        public long nanos() {
            return end - start;
        }
    }

    private static final ConcurrentLinkedQueue<Span> SPANS = new ConcurrentLinkedQueue<>();
    private static final ThreadMXBean CPU = ON ? ManagementFactory.getThreadMXBean() : null;

    private FxTrace() {}

    /** Runs {@code work}, recording how long it took under {@code what} when tracing is on. */
    public static void span(String what, Runnable work) {
        if (!ON) {
            work.run();
            return;
        }
        long cpu = CPU.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try {
            work.run();
        } finally {
            SPANS.add(new Span(what, start, System.nanoTime(), CPU.getCurrentThreadCpuTime() - cpu));
        }
    }

    /** Records a moment (a closure arriving, a build starting) when tracing is on. */
    public static void mark(String what) {
        if (ON) {
            long now = System.nanoTime();
            SPANS.add(new Span(what, now, now));
        }
    }

    /** Where the calling code is ({@code Class.method:line}, the first frame outside {@code skip}), for span names. */
    public static String caller(Class<?> skip) {
        if (!ON) {
            return "";
        }
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith(skip.getName()) && !f.getClassName().equals(FxTrace.class.getName()))
                .findFirst()
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName()
                        + ":" + f.getLineNumber())
                .orElse("?"));
    }

    /** Every span recorded so far, in the order they ended. */
    public static List<Span> spans() {
        return new ArrayList<>(SPANS);
    }

    /** Forgets the spans recorded so far. */
    public static void clear() {
        SPANS.clear();
    }
}
