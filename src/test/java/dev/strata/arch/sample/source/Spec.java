package dev.strata.arch.sample.source;

import dev.strata.arch.sample.nix.Runner;

/** Breaks the layers and closes a cycle: a source spec that knows how Nix runs. */
public final class Spec {
    Runner runner;
}
