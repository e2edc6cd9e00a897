package dev.strata.arch.sample.closure;

import dev.strata.arch.sample.layering.Plan;

/** Breaks the layers: closure may depend on nothing but the kernel, and this knows a layer plan. */
public final class Graph {
    Plan plan;
}
