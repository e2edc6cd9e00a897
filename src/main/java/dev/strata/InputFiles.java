package dev.strata;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens a file that someone named for Strata to read (a recipe, a closure, popularity data, a
 * previous plan). A regular file opens as usual. Opening a named pipe waits, in the kernel, until
 * some program opens it for writing: a FIFO that a shared recipe points at (a tarball can carry
 * one) used to hang {@code strata plan --recipe} for ever. So anything but a regular file is opened
 * on a helper thread that is given {@link #OPEN_DEADLINE}; a pipe with a writer (a shell's
 * {@code <(...)}, a FIFO whose writer started first) opens at once, and one that nobody writes to
 * is a sentence. The waiting open is then released by opening the pipe for writing ourselves, so
 * no thread stays blocked.
 */
public final class InputFiles {
    /** How long opening a named pipe may wait for its writer. */
    public static final Duration OPEN_DEADLINE = Duration.ofSeconds(5);

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;

    private InputFiles() {
    }

    /**
     * An input stream of {@code file}, as {@link Files#newInputStream} gives it (and with its
     * exceptions), except that a named pipe nobody opens for writing within {@link #OPEN_DEADLINE}
     * is a {@link StrataException} naming {@code what}, e.g. {@code the popularity file x}.
     */
    public static InputStream open(Path file, String what) throws IOException {
        if (!Files.exists(file) || Files.isRegularFile(file) || Files.isDirectory(file)) {
            return Files.newInputStream(file); // the caller's messages for missing files and directories stay
        }
        CompletableFuture<InputStream> opening = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "open " + file.getFileName());
            t.setDaemon(true);
            t.start();
        });
        try {
            return opening.get(OPEN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            release(file, opening);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening " + file);
        } catch (TimeoutException e) {
            boolean pipe = release(file, opening);
            throw new StrataException(what + " is " + (pipe ? "a named pipe (FIFO) that no program opened for writing"
                    : "a special file that did not open") + " within " + OPEN_DEADLINE.toSeconds() + " s; give a regular "
                    + "file, or start the program that writes to it first");
        }
    }

    /** Unblocks a pending open of a FIFO by opening its other end; closes whatever the open returns. */
    private static boolean release(Path file, CompletableFuture<InputStream> opening) {
        opening.thenAccept(in -> {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing was read from it
            }
        });
        boolean pipe;
        try {
            pipe = (((Integer) Files.getAttribute(file, "unix:mode")) & S_IFMT) == S_IFIFO;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            pipe = false;
        }
        if (pipe) {
            Thread writer = new Thread(() -> {
                // Blocks only until the pending reader is there, which it is (or it has gone: then a
                // later reader of this FIFO releases it, and the daemon thread never holds the JVM).
                try (FileOutputStream out = new FileOutputStream(file.toFile())) {
                    out.flush();
                } catch (IOException ignored) {
                    // the pipe went away: nothing is waiting on it
                }
            }, "release " + file.getFileName());
            writer.setDaemon(true);
            writer.start();
        }
        return pipe;
    }
}
