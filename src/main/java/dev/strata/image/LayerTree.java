package dev.strata.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A layer's tree ({@link TreeNode}) filled in at paths as the image will see them, so that the
 * layer keeps what is below it whole: a path is followed through the base image's symbolic links
 * ({@link BaseTree#resolve}), and a directory the layer must write because something goes inside it
 * gets the mode and owner it already has below (in Strata's own layers under this one, else in the
 * base), 0755 root only when nothing below has it. Without a base and layers below, it is a plain tree.
 *
 * <p>Paths are relative, without a leading slash ({@code etc/passwd}).
 */
final class LayerTree {
    final TreeNode.Dir root = TreeNode.Dir.empty(0755);
    private final BaseTree base;
    private final List<TreeNode.Dir> below;
    private final Consumer<String> warnings;

    /**
     * @param below the trees of Strata's layers under this one, lowest first
     * @param warnings receives a sentence for each entry left out
     */
    LayerTree(BaseTree base, List<TreeNode.Dir> below, Consumer<String> warnings) {
        this.base = base;
        this.below = List.copyOf(below);
        this.warnings = warnings;
    }

    /**
     * Puts the children of {@code from} below the directory {@code at}. With {@code exact}, their
     * directories get the mode and owner {@code from} gives them (files a user adds); otherwise a
     * directory that exists below keeps its mode and owner (the packages' forest).
     */
    void merge(String at, TreeNode.Dir from, boolean exact) {
        for (Map.Entry<String, TreeNode> e : from.children().entrySet()) {
            String path = at.isEmpty() ? e.getKey() : at + "/" + e.getKey();
            if (e.getValue() instanceof TreeNode.Dir d) {
                Optional<String> placed = exact ? exactDirectory(path, d.mode(), d.owner())
                        : directory(path, d.mode(), d.owner());
                if (placed.isEmpty()) {
                    warnings.accept("/" + path + " is a file or link below, where a directory goes; what goes in it is "
                            + "left out");
                    continue;
                }
                merge(placed.get(), d, exact);
            } else {
                file(path, e.getValue());
            }
        }
    }

    /**
     * The directory at {@code path} (followed through the base's links), made with this mode and
     * owner unless it exists below or here already; empty when a file or link is in the way.
     */
    Optional<String> directory(String path, int mode, TreeNode.Owner owner) {
        return place(path, mode, owner, false);
    }

    /**
     * As {@link #directory}, but the directory this tree made from the packages (not one below)
     * gets this mode: {@code /tmp}'s 1777 over a forest's {@code tmp/}.
     */
    Optional<String> directoryOverForest(String path, int mode, TreeNode.Owner owner) {
        Optional<String> real = place(path, mode, owner, false);
        if (real.isPresent() && lower(real.get()).isEmpty()) {
            put(real.get(), dirAt(real.get(), mode, owner, false).with(mode, owner));
        }
        return real;
    }

    /** A directory that gets exactly this mode and owner, whatever is below (a user's home, an added directory). */
    Optional<String> exactDirectory(String path, int mode, TreeNode.Owner owner) {
        return place(path, mode, owner, true);
    }

    private Optional<String> place(String path, int mode, TreeNode.Owner owner, boolean exact) {
        Optional<String> real = base.resolve(path);
        if (real.isEmpty() || (!real.get().isEmpty() && dirAt(real.get(), mode, owner, exact) == null)) {
            return Optional.empty();
        }
        return real;
    }

    /** Puts a file, link or Strata's bytes at {@code path} (its directory followed through the base's links). */
    boolean file(String path, TreeNode node) {
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        Optional<String> parent = slash < 0 ? Optional.of("") : base.resolve(path.substring(0, slash));
        if (parent.isEmpty() || (!parent.get().isEmpty() && dirAt(parent.get(), 0755, TreeNode.Owner.ROOT, false) == null)) {
            warnings.accept("/" + path + " is left out: its directory is a file or link below");
            return false;
        }
        put(parent.get().isEmpty() ? name : parent.get() + "/" + name, node);
        return true;
    }

    /** The mode and owner of a directory in the layers below this one (Strata's, then the base's). */
    private Optional<BaseTree.Directory> lower(String real) {
        for (int i = below.size() - 1; i >= 0; i--) {
            TreeNode n = find(below.get(i), real);
            if (n instanceof TreeNode.Dir d) {
                return Optional.of(new BaseTree.Directory(d.mode(), d.owner()));
            }
            if (n != null) {
                return Optional.empty();
            }
        }
        return base.directory(real);
    }

    private static TreeNode find(TreeNode.Dir root, String real) {
        TreeNode n = root;
        for (String part : real.split("/")) {
            if (!(n instanceof TreeNode.Dir d)) {
                return null;
            }
            n = d.children().get(part);
        }
        return n;
    }

    private TreeNode.Dir dirAt(String real, int mode, TreeNode.Owner owner, boolean exact) {
        TreeNode.Dir d = root;
        String[] parts = real.split("/");
        String sofar = "";
        for (int i = 0; i < parts.length; i++) {
            sofar = sofar.isEmpty() ? parts[i] : sofar + "/" + parts[i];
            boolean last = i == parts.length - 1;
            TreeNode n = d.children().get(parts[i]);
            if (n == null) {
                Optional<BaseTree.Directory> known = lower(sofar);
                TreeNode.Dir made = last && exact ? TreeNode.Dir.empty(mode, owner)
                        : known.map(x -> TreeNode.Dir.empty(x.mode(), x.owner()))
                        .orElseGet(() -> last ? TreeNode.Dir.empty(mode, owner) : TreeNode.Dir.empty(0755));
                d.children().put(parts[i], made);
                n = made;
            } else if (last && exact && n instanceof TreeNode.Dir existing) {
                n = existing.with(mode, owner);
                d.children().put(parts[i], n);
            }
            if (!(n instanceof TreeNode.Dir next)) {
                return null;
            }
            d = next;
        }
        return d;
    }

    private void put(String real, TreeNode node) {
        int slash = real.lastIndexOf('/');
        TreeNode.Dir parent = slash < 0 ? root : dirAt(real.substring(0, slash), 0755, TreeNode.Owner.ROOT, false);
        if (parent != null) {
            parent.children().put(real.substring(slash + 1), node);
        }
    }
}
