package dev.strata.nix;

import java.util.List;

/**
 * A snapshot of what a running Nix command is doing, made from its internal-json log: how many
 * derivations it has built out of how many, how many builds failed (Nix then counts them in
 * neither), what it is building now, and its latest log line.
 */
public record NixProgress(int built, int toBuild, int failed, List<String> running, String lastLine) {
    public NixProgress {
        running = List.copyOf(running);
        lastLine = lastLine == null ? "" : lastLine;
    }

    /** A snapshot with no failed build. */
    public NixProgress(int built, int toBuild, List<String> running, String lastLine) {
        this(built, toBuild, 0, running, lastLine);
    }

    /** Receives progress and plain log lines of Nix commands; called from a reader thread. */
    public interface Listener {
        Listener NONE = new Listener() {};

        default void progress(NixProgress progress) {}

        default void log(String line) {}
    }
}
