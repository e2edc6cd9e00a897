package dev.strata.nix;

import dev.strata.StrataException;
import java.util.List;

/** Some requested names are not packages of the set; the message lists each with its closest names. */
public class UnknownPackagesException extends StrataException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> names;

    public UnknownPackagesException(String message, List<String> names) {
        super(message);
        this.names = List.copyOf(names);
    }

    public List<String> names() {
        return names;
    }
}
