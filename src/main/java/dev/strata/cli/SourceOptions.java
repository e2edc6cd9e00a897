package dev.strata.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The package source options shared by every command that touches packages. */
public final class SourceOptions {
    @Option(names = "--source", paramLabel = "S",
            description = "demo, nixpkgs, channel:NAME, git:URL[#REF], path:DIR or flake:REF "
                    + "(default: nixpkgs when <nixpkgs> resolves, else demo)")
    String source;

    @Option(names = "--allow-unfree", description = "Allow packages with an unfree licence.")
    boolean allowUnfree;

    @Option(names = "--allow-broken", description = "Allow packages marked broken (meta.broken).")
    boolean allowBroken;

    @Option(names = "--nix-timeout", paramLabel = "SECONDS", description = "Give up on a Nix command after this long "
            + "(default: 600 s to evaluate, 3600 s to build).")
    Integer nixTimeoutSeconds;

    Duration timeout() {
        return OptionRanges.NIX_TIMEOUT.seconds(nixTimeoutSeconds, null);
    }
}
