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
 * @param base the image this one was built on ({@code --from}), or null
 */
public record Inventory(List<StorePath> roots, List<Item> items, Provenance provenance, Base base) {
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

    /**
     * The base image an image was built on, by its reference and manifest digest, and how much of
     * its contents the inventory holds.
     */
    public record Base(String reference, String digest, BaseContents contents) { }

    /** How far a base image's contents are in the inventory. */
    public enum BaseContents {
        /** The base was built by Strata: its recorded inventory is merged, every path described. */
        RECORDED,
        /** Store paths found in the base's layers are listed, named from their names; other files are not. */
        STORE_NAMES,
        /** No store path was found in the base's layers: its contents (distribution packages, files) are not listed. */
        NOT_INVENTORIED
    }

    public Inventory {
        roots = List.copyOf(roots);
        items = List.copyOf(items);
    }

    public Inventory(List<StorePath> roots, List<Item> items, Provenance provenance) {
        this(roots, items, provenance, null);
    }

    /**
     * This inventory with a base image's items added (a path already listed keeps its item: the
     * closure's facts win) and the base named.
     */
    public Inventory withBase(Base base, List<Item> baseItems) {
        java.util.Map<StorePath, Item> all = new java.util.TreeMap<>();
        baseItems.forEach(i -> all.put(i.path(), i));
        items.forEach(i -> all.put(i.path(), i));
        return new Inventory(roots, List.copyOf(all.values()), provenance, base);
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
