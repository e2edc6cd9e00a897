package dev.strata.layering;

/**
 * Splits a closure into at most {@code request.maxLayers()} store layers. A pure function:
 * the same request always gives the identical plan, whatever order the closure was read in.
 * Every path of the closure lands in exactly one layer; pinned paths get layers of their own.
 */
public interface LayeringStrategy {
    /** The name used by {@code --strategy}, e.g. {@code nixery}. */
    String name();

    /** One line for help texts and the GUI. */
    String description();

    LayerPlan plan(PlanRequest request);
}
