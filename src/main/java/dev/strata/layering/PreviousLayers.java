package dev.strata.layering;

import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * {@code --previous}: a host that holds the previous build should pull only what changed. Every
 * layer of the previous build whose store paths are all still in the closure (and none of them
 * pinned now) is kept exactly as it was, in the same order, at the bottom; the strategy's fresh
 * plan, less the kept paths, goes on top in the strategy's order. By digest the host then pulls
 * the changed paths plus what shared a layer with them; by ChainID also every kept layer above the
 * lowest layer that changed, which is why the strategies keep what changes often near the top.
 *
 * <p>Budget: when the kept and regrouped layers do not fit, the regrouped ones are merged first
 * (the largest stay alone, the others share one layer on top), since those are pulled anyway;
 * only when the kept layers alone fill the budget (a lower {@code --max-layers} than the previous
 * build's, or new paths with no room left) are the topmost kept layers given up, and everything
 * above the first {@code budget - 1} kept layers shares the top layer.
 *
 * <p>Example: the previous build is {python} {libc} {app}; app is updated to app2, which also
 * uses a new tool (app2 1 MB references python 60 MB and tool 0.5 MB; both reference libc 30 MB).
 * The size strategy alone plans {libc} {tool} {python} {app2}. Kept, in their order: {python},
 * {libc}; regrouped on top in the strategy's order: {tool}, {app2}. Plan: {python} {libc} {tool}
 * {app2}, and a host holding the previous image pulls 1.5 MB under both rules.
 * {@code PreviousLayersTest} checks this.
 */
final class PreviousLayers {
    private PreviousLayers() {}

    /** The fresh layers (pinned paths already taken out) rearranged around the previous build's. */
    static List<Layer> apply(List<Layer> fresh, PreviousPlan previous, Closure closure, BitSet pinned, int budget) {
        List<Layer> kept = new ArrayList<>();
        BitSet keptPaths = new BitSet(closure.size());
        for (int i = 0; i < previous.layers().size(); i++) {
            List<StorePath> paths = previous.layers().get(i);
            BitSet members = new BitSet(closure.size());
            long size = 0;
            boolean valid = true;
            for (StorePath p : paths) {
                int index = closure.find(p).orElse(-1);
                if (index < 0 || pinned.get(index)) {
                    valid = false;
                    break;
                }
                members.set(index);
                size += closure.narSize(index);
            }
            if (valid) {
                kept.add(Layer.of(paths, size, "unchanged since the previous build (its layer " + (i + 1) + ")"));
                keptPaths.or(members);
            }
        }
        List<Layer> regrouped = new ArrayList<>();
        for (Layer l : fresh) {
            List<StorePath> rest = new ArrayList<>();
            long size = 0;
            for (StorePath p : l.paths()) {
                int index = closure.indexOf(p);
                if (!keptPaths.get(index)) {
                    rest.add(p);
                    size += closure.narSize(index);
                }
            }
            if (!rest.isEmpty()) {
                regrouped.add(Layer.of(rest, size, "new since the previous build: " + l.reason(), l.rating()));
            }
        }
        List<Layer> out = new ArrayList<>();
        if (kept.size() + (regrouped.isEmpty() ? 0 : 1) > budget) {
            out.addAll(kept.subList(0, budget - 1));
            List<Layer> top = new ArrayList<>(kept.subList(budget - 1, kept.size()));
            top.addAll(regrouped);
            out.add(together(top, "over budget: " + (kept.size() - budget + 1) + " layers of the previous build and "
                    + regrouped.size() + " new together"));
            return out;
        }
        out.addAll(kept);
        int room = budget - kept.size();
        if (regrouped.size() <= room) {
            out.addAll(regrouped);
            return out;
        }
        List<Layer> bySize = new ArrayList<>(regrouped);
        bySize.sort(Comparator.comparingLong((Layer l) -> -l.narSize()).thenComparing(Layer::key));
        List<Layer> alone = bySize.subList(0, room - 1);
        List<Layer> rest = new ArrayList<>();
        for (Layer l : regrouped) {
            if (alone.contains(l)) {
                out.add(l);
            } else {
                rest.add(l);
            }
        }
        out.add(together(rest, "the " + rest.size() + " smallest new groups together, on top (over budget)"));
        return out;
    }

    private static Layer together(List<Layer> layers, String reason) {
        List<StorePath> paths = new ArrayList<>();
        long size = 0;
        for (Layer l : layers) {
            paths.addAll(l.paths());
            size += l.narSize();
        }
        return Layer.of(paths, size, reason);
    }
}
