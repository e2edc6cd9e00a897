package dev.strata.output.daemon;

import dev.strata.StrataException;

/** Loading into a Docker daemon failed; the message is one sentence saying what to do. */
public class DaemonException extends StrataException {
    private static final long serialVersionUID = 1L;

    public DaemonException(String message) {
        super(message);
    }

    public DaemonException(String message, Throwable cause) {
        super(message, cause);
    }
}
