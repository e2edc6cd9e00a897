package dev.strata.layering;

import dev.strata.StrataException;
import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every strategy shares: pins and the budget. The strategy splits the whole closure with
 * the budget the pins leave ({@code maxLayers - pins}); the pinned paths are then taken out of
 * the layers they landed in (a layer left empty disappears) and each pin becomes a layer of its
 * own on top, in the order the pins were given, so pins never disturb the chain of layers below.
 * With a previous build, its still valid layers are kept below the rest ({@link PreviousLayers}).
 * Finally the plan is checked: every path in exactly one layer, no more layers than the budget.
 */
abstract class BaseStrategy implements LayeringStrategy {

    /** The layers of the whole closure in manifest order (base first), at most {@code budget}. */
    abstract List<Layer> split(Graph graph, Popularity popularity, int budget);

    @Override
    public final LayerPlan plan(PlanRequest request) {
        Closure closure = request.closure();
        Map<Pin, BitSet> pins = pinnedPaths(closure, request.pins());
        BitSet pinned = new BitSet(closure.size());
        pins.values().forEach(pinned::or);
        int unpinned = closure.size() - pinned.cardinality();
        int needed = pins.size() + (unpinned > 0 ? 1 : 0);
        if (needed > request.maxLayers()) {
            throw new StrataException(pins.size() + (pins.size() == 1 ? " pin" : " pins")
                    + (unpinned > 0 ? " and the rest of the closure need " : " need ") + needed
                    + " store layers but the budget allows " + request.maxLayers()
                    + "; raise --max-layers or pin fewer packages");
        }
        List<Layer> layers = new ArrayList<>();
        if (unpinned > 0) {
            Graph graph = new Graph(closure);
            int budget = request.maxLayers() - pins.size();
            List<Layer> split = split(graph, request.popularity(), budget);
            for (Layer l : split) {
                Layer kept = pinned.isEmpty() ? l : without(l, pinned, closure);
                if (kept != null) {
                    layers.add(kept);
                }
            }
            if (request.previous().isPresent()) {
                layers = PreviousLayers.apply(layers, request.previous().get(), closure, pinned, budget);
            }
        }
        for (Map.Entry<Pin, BitSet> e : pins.entrySet()) {
            List<StorePath> paths = new ArrayList<>();
            long size = 0;
            for (int i = e.getValue().nextSetBit(0); i >= 0; i = e.getValue().nextSetBit(i + 1)) {
                paths.add(closure.path(i));
                size += closure.narSize(i);
            }
            layers.add(Layer.of(paths, size, "pinned: " + e.getKey().label(), 0));
        }
        LayerPlan plan = new LayerPlan(name(), request.maxLayers(), layers);
        check(plan, closure);
        return plan;
    }

    private static Layer without(Layer layer, BitSet pinned, Closure closure) {
        List<StorePath> kept = new ArrayList<>();
        long size = 0;
        for (StorePath p : layer.paths()) {
            int i = closure.indexOf(p);
            if (!pinned.get(i)) {
                kept.add(p);
                size += closure.narSize(i);
            }
        }
        if (kept.size() == layer.paths().size()) {
            return layer;
        }
        int taken = layer.paths().size() - kept.size();
        return kept.isEmpty() ? null : Layer.of(kept, size, layer.reason() + " (" + taken + " pinned path"
                + (taken == 1 ? "" : "s") + " taken out)", layer.rating());
    }

    /** Each pin's paths; a path pinned twice stays with the first pin. */
    private static Map<Pin, BitSet> pinnedPaths(Closure closure, List<Pin> pins) {
        Map<Pin, BitSet> out = new LinkedHashMap<>();
        Map<Integer, String> owner = new HashMap<>();
        for (Pin pin : pins) {
            if (out.containsKey(pin)) {
                continue; // the same pin given twice
            }
            BitSet set = new BitSet(closure.size());
            String firstOwner = null;
            for (StorePath p : pin.paths()) {
                int i = closure.find(p).orElseThrow(() -> new StrataException("pin '" + pin.label() + "' names "
                        + p + ", which is not in the closure; pin a package or path of this image"));
                String previous = owner.putIfAbsent(i, pin.label());
                if (previous == null) {
                    set.set(i);
                } else if (firstOwner == null) {
                    firstOwner = previous;
                }
            }
            if (set.isEmpty()) {
                throw new StrataException("pin '" + pin.label() + "' names only paths already pinned by '" + firstOwner
                        + "'; drop one of the two pins");
            }
            out.put(pin, set);
        }
        return out;
    }

    /** The plan invariants; a failure here is a bug in a strategy, not a user error. */
    static void check(LayerPlan plan, Closure closure) {
        if (plan.layers().size() > plan.maxLayers()) {
            throw new IllegalStateException(plan.strategy() + " made " + plan.layers().size()
                    + " layers for a budget of " + plan.maxLayers());
        }
        int[] seen = new int[closure.size()];
        for (Layer l : plan.layers()) {
            for (StorePath p : l.paths()) {
                seen[closure.indexOf(p)]++;
            }
        }
        for (int i = 0; i < seen.length; i++) {
            if (seen[i] != 1) {
                throw new IllegalStateException(plan.strategy() + " put " + closure.path(i) + " into " + seen[i]
                        + " layers");
            }
        }
        if (Arrays.stream(seen).sum() != closure.size()) {
            throw new IllegalStateException(plan.strategy() + " lost paths");
        }
    }
}
