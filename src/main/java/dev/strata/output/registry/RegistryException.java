package dev.strata.output.registry;

import dev.strata.StrataException;

/**
 * A registry step failed; the message is one sentence for people. {@code status} is the HTTP
 * status, or -1 when no answer came (reset, refused, timeout). {@code retryable} says whether
 * trying the same idempotent step again may help.
 */
public class RegistryException extends StrataException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean retryable;

    public RegistryException(String message, int status, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }
}
