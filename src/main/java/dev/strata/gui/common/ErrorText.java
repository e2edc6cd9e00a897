package dev.strata.gui.common;

import dev.strata.Redaction;
import dev.strata.StrataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CancellationException;

/**
 * Turns any failure into one or two sentences for the window. {@link StrataException} messages are
 * written for people and shown as they are; anything else gets a plain description, and its stack
 * trace goes to stderr for a bug report, never to the screen.
 */
public final class ErrorText {
    private ErrorText() {}

    /** The sentence for the window, with any credential in a URL masked ({@link Redaction}). */
    public static String of(Throwable t) {
        return Redaction.text(describe(t));
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "Something went wrong, without further details.";
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StrataException) {
                return capitalise(c.getMessage());
            }
        }
        if (isCancellation(t)) {
            return "Cancelled.";
        }
        Throwable io = t instanceof UncheckedIOException u ? u.getCause() : t;
        if (io instanceof NoSuchFileException e) {
            return "The file " + e.getFile() + " does not exist.";
        }
        if (io instanceof AccessDeniedException e) {
            return "Permission denied for " + e.getFile() + "; choose a place you can write to.";
        }
        if (io instanceof FileAlreadyExistsException e) {
            return "The file " + e.getFile() + " already exists; choose another name.";
        }
        if (io instanceof IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("No space left on device")) {
                return "The disk is full (" + m + "); free some space and try again.";
            }
            return "Reading or writing a file failed: " + m;
        }
        if (t instanceof OutOfMemoryError) {
            return "Strata ran out of memory; close other images or start it with more memory (STRATA_JAVA_OPTS=-Xmx4g).";
        }
        t.printStackTrace();
        String m = t.getMessage();
        return "Something unexpected went wrong (" + t.getClass().getSimpleName()
                + (m == null || m.isBlank() ? "" : ": " + m) + "). Details are in the terminal's output.";
    }

    static boolean isCancellation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InterruptedException || c instanceof CancellationException) {
                return true;
            }
        }
        return false;
    }

    private static String capitalise(String s) {
        if (s == null || s.isEmpty()) {
            return "Something went wrong, without further details.";
        }
        String out = Character.toUpperCase(s.charAt(0)) + s.substring(1);
        return out.endsWith(".") || out.endsWith("?") || out.endsWith("!") ? out : out + ".";
    }
}
