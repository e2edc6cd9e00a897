package dev.strata.image;

import java.nio.file.Path;
import java.util.TreeMap;

/** A node of a layer prepared in memory (the top layer): a directory, a symlink, or file content. */
public sealed interface TreeNode {
    /** A directory; children sorted by the bytes of their names. */
    record Dir(int mode, TreeMap<String, TreeNode> children) implements TreeNode {
        public static Dir empty(int mode) {
            return new Dir(mode, LayerTar.newChildMap());
        }
    }

    /** A symbolic link with its raw target. */
    record Link(String target) implements TreeNode { }

    /** A file whose bytes are read from disk when the layer is written; its mode follows the store rule. */
    record File(Path source) implements TreeNode { }

    /** A file made by Strata (e.g. /etc/passwd). */
    record Bytes(int mode, byte[] content) implements TreeNode { }
}
