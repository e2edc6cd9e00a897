package dev.strata.nix;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One Nix invocation: its argument vector, what it is for (said in errors: "while evaluating the
 * package index of demo"), its timeout and extra environment.
 */
public record NixCommand(List<String> argv, String purpose, Duration timeout, Map<String, String> env) {
    public NixCommand {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    public NixCommand(List<String> argv, String purpose, Duration timeout) {
        this(argv, purpose, timeout, Map.of());
    }

    public String program() {
        return argv.get(0);
    }
}
