package dev.strata.sbom;

import dev.strata.closure.Closure;
import dev.strata.closure.PathMeta;
import dev.strata.closure.StorePath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What an image's store paths are, as an SBOM lists them: one item per store path (sorted by
 * path) with its package name, version, licences and homepage, and the paths it references. An
 * image Strata built knows all of it (the closure and the package set's metadata, recorded in
 * its config: {@link InventoryLabel}); for any other image only the store path names are known
 * ({@link Provenance#STORE_NAMES}), and the SBOMs say so.
 *
 * @param roots the paths the image was asked for (the selected packages' outputs); the rest are their dependencies
 */
public record Inventory(List<StorePath> roots, List<Item> items, Provenance provenance) {
    /** Where an inventory's facts come from. */
    public enum Provenance {
        /** The closure and the package set's metadata, recorded when Strata built the image. */
        RECORDED,
        /** Only the store path names found in the image's layers: no licences, no references. */
        STORE_NAMES
    }

    /**
     * One store path.
     *
     * @param described true when the package set described it; false when {@code meta} was read from the name
     */
    public record Item(StorePath path, PathMeta meta, boolean described, List<StorePath> references) {
        public Item {
            references = List.copyOf(references);
        }
    }

    public Inventory {
        roots = List.copyOf(roots);
        items = List.copyOf(items);
    }

    /** The inventory of a realised closure with the package set's metadata (paths it lacks are named from their names). */
    public static Inventory of(Closure closure, Map<StorePath, PathMeta> meta) {
        List<Item> items = new ArrayList<>();
        for (StorePath p : closure.paths()) {
            PathMeta m = meta.get(p);
            List<StorePath> refs = closure.references(p).stream().filter(r -> !r.equals(p)).sorted().toList();
            items.add(new Item(p, m == null ? PathMeta.fromName(p) : m, m != null, refs));
        }
        return new Inventory(closure.roots().stream().sorted().toList(), sorted(items), Provenance.RECORDED);
    }

    /** The inventory of store paths found in an image that has no recorded metadata: names only. */
    public static Inventory ofStoreNames(Collection<StorePath> paths) {
        List<Item> items = new ArrayList<>();
        for (StorePath p : new TreeSet<>(paths)) {
            items.add(new Item(p, PathMeta.fromName(p), false, List.of()));
        }
        return new Inventory(List.of(), items, Provenance.STORE_NAMES);
    }

    static List<Item> sorted(List<Item> items) {
        return items.stream().sorted((a, b) -> a.path().compareTo(b.path())).toList();
    }
}
