package dev.strata.gui.common;

import dev.strata.Redaction;
import dev.strata.StrataException;
import dev.strata.nix.NixFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Turns any failure into one or two sentences for the window. {@link StrataException} messages are
 * written for people and shown as they are; anything else gets a plain description, and its stack
 * trace goes to stderr for a bug report, never to the screen.
 */
public final class ErrorText {
    private ErrorText() {}

    /** Lines of a failing command's log kept as details under the sentence. */
    static final int DETAIL_LINES = 40;

    /**
     * The sentence for the window, in its words ({@link WindowWords}), with any credential in a URL
     * masked ({@link Redaction}). The first line is the sentence; the lines after it, if any, are its
     * details (what the pipeline printed after the sentence, and a failing Nix command's last log
     * lines), which the window shows under "Details" ({@link #sentence}, {@link #details}).
     */
    public static String of(Throwable t) {
        String text = describe(t);
        String first = sentence(text);
        StringBuilder out = new StringBuilder(WindowWords.of(first));
        String rest = details(text);
        if (!rest.isEmpty()) {
            out.append('\n').append(rest);
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NixFailure nf && !nf.logTail().isEmpty()) {
                List<String> tail = nf.logTail();
                List<String> shown = tail.subList(Math.max(0, tail.size() - DETAIL_LINES), tail.size());
                if (!rest.contains(String.join("\n    ", shown).strip())) {
                    out.append('\n').append(String.join("\n", shown));
                }
                break;
            }
        }
        return Redaction.text(out.toString());
    }

    /** An error text's sentence: its first line. */
    public static String sentence(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /** An error text's details: the lines after its sentence, or empty. */
    public static String details(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? "" : text.substring(nl + 1).stripTrailing();
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

    /** Capitalised, with a full stop at the end of its first line (the sentence). */
    static String capitalise(String s) {
        if (s == null || s.isEmpty()) {
            return "Something went wrong, without further details.";
        }
        String first = sentence(s);
        String rest = details(s);
        String out = Character.toUpperCase(first.charAt(0)) + first.substring(1);
        out = out.endsWith(".") || out.endsWith("?") || out.endsWith("!") || out.endsWith(":") ? out : out + ".";
        return rest.isEmpty() ? out : out + "\n" + rest;
    }
}
