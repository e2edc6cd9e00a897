package dev.strata.layering;

import dev.strata.closure.StorePath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** Index of the layer holding the path, in manifest order. */
    public Optional<Integer> layerOf(StorePath path) {
        return Optional.ofNullable(index().get(path));
    }

    private Map<StorePath, Integer> index() {
        Map<StorePath, Integer> m = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (StorePath p : layers.get(i).paths()) {
                m.put(p, i);
            }
        }
        return m;
    }
}
