package dev.strata.nix;

import dev.strata.StrataException;
import java.util.List;

/** A Nix command that failed; the message is for people, the details for programs and the GUI's log. */
public class NixFailure extends StrataException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as Strata can tell. */
    public enum Kind { EVALUATION, BUILD, TIMEOUT, NOT_INSTALLED, MISCONFIGURED, OTHER }

    private final Kind kind;
    private final transient List<String> logTail;

    public NixFailure(Kind kind, String message, List<String> logTail) {
        super(message);
        this.kind = kind;
        this.logTail = List.copyOf(logTail);
    }

    public Kind kind() {
        return kind;
    }

    /** The last log lines of the failing build or command, oldest first. */
    public List<String> logTail() {
        return logTail;
    }
}
