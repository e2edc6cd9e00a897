package dev.strata.arch.sample.nix;

import dev.strata.arch.sample.source.Spec;

/** Knows a source spec (allowed), which knows it back (a cycle). */
public final class Runner {
    Spec spec;
}
