package dev.strata.image;

import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The image's top layer: the symlink forest of the requested packages rooted at {@code /} (so
 * {@code /bin/hello} leads to {@code /nix/store/<hash>-hello/bin/hello}), plus what a container
 * expects to find: {@code /tmp} (1777) and a minimal {@code /etc/passwd} and {@code /etc/group}
 * with root, nobody and the configured user.
 *
 * <p>Strata's files win over the forest's at the same place ({@code /etc/passwd} from a package
 * would hide the configured user); the forest's directories are merged with Strata's. When the
 * forest has a file or link where Strata needs a directory (a package shipping {@code /etc} as a
 * link), Strata's entries below it are left out with a warning.
 *
 * <p>Example: packages hello and a configured user {@code app} give
 * <pre>
 *   /bin/                 0555  (from the forest)
 *   /bin/hello -> /nix/store/...-hello/bin/hello
 *   /etc/                 0755
 *   /etc/group            0644  root:x:0:  nobody:x:65534:  app:x:1000:
 *   /etc/passwd           0644  root, nobody, app (uid 1000)
 *   /tmp/                 1777
 * </pre>
 */
public final class TopLayer {
    /** The uid and gid given to a configured user that is a name. */
    public static final int USER_ID = 1000;

    private final TreeNode.Dir tree;
    private final String key;

    private TopLayer(TreeNode.Dir tree, String key) {
        this.tree = tree;
        this.key = key;
    }

    public TreeNode.Dir tree() {
        return tree;
    }

    /** Identifies the content: the forest's store path (immutable) plus Strata's own files. */
    public String key() {
        return key;
    }

    /**
     * @param forest the symlink forest store path, or null for an image without one
     * @param root where the store lives ({@code /} normally)
     * @param user the configured user ({@code ""}, {@code name}, {@code uid}, {@code name:group}, {@code uid:gid})
     */
    public static TopLayer prepare(StorePath forest, Path root, String user, Consumer<String> warnings) throws IOException {
        TreeNode.Dir top = TreeNode.Dir.empty(0755);
        if (forest != null) {
            Path dir = root.resolve(forest.path().substring(1));
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new StrataException("the symlink forest " + forest + " is missing or not a directory; "
                        + "realise the packages again");
            }
            readInto(dir, top);
        }
        byte[] passwd = passwd(user).getBytes(StandardCharsets.UTF_8);
        byte[] group = group(user).getBytes(StandardCharsets.UTF_8);
        TreeNode.Dir etc = directory(top, "etc", 0755, warnings);
        if (etc != null) {
            etc.children().put("passwd", new TreeNode.Bytes(0644, passwd));
            etc.children().put("group", new TreeNode.Bytes(0644, group));
        }
        TreeNode existingTmp = top.children().get("tmp");
        if (existingTmp == null || existingTmp instanceof TreeNode.Dir) {
            TreeNode.Dir tmp = existingTmp == null ? TreeNode.Dir.empty(01777) : (TreeNode.Dir) existingTmp;
            top.children().put("tmp", new TreeNode.Dir(01777, tmp.children()));
        } else {
            warnings.accept("/tmp is a file or link in the packages' symlink forest; the image has no /tmp directory");
        }
        MessageDigest md = Digest.sha256();
        md.update(("top\n" + (forest == null ? "-" : forest.path()) + "\n").getBytes(StandardCharsets.UTF_8));
        md.update(passwd);
        md.update((byte) 0);
        md.update(group);
        return new TopLayer(top, HexFormat.of().formatHex(md.digest()));
    }

    private static TreeNode.Dir directory(TreeNode.Dir parent, String name, int mode, Consumer<String> warnings) {
        TreeNode existing = parent.children().get(name);
        if (existing == null) {
            TreeNode.Dir d = TreeNode.Dir.empty(mode);
            parent.children().put(name, d);
            return d;
        }
        if (existing instanceof TreeNode.Dir d) {
            return d;
        }
        warnings.accept("/" + name + " is a file or link in the packages' symlink forest; the image gets no "
                + "/etc/passwd or /etc/group from Strata");
        return null;
    }

    private static void readInto(Path dir, TreeNode.Dir node) throws IOException {
        for (Map.Entry<String, Path> e : LayerTar.sortedChildren(dir).entrySet()) {
            Path c = e.getValue();
            PosixFileAttributes a = Files.readAttributes(c, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                node.children().put(e.getKey(), new TreeNode.Link(Files.readSymbolicLink(c).toString()));
            } else if (a.isDirectory()) {
                TreeNode.Dir d = TreeNode.Dir.empty(0555);
                readInto(c, d);
                node.children().put(e.getKey(), d);
            } else if (a.isRegularFile()) {
                node.children().put(e.getKey(), new TreeNode.File(c));
            }
        }
    }

    /** /etc/passwd: root, nobody, and the configured user when it is a name other than those. */
    static String passwd(String user) {
        StringBuilder sb = new StringBuilder();
        sb.append("root:x:0:0:root:/root:/bin/sh\n");
        sb.append("nobody:x:65534:65534:nobody:/var/empty:/bin/false\n");
        String name = userName(user);
        if (!name.isEmpty() && !name.equals("root") && !name.equals("nobody")) {
            sb.append(name).append(":x:").append(USER_ID).append(':').append(groupId(user)).append("::/home/")
                    .append(name).append(":/bin/sh\n");
        }
        return sb.toString();
    }

    /** /etc/group: root, nobody, and the configured user's group when it is a name. */
    static String group(String user) {
        StringBuilder sb = new StringBuilder();
        sb.append("root:x:0:\n");
        sb.append("nobody:x:65534:\n");
        String name = userName(user);
        String group = groupName(user);
        if (group.isEmpty() && !name.isEmpty() && groupPart(user).isEmpty()) {
            group = name;
        }
        if (!group.isEmpty() && !group.equals("root") && !group.equals("nobody")) {
            sb.append(group).append(":x:").append(groupId(user)).append(':').append(name.equals(group) ? "" : name)
                    .append('\n');
        }
        return sb.toString();
    }

    private static String userPart(String user) {
        int colon = user.indexOf(':');
        return colon < 0 ? user : user.substring(0, colon);
    }

    private static String groupPart(String user) {
        int colon = user.indexOf(':');
        return colon < 0 ? "" : user.substring(colon + 1);
    }

    private static boolean numeric(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static String userName(String user) {
        String u = userPart(user == null ? "" : user);
        return numeric(u) ? "" : u;
    }

    private static String groupName(String user) {
        String g = groupPart(user == null ? "" : user);
        return numeric(g) ? "" : g;
    }

    private static String groupId(String user) {
        String g = groupPart(user == null ? "" : user);
        if (numeric(g)) {
            return g;
        }
        if (g.equals("root")) {
            return "0";
        }
        if (g.equals("nobody")) {
            return "65534";
        }
        return String.valueOf(USER_ID);
    }
}
