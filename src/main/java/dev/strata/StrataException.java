package dev.strata;

/**
 * An error meant for people: the message says what was wrong, with the offending value, and what
 * to do next. Every face shows only the message (the CLI prints it as one line and exits non-zero).
 * Messages quote URLs and the text of git and Nix errors, so a credential in a URL is masked here,
 * once for every face ({@link Redaction}).
 */
public class StrataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StrataException(String message) {
        super(Redaction.text(message));
    }

    public StrataException(String message, Throwable cause) {
        super(Redaction.text(message), cause);
    }
}
