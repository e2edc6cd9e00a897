package dev.strata.nix;

import dev.strata.ChildProcesses;
import dev.strata.Redaction;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Nix commands as child processes: streams their internal-json log into progress events,
 * enforces a timeout, and kills the whole process tree when the calling thread is interrupted
 * (which is how a cancelled GUI task or a Ctrl-C stops a build). Failures become a
 * {@link NixFailure} whose message names the failing derivation and its last log lines, or the
 * useful part of an evaluation error. Nix echoes URLs (a git source's, a channel's) in its log and
 * errors; every line is read through {@link Redaction}, so no credential in them goes further.
 * Processes start through {@link ChildProcesses#start}, so they die with Strata.
 */
public final class NixRunner {
    private static final Pattern BUILDER_FAILED =
            Pattern.compile("builder for '(/[^']+\\.drv)' failed with exit code (\\d+)");
    private static final int LOG_LINES_IN_MESSAGE = 10;
    /** How Strata's own Nix expressions start an error meant for people. */
    static final String OWN = "strata: ";

    private final Function<List<String>, ProcessBuilder> processFactory;

    public NixRunner() {
        this(ProcessBuilder::new);
    }

    /** @param processFactory makes the process for an argument vector (a seam for tests). */
    public NixRunner(Function<List<String>, ProcessBuilder> processFactory) {
        this.processFactory = processFactory;
    }

    /** Runs the command to completion and returns its standard output. */
    public String run(NixCommand command, NixProgress.Listener listener) {
        return run(command, listener, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Reads a command's standard output as it comes. */
    @FunctionalInterface
    public interface OutputReader<T> {
        T read(InputStream stdout) throws IOException;
    }

    /**
     * Runs the command to completion while {@code reader} reads its standard output as it is printed
     * (on another thread: a large output is parsed while Nix still evaluates, instead of after), and
     * returns what the reader made of it. A failing command's error wins over the reader's; what the
     * reader leaves unread is drained, so Nix never blocks on a full pipe.
     */
    public <T> T run(NixCommand command, NixProgress.Listener listener, OutputReader<T> reader) {
        ProcessBuilder pb = processFactory.apply(command.argv());
        pb.environment().putAll(command.env());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = ChildProcesses.start(pb);
        } catch (IOException e) {
            throw new NixFailure(NixFailure.Kind.NOT_INSTALLED, "Nix is not installed or not on PATH ("
                    + command.program() + " could not be started: " + e.getMessage()
                    + "); run ./strata as root to install Debian's nix-bin, or install Nix and add it to PATH",
                    List.of());
        }
        BuildLog log = new BuildLog(listener);
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> readError = new AtomicReference<>();
        Thread outReader = startDaemon(() -> read(process.getInputStream(), reader, result, readError), "nix-stdout");
        Thread errReader = startDaemon(() -> readLines(process.getErrorStream(), log), "nix-stderr");
        boolean finished;
        try {
            finished = process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            destroyTree(process);
            join(outReader, errReader);
            Thread.currentThread().interrupt();
            throw new CancellationException("cancelled while " + command.purpose());
        }
        if (!finished) {
            destroyTree(process);
            join(outReader, errReader);
            throw new NixFailure(NixFailure.Kind.TIMEOUT, "Nix did not finish within "
                    + human(command.timeout()) + " while " + command.purpose()
                    + "; raise the limit with --nix-timeout or look at the build log", log.plainTail());
        }
        join(outReader, errReader);
        int exit = process.exitValue();
        if (exit != 0) {
            throw failure(command, exit, log);
        }
        if (readError.get() != null) {
            throw readError.get();
        }
        return result.get();
    }

    private static <T> void read(InputStream in, OutputReader<T> reader, AtomicReference<T> result,
                                 AtomicReference<RuntimeException> error) {
        try (in) {
            try {
                result.set(reader.read(in));
            } catch (IOException e) {
                error.set(new UncheckedIOException(e));
            } catch (RuntimeException e) {
                error.set(e);
            }
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the process went away: its exit code tells
        }
    }

    static NixFailure failure(NixCommand command, int exit, BuildLog log) {
        List<String> errors = log.errors();
        for (String error : errors) {
            Matcher m = BUILDER_FAILED.matcher(error);
            if (m.find()) {
                String drv = m.group(1);
                List<String> tail = log.logOf(drv);
                List<String> shown = tail.subList(Math.max(0, tail.size() - LOG_LINES_IN_MESSAGE), tail.size());
                StringBuilder msg = new StringBuilder("Nix could not build " + BuildLog.drvName(drv)
                        + " (" + drv + "): its builder failed with exit code " + m.group(2));
                if (shown.isEmpty()) {
                    msg.append("; see 'nix log ").append(drv).append("'");
                } else {
                    msg.append("; the last lines of its log:");
                    shown.forEach(l -> msg.append("\n    ").append(l));
                }
                return new NixFailure(NixFailure.Kind.BUILD, msg.toString(), tail);
            }
        }
        String first = errors.isEmpty() ? lastNonBlank(log.plainTail()) : errors.get(0);
        String own = ownSentence(first);
        if (own != null) {
            return new NixFailure(NixFailure.Kind.EVALUATION, own, log.plainTail());
        }
        String text = usefulPart(first);
        if (text.contains("build-users-group") || text.contains("nixbld")) {
            return new NixFailure(NixFailure.Kind.MISCONFIGURED, "Nix is misconfigured: " + text
                    + "; add 'build-users-group =' to /etc/nix/nix.conf (./strata does this when run as root)",
                    log.plainTail());
        }
        if (text.contains("Permission denied") && text.contains("/nix/var")
                || text.contains("cannot connect to socket") || text.contains("cannot open connection to remote store")) {
            return new NixFailure(NixFailure.Kind.MISCONFIGURED, "Nix cannot open its store: " + text
                    + "; run as root, or start nix-daemon so other users can build", log.plainTail());
        }
        if (text.isEmpty()) {
            text = command.program() + " exited with code " + exit;
        }
        return new NixFailure(NixFailure.Kind.EVALUATION, "Nix failed while " + command.purpose() + ": " + text,
                log.plainTail());
    }

    /**
     * A sentence Strata's own expressions threw for people ({@code throw "strata: ..."}), without the
     * prefix and Nix's position; null for any other error.
     */
    static String ownSentence(String error) {
        if (error == null) {
            return null;
        }
        String head = error.strip().split("\n")[0].strip();
        head = head.startsWith("error:") ? head.substring("error:".length()).strip() : head;
        return head.startsWith(OWN) ? head.substring(OWN.length()) : null;
    }

    /**
     * Keeps what a person needs from a Nix error: the first line without the "error:" prefix, plus
     * the "at FILE:LINE" position when there is one. Nix's caret diagrams and traces are dropped.
     */
    static String usefulPart(String error) {
        if (error == null) {
            return "";
        }
        String[] lines = error.strip().split("\n");
        String head = lines[0].strip();
        if (head.startsWith("error:")) {
            head = head.substring("error:".length()).strip();
        }
        for (String line : lines) {
            String l = line.strip();
            if (l.startsWith("at ") && l.endsWith(":")) {
                return head + " (" + l.substring(0, l.length() - 1) + ")";
            }
        }
        return head;
    }

    private static String lastNonBlank(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i);
            }
        }
        return "";
    }

    private static void destroyTree(Process process) {
        // Children first, so the builder dies even when nix-build would restart it.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread... threads) {
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void readLines(InputStream in, BuildLog log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.accept(Redaction.text(line));
            }
        } catch (IOException ignored) {
            // Killed process.
        }
    }

    static String human(Duration d) {
        long s = d.getSeconds();
        return s >= 60 ? (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s") : s + " s";
    }

    private static Thread startDaemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
