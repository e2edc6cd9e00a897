package dev.strata.layering;

import dev.strata.closure.Closure;
import java.util.List;

/**
 * What a strategy plans: a closure, popularity data, the budget of store layers (the top symlink
 * layer, when there is one, is already subtracted) and the user's pins.
 */
public record PlanRequest(Closure closure, Popularity popularity, int maxLayers, List<Pin> pins) {
    public PlanRequest {
        if (maxLayers < 1) {
            throw new IllegalArgumentException("the layer budget must be at least 1, got " + maxLayers);
        }
        pins = List.copyOf(pins);
    }
}
