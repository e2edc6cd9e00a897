package dev.strata.gui.config;

import dev.strata.StrataException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an entrypoint or command typed on one line into arguments the way a shell would for
 * quotes and backslashes (no variables, no globbing): {@code sh -c 'echo hi'} is three arguments.
 */
public final class Args {
    private Args() {}

    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    cur.append(line.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inArg = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
            } else {
                cur.append(c);
                inArg = true;
            }
        }
        if (quote != 0) {
            throw new StrataException("a " + (quote == '"' ? "double" : "single") + " quote is not closed in: " + line);
        }
        if (inArg) {
            out.add(cur.toString());
        }
        return out;
    }

    /** The inverse of {@link #split}: arguments quoted where needed. */
    public static String join(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            out.add(!a.isEmpty() && a.matches("[A-Za-z0-9_./:=@%+,-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return String.join(" ", out);
    }
}
