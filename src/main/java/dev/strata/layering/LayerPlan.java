package dev.strata.layering;

import java.util.List;

/**
 * How a closure is split into store layers, in manifest order (base layer first). This object is
 * what the GUI previews and exactly what the image builder writes: it is never recomputed.
 *
 * @param strategy the strategy's name
 * @param maxLayers the budget of store layers the plan was made for
 */
public record LayerPlan(String strategy, int maxLayers, List<Layer> layers) {
    public LayerPlan {
        layers = List.copyOf(layers);
    }

    public long totalNarSize() {
        return layers.stream().mapToLong(Layer::narSize).sum();
    }

    public int pathCount() {
        return layers.stream().mapToInt(l -> l.paths().size()).sum();
    }
}
