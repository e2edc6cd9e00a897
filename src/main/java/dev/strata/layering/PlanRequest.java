package dev.strata.layering;

import dev.strata.closure.Closure;
import java.util.List;
import java.util.Optional;

/**
 * What a strategy plans: a closure, popularity data, the budget of store layers (the top symlink
 * layer, when there is one, is already subtracted), the user's pins, and optionally the layers of
 * a previous build to keep where they are still valid ({@code --previous}).
 */
public record PlanRequest(Closure closure, Popularity popularity, int maxLayers, List<Pin> pins,
                          Optional<PreviousPlan> previous) {
    public PlanRequest {
        if (maxLayers < 1) {
            throw new IllegalArgumentException("the layer budget must be at least 1, got " + maxLayers);
        }
        pins = List.copyOf(pins);
        previous = previous == null ? Optional.empty() : previous;
    }

    /** A request without a previous build. */
    public PlanRequest(Closure closure, Popularity popularity, int maxLayers, List<Pin> pins) {
        this(closure, popularity, maxLayers, pins, Optional.empty());
    }

    /** The same request, keeping what is still valid of {@code previous}. */
    public PlanRequest withPrevious(PreviousPlan previous) {
        return new PlanRequest(closure, popularity, maxLayers, pins, Optional.of(previous));
    }
}
