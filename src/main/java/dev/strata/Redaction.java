package dev.strata;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps secrets in URLs off screens and out of logs. A package source such as
 * {@code git:https://user:TOKEN@host/repo.git} carries a credential in the URL's user-info part;
 * git and Nix need it, nobody else does, and both echo the URL in their own error messages. Every
 * text Strata shows or logs (error messages, progress events, Nix and git output, the server's
 * error bodies and log lines) passes through {@link #text}, which replaces the whole user-info
 * part of every {@code scheme://userinfo@} with {@value #MASK}: {@code https://***@host/repo.git}.
 * The user part goes too, because a token is often given as the user name alone
 * ({@code https://TOKEN@github.com/...}).
 *
 * <p>The user-info ends at the last {@code @} before the first character that cannot be part of a
 * URL's authority ({@code /}, whitespace, {@code "}, {@code \}, {@code <}, {@code >}), so a
 * password holding a raw {@code @} or {@code '} is hidden whole; the price is that an
 * {@code @} in a query without a path ({@code http://host?x=a@b}) is masked too.
 */
public final class Redaction {
    /** What replaces a user-info part. */
    public static final String MASK = "***";

    // Anchored on "://" alone, not on a scheme: URLs glued to a word ("1http://...") are found too,
    // and each attempt scans only to the next '/', so long lines cost linear time.
    private static final Pattern USER_INFO = Pattern.compile("://[^/\\s\"\\\\<>]*@");

    private Redaction() {}

    /**
     * A value from outside (a URL, a ref, a path) as a message may quote it: credentials masked,
     * and every character that could break or disguise a line (controls, line and paragraph
     * separators, invisible format characters such as bidi overrides) written as a Java-style
     * unicode escape, so one message stays one readable line.
     */
    public static String value(String value) {
        StringBuilder out = new StringBuilder();
        text(value).codePoints().forEach(c -> {
            if (unprintable(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /**
     * An image reference as a message may quote it, as {@link #value}, and with the user-info of a
     * reference written without a scheme masked too: {@code user:pw@host:5000/repo:1} shows as
     * {@code ***@host:5000/repo:1}. The {@code @} counts when it comes before the first {@code /} and
     * does not open a digest ({@code repo@sha256:...}).
     */
    public static String reference(String ref) {
        String shown = value(ref);
        if (shown == null) {
            return null;
        }
        // Local transports name files and daemon images, never a host to log in to.
        for (String local : List.of("oci:", "oci-archive:", "docker-archive:", "docker-daemon:")) {
            if (shown.startsWith(local)) {
                return shown;
            }
        }
        int slash = shown.indexOf('/');
        int at = shown.lastIndexOf('@', slash < 0 ? shown.length() - 1 : slash - 1);
        if (at < 0 || shown.contains("://") || shown.startsWith("sha256:", at + 1) || shown.startsWith("sha512:", at + 1)) {
            return shown; // a scheme's user-info is masked by value already
        }
        return MASK + shown.substring(at);
    }

    /** True for the characters {@link #value} escapes (controls, separators, invisible formats, lone surrogates); values holding them are refused where they reach git or Nix. */
    public static boolean unprintable(int c) {
        int type = Character.getType(c);
        // A lone surrogate (SURROGATE) is no character at all: no file name, URL or terminal can hold it.
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT || type == Character.SURROGATE;
    }

    /** The text with the user-info part of every URL in it replaced by {@value #MASK}; null stays null. */
    public static String text(String text) {
        if (text == null || text.indexOf('@') < 0 || !text.contains("://")) {
            return text;
        }
        return USER_INFO.matcher(text).replaceAll("://" + MASK + "@");
    }
}
