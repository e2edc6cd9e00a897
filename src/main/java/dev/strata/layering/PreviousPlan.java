package dev.strata.layering;

import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The store layers of an earlier build of an image, base first, as {@code --previous} gives them
 * (a plan, a build's JSON or the image itself). Planning with it keeps every layer whose paths
 * are all still in the closure exactly as it was, so a host holding the earlier image pulls only
 * what changed. Only store layers count: a base image below them and the symlink layer on top are
 * not part of a plan.
 *
 * @param source where the layers were read from, for messages and the plan's JSON
 * @param layers each layer's store paths (sorted), base first
 */
public record PreviousPlan(String source, List<List<StorePath>> layers) {
    public PreviousPlan {
        List<List<StorePath>> sorted = new ArrayList<>();
        Map<StorePath, Integer> seen = new HashMap<>();
        for (List<StorePath> layer : layers) {
            List<StorePath> paths = layer.stream().sorted().distinct().toList();
            if (paths.isEmpty()) {
                continue; // a layer without store paths (a base image's, the symlink layer) is not ours
            }
            for (StorePath p : paths) {
                Integer other = seen.putIfAbsent(p, sorted.size());
                if (other != null) {
                    throw new StrataException("the previous build " + source + " has " + p + " in store layers "
                            + (other + 1) + " and " + (sorted.size() + 1) + "; give the plan or image of a build in "
                            + "which every store path is in one layer (Strata, Nixery and nixpkgs images are)");
                }
            }
            sorted.add(paths);
        }
        layers = List.copyOf(sorted);
    }

    /** The layers of a plan. */
    public static PreviousPlan of(String source, LayerPlan plan) {
        return new PreviousPlan(source, plan.layers().stream().map(Layer::paths).toList());
    }

    /** Each layer's key ({@link Layer#keyOf}): equal keys mean the same layer content. */
    public List<String> keys() {
        return layers.stream().map(Layer::keyOf).toList();
    }
}
