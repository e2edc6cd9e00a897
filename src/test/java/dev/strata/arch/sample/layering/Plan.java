package dev.strata.arch.sample.layering;

/** A layer plan (allowed to be known by layering only). */
public final class Plan {
}
