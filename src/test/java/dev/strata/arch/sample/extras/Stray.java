package dev.strata.arch.sample.extras;

/** A package the table does not name, as after a rename: it belongs to no layer. */
public final class Stray {
}
