package dev.strata.layering;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a host holding an earlier image must pull for a plan, layer by layer, under both reuse
 * rules in use: <b>by digest</b> (containerd, podman, Docker 29+: a layer is reused when a layer
 * of the same content is present) and <b>by ChainID</b> (dockerd before 29: a layer is reused
 * only when it and every layer below it are the same as in the image held). Two layers are the
 * same when they hold the same store paths ({@link Layer#key}), since Strata writes the same paths
 * to bit-identical layers; an image written with another compression or by another tool may
 * differ in digest where the paths agree. Bytes are NAR sizes, like every figure of a plan.
 *
 * <p>Example: held {a} {b} {c}; plan {a} {c} {d}. By digest {a} and {c} are present: only {d} is
 * pulled. By ChainID {a} matches the held base, but the plan's second layer {c} sits on {a}
 * where the held {c} sat on {a} {b}: {c} and {d} are pulled. {@code PullCostTest} checks this.
 *
 * @param layers per layer of the plan, in manifest order
 */
public record PullCost(List<LayerCost> layers) {
    /** One layer of the plan: its NAR size and whether a host holding the earlier image has it. */
    public record LayerCost(String key, long narSize, boolean reusedByDigest, boolean reusedByChain) {
        public long pulledByDigest() {
            return reusedByDigest ? 0 : narSize;
        }

        public long pulledByChain() {
            return reusedByChain ? 0 : narSize;
        }
    }

    public PullCost {
        layers = List.copyOf(layers);
    }

    /** The cost of {@code plan} for a host that holds the layers of {@code previous}. */
    public static PullCost of(LayerPlan plan, PreviousPlan previous) {
        List<String> held = previous.keys();
        Set<String> present = new HashSet<>(held);
        List<LayerCost> out = new ArrayList<>();
        boolean chainIntact = true;
        for (int i = 0; i < plan.layers().size(); i++) {
            Layer l = plan.layers().get(i);
            chainIntact &= i < held.size() && held.get(i).equals(l.key());
            out.add(new LayerCost(l.key(), l.narSize(), present.contains(l.key()), chainIntact));
        }
        return new PullCost(out);
    }

    /** Bytes pulled where layers are reused by digest. */
    public long byDigest() {
        return layers.stream().mapToLong(LayerCost::pulledByDigest).sum();
    }

    /** Bytes pulled where layers are reused by ChainID. */
    public long byChain() {
        return layers.stream().mapToLong(LayerCost::pulledByChain).sum();
    }
}
