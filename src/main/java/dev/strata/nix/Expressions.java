package dev.strata.nix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.Redaction;
import dev.strata.StrataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Nix expressions a user gives ({@code --expr}, a recipe's {@code expressions}): checked, handed to
 * Nix as data, and Nix's complaints about them said in a sentence that names the expression.
 *
 * <p>Why this is safe: each expression is written verbatim, as the whole content of a file of its
 * own ({@code expression-N.nix} in the realisation's directory), and prepare-image.nix parses that
 * file alone with {@code scopedImport}. Nothing is spliced into Nix source, so the text is one
 * expression or a syntax error: it cannot close a bracket of Strata's, add a second root or change
 * what the surrounding code does. What the expression itself may do is what any Nix expression of
 * the user may do (read files, build derivations), which is why the registry server, whose users
 * are others, accepts attribute names only.
 */
public final class Expressions {
    /** An expression is a line or a page; anything longer is a mistake (a file pasted by accident). */
    public static final int MAX_CHARS = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UNDEFINED = Pattern.compile("undefined variable '([^']+)'");
    private static final Pattern POSITION = Pattern.compile(" ?\\(at [^()]*?expression-(\\d+)\\.nix:(\\d+):(\\d+)\\)");

    private Expressions() {}

    /**
     * The expressions as given, refused in a sentence when one is blank, too long or holds a control
     * character other than a tab or a line break (a NUL cannot even reach Nix).
     */
    public static List<String> check(List<String> expressions) {
        for (int i = 0; i < expressions.size(); i++) {
            String problem = problem(expressions.get(i));
            if (problem != null) {
                throw new StrataException("expression " + (i + 1) + " " + problem);
            }
        }
        return List.copyOf(expressions);
    }

    /**
     * What is wrong with one expression, said after its name ({@code is empty; ...}), or null when
     * nothing is: blank, too long, or a control character other than a tab or a line break.
     */
    public static String problem(String e) {
        if (e == null || e.isBlank()) {
            return "is empty; write a Nix expression that gives a package, e.g. "
                    + "--expr 'buildEnv { name = \"tools\"; paths = [ hello ]; }'";
        }
        if (e.length() > MAX_CHARS) {
            return "is " + e.length() + " characters long, more than the " + MAX_CHARS + " an expression may have; "
                    + "put a large expression into a package set or flake and name its attribute instead";
        }
        int bad = e.codePoints().filter(c -> c != '\t' && c != '\n' && c != '\r' && Redaction.unprintable(c))
                .findFirst().orElse(-1);
        if (bad >= 0) {
            return "(" + shown(e) + ") holds the control character " + String.format("\\u%04x", bad)
                    + "; remove it (tabs and line breaks are fine)";
        }
        return null;
    }

    /** Writes each expression verbatim into {@code dir/expression-N.nix}; returns the JSON list of the files. */
    static String write(Path dir, List<String> expressions) {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
            Path file = dir.resolve("expression-" + (i + 1) + ".nix");
            try {
                Files.writeString(file, expressions.get(i), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new StrataException("cannot write " + file + ": " + e.getMessage()
                        + "; check that the cache directory is writable");
            }
            files.add(file.toAbsolutePath().toString());
        }
        try {
            return JSON.writeValueAsString(files);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The expression on one short line, for messages. */
    public static String shown(String expression) {
        String flat = expression.strip().replaceAll("\\s+", " ");
        return Redaction.value(flat.length() > 60 ? flat.substring(0, 57) + "..." : flat);
    }

    /**
     * Nix's error about an expression (its position is in an {@code expression-N.nix} file) as a
     * sentence naming expression N; any other failure unchanged.
     *
     * @param prefix the start of the failure's message before Nix's own words ("Nix failed while ...: ")
     * @param closest attribute names of the set close to an unknown one
     */
    static RuntimeException explain(NixFailure e, String prefix, List<String> expressions, String sourceDescription,
                                    Function<String, List<String>> closest) {
        String message = e.getMessage();
        Matcher at = POSITION.matcher(message);
        if (e.kind() != NixFailure.Kind.EVALUATION || !at.find()) {
            return e;
        }
        int n = Integer.parseInt(at.group(1));
        if (n < 1 || n > expressions.size()) {
            return e;
        }
        String nix = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        nix = POSITION.matcher(nix).replaceFirst("");
        String where = " at line " + at.group(2) + ", column " + at.group(3);
        String which = "expression " + n + " (" + shown(expressions.get(n - 1)) + ")";
        String text;
        if (nix.startsWith("syntax error")) {
            text = which + " is not valid Nix: " + nix + where + "; fix the expression";
        } else if (nix.startsWith("undefined variable")) {
            Matcher name = UNDEFINED.matcher(nix);
            List<String> near = name.find() ? closest.apply(name.group(1)) : List.of();
            text = which + " uses a name that is neither in " + sourceDescription + " nor a Nix builtin: " + nix + where
                    + (near.isEmpty() ? "" : " (did you mean " + String.join(", ", near) + "?)")
                    + "; find package names with: ./strata search NAME";
        } else {
            text = which + " does not evaluate in " + sourceDescription + ": " + nix + where;
        }
        return new NixFailure(e.kind(), text, e.logTail());
    }
}
