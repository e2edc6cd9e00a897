package dev.strata.image;

import java.nio.file.Path;
import java.util.TreeMap;

/**
 * A node of a layer prepared in memory (the top layer, a layer of added files): a directory, a
 * symlink, a file read from disk when the layer is written, or file content made by Strata. Every
 * node carries the mode and owner it gets in the tar, decided when the tree is prepared, so writing
 * it reads nothing but file contents.
 */
public sealed interface TreeNode {
    /** Who owns an entry in the image: numeric ids (the tar carries no names). */
    record Owner(int uid, int gid) {
        public static final Owner ROOT = new Owner(0, 0);
    }

    /** A directory; children sorted by the bytes of their names. */
    record Dir(int mode, Owner owner, TreeMap<String, TreeNode> children) implements TreeNode {
        public static Dir empty(int mode) {
            return empty(mode, Owner.ROOT);
        }

        public static Dir empty(int mode, Owner owner) {
            return new Dir(mode, owner, LayerTar.newChildMap());
        }

        /** The same children with another mode and owner. */
        public Dir with(int newMode, Owner newOwner) {
            return new Dir(newMode, newOwner, children);
        }
    }

    /** A symbolic link with its raw target (never followed). */
    record Link(String target, Owner owner) implements TreeNode {
        public Link(String target) {
            this(target, Owner.ROOT);
        }
    }

    /**
     * A file whose bytes are read from disk when the layer is written.
     *
     * @param size the size seen when the tree was prepared; a file that is then found longer or
     *     shorter fails the layer (it changed while Strata read it)
     */
    record File(Path source, int mode, Owner owner, long size) implements TreeNode { }

    /** A file made by Strata (e.g. /etc/passwd), owned by root. */
    record Bytes(int mode, byte[] content) implements TreeNode { }
}
