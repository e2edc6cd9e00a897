package dev.strata.inspect;

import dev.strata.sbom.Inventory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changes from image A to image B for a host that holds A, under both rules registries'
 * clients use. containerd fetches every layer blob whose digest it lacks ({@code pullBytesByDigest});
 * Docker keeps a layer only when its whole chain below is the same: ChainID(L0) = diffID(L0),
 * ChainID(Ln) = sha256(ChainID(Ln-1) + " " + diffID(Ln)), and it pulls every layer of B whose ChainID
 * A does not have ({@code pullBytesByChain}). Worked example, layers lowest first:
 *
 * <pre>
 *   A: a(10) b(20) c(30)        B: a(10) c(30) d(40)
 *   by digest: B needs d            -> 40 bytes
 *   by chain:  B's a is A's a; B's c sits on a, not on a+b, so its chain is new -> c and d: 70 bytes
 * </pre>
 *
 * ({@code ImageDiffTest} checks exactly this.) Packages come from the images' inventories: by
 * package name, added, removed, and changed version.
 */
public record ImageDiff(long pullBytesByDigest, long pullBytesByChain, List<LayerChange> layers,
                        List<String> added, List<String> removed, List<VersionChange> changed) {
    /** A layer of either image: kept (in both), added (B only) or removed (A only). */
    public record LayerChange(String digest, String diffId, long size, String change) { }

    /** A package whose version differs. */
    public record VersionChange(String name, String from, String to) { }

    /** A layer as the diff needs it. */
    public record Layer(String digest, String diffId, long size) { }

    public ImageDiff {
        layers = List.copyOf(layers);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /** The diff from A to B, each with its layers (lowest first) and inventory. */
    public static ImageDiff of(List<Layer> a, Inventory aPackages, List<Layer> b, Inventory bPackages) {
        Set<String> aDigests = new HashSet<>();
        a.forEach(l -> aDigests.add(l.digest()));
        Set<String> bDigests = new HashSet<>();
        b.forEach(l -> bDigests.add(l.digest()));
        long byDigest = 0;
        Set<String> counted = new HashSet<>();
        List<LayerChange> changes = new ArrayList<>();
        for (Layer l : b) {
            boolean kept = aDigests.contains(l.digest());
            if (!kept && counted.add(l.digest())) {
                byDigest += l.size();
            }
            changes.add(new LayerChange(l.digest(), l.diffId(), l.size(), kept ? "kept" : "added"));
        }
        for (Layer l : a) {
            if (!bDigests.contains(l.digest())) {
                changes.add(new LayerChange(l.digest(), l.diffId(), l.size(), "removed"));
            }
        }
        Set<String> aChains = new HashSet<>(chainIds(a));
        List<String> bChains = chainIds(b);
        long byChain = 0;
        for (int i = 0; i < b.size(); i++) {
            if (!aChains.contains(bChains.get(i))) {
                byChain += b.get(i).size();
            }
        }
        Map<String, Set<String>> from = versions(aPackages);
        Map<String, Set<String>> to = versions(bPackages);
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<VersionChange> changed = new ArrayList<>();
        to.keySet().stream().filter(n -> !from.containsKey(n)).forEach(added::add);
        from.keySet().stream().filter(n -> !to.containsKey(n)).forEach(removed::add);
        for (String n : to.keySet()) {
            if (from.containsKey(n) && !from.get(n).equals(to.get(n))) {
                changed.add(new VersionChange(n, String.join(", ", from.get(n)), String.join(", ", to.get(n))));
            }
        }
        return new ImageDiff(byDigest, byChain, changes, added, removed, changed);
    }

    /** Docker's ChainIDs of layers lowest first. */
    static List<String> chainIds(List<Layer> layers) {
        List<String> out = new ArrayList<>();
        String chain = null;
        for (Layer l : layers) {
            chain = chain == null ? l.diffId() : sha256(chain + " " + l.diffId());
            out.add(chain);
        }
        return out;
    }

    private static Map<String, Set<String>> versions(Inventory inventory) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Inventory.Item i : inventory.items()) {
            out.computeIfAbsent(i.meta().pname(), k -> new TreeSet<>()).add(i.meta().version());
        }
        return out;
    }

    private static String sha256(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
