package dev.strata.image;

import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The image's top layer: the symlink forest of the requested packages rooted at {@code /} (so
 * {@code /bin/hello} leads to {@code /nix/store/<hash>-hello/bin/hello}), plus what a container
 * expects to find: {@code /tmp} (1777), a minimal {@code /etc/passwd} and {@code /etc/group} with
 * root, nobody and the configured user, and that user's home directory, owned by the user.
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
 *   /home/                0755
 *   /home/app/            0755  1000:1000
 *   /tmp/                 1777
 * </pre>
 *
 * <p>On a base image ({@link BaseTree}) the layer keeps the base whole: entries follow the base's
 * symbolic links (on a base with {@code /bin -> usr/bin}, the forest's {@code /bin/hello} is written
 * as {@code /usr/bin/hello}: a {@code /bin/} directory entry would hide every program of the base),
 * a directory the base has keeps the base's mode and owner, and {@code /etc/passwd} and
 * {@code /etc/group} are the base's with the configured user added when the base lacks it (the
 * first free uid and gid from 1000 up).
 */
public final class TopLayer {
    /** The uid and gid given to a configured user that is a name (on a base: the first free one from here). */
    public static final int USER_ID = 1000;
    /** Part of the key: a change to what this layer writes for the same inputs must change it. */
    private static final String FORMAT = "top-2";

    private final TreeNode.Dir tree;
    private final String key;

    private TopLayer(TreeNode.Dir tree, String key) {
        this.tree = tree;
        this.key = key;
    }

    public TreeNode.Dir tree() {
        return tree;
    }

    /** Identifies the content: the forest's store path (immutable), Strata's own files and the base's tree. */
    public String key() {
        return key;
    }

    /** The top layer of an image without a base. */
    public static TopLayer prepare(StorePath forest, Path root, String user, Consumer<String> warnings) throws IOException {
        return prepare(forest, root, user, BaseTree.NONE, warnings);
    }

    /**
     * @param forest the symlink forest store path, or null for an image without one
     * @param root where the store lives ({@code /} normally)
     * @param user the configured user ({@code ""}, {@code name}, {@code uid}, {@code name:group}, {@code uid:gid})
     * @param base the base image's tree ({@link BaseTree#NONE} without one)
     */
    public static TopLayer prepare(StorePath forest, Path root, String user, BaseTree base, Consumer<String> warnings)
            throws IOException {
        LayerTree top = new LayerTree(base, List.of(), warnings);
        if (forest != null) {
            Path dir = root.resolve(forest.path().substring(1));
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new StrataException("the symlink forest " + forest + " is missing or not a directory; "
                        + "realise the packages again");
            }
            TreeNode.Dir read = TreeNode.Dir.empty(0755);
            readInto(dir, read);
            top.merge("", read, false);
        }
        Account account = Account.of(user == null ? "" : user, base);
        byte[] passwd = account.passwd().getBytes(StandardCharsets.UTF_8);
        byte[] group = account.group().getBytes(StandardCharsets.UTF_8);
        Optional<String> etc = top.directory("etc", 0755, TreeNode.Owner.ROOT);
        if (etc.isPresent()) {
            top.file(etc.get() + "/passwd", new TreeNode.Bytes(0644, passwd));
            top.file(etc.get() + "/group", new TreeNode.Bytes(0644, group));
        } else {
            warnings.accept("/etc is a file or link in the packages' symlink forest; the image gets no "
                    + "/etc/passwd or /etc/group from Strata");
        }
        if (top.directoryOverForest("tmp", 01777, TreeNode.Owner.ROOT).isEmpty()) {
            warnings.accept("/tmp is a file or link in the packages' symlink forest; the image has no /tmp directory");
        }
        if (account.home() != null) {
            Optional<String> home = top.directory("home", 0755, TreeNode.Owner.ROOT);
            if (home.isEmpty() || top.exactDirectory(home.get() + "/" + account.name(), 0755, account.owner()).isEmpty()) {
                warnings.accept("/home is a file or link; the image has no home directory for " + account.name());
            }
        }
        MessageDigest md = Digest.sha256();
        md.update((FORMAT + "\n" + (forest == null ? "-" : forest.path()) + "\n" + base.key() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        md.update(passwd);
        md.update((byte) 0);
        md.update(group);
        md.update((byte) 0);
        md.update(String.valueOf(account.home() == null ? "-" : account.owner()).getBytes(StandardCharsets.UTF_8));
        return new TopLayer(top.root, HexFormat.of().formatHex(md.digest()));
    }

    private static void readInto(Path dir, TreeNode.Dir node) throws IOException {
        for (Map.Entry<String, Path> e : LayerTar.sortedChildren(dir).entrySet()) {
            Path c = e.getValue();
            PosixFileAttributes a = Files.readAttributes(c, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                node.children().put(e.getKey(), new TreeNode.Link(LayerTar.linkTarget(c)));
            } else if (a.isDirectory()) {
                TreeNode.Dir d = TreeNode.Dir.empty(0555);
                readInto(c, d);
                node.children().put(e.getKey(), d);
            } else if (a.isRegularFile()) {
                boolean exec = a.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
                node.children().put(e.getKey(), new TreeNode.File(c, exec ? 0555 : 0444, TreeNode.Owner.ROOT, a.size()));
            }
        }
    }

    /** /etc/passwd: root, nobody, and the configured user when it is a name other than those. */
    static String passwd(String user) {
        return Account.of(user, BaseTree.NONE).passwd();
    }

    /** /etc/group: root, nobody, and the configured user's group when it is a name. */
    static String group(String user) {
        return Account.of(user, BaseTree.NONE).group();
    }

    /**
     * The configured user as the image's account files hold it.
     *
     * @param name the user name, or "" when the user is a number (or none)
     * @param home the home directory to make, or null (no name, root, nobody, or the base has the user)
     */
    record Account(String name, int uid, String groupName, int gid, boolean newUser, boolean newGroup,
                   String home, String basePasswd, String baseGroup) {
        TreeNode.Owner owner() {
            return new TreeNode.Owner(uid, gid);
        }

        static Account of(String user, BaseTree base) {
            String basePasswd = base.passwd().orElse(null);
            String baseGroup = base.group().orElse(null);
            String name = TopLayer.userName(user);
            String group = TopLayer.groupName(user);
            if (group.isEmpty() && !name.isEmpty() && groupPart(user).isEmpty()) {
                group = name;
            }
            boolean special = name.isEmpty() || name.equals("root") || name.equals("nobody");
            Optional<String[]> knownUser = special ? Optional.empty() : entry(basePasswd, name);
            Optional<String[]> knownGroup = group.isEmpty() || group.equals("root") || group.equals("nobody")
                    ? Optional.empty() : entry(baseGroup, group);
            int gid;
            String g = groupPart(user);
            if (numeric(g)) {
                gid = parse(g);
            } else if (group.equals("root")) {
                gid = 0;
            } else if (group.equals("nobody")) {
                gid = 65534;
            } else if (knownGroup.isPresent()) {
                gid = parse(knownGroup.get()[2]);
            } else {
                gid = firstFree(baseGroup, 2);
            }
            boolean newGroup = !group.isEmpty() && !group.equals("root") && !group.equals("nobody")
                    && knownGroup.isEmpty();
            if (special) {
                return new Account(name, 0, group, gid, false, newGroup, null, basePasswd, baseGroup);
            }
            if (knownUser.isPresent()) {
                // The base has the user: its home is the base's business.
                String[] u = knownUser.get();
                return new Account(name, parse(u[2]), group, parse(u[3]), false, newGroup, null, basePasswd, baseGroup);
            }
            return new Account(name, firstFree(basePasswd, 2), group, gid, true, newGroup, "/home/" + name,
                    basePasswd, baseGroup);
        }

        String passwd() {
            StringBuilder sb = new StringBuilder();
            if (basePasswd != null) {
                sb.append(basePasswd);
                if (!basePasswd.isEmpty() && !basePasswd.endsWith("\n")) {
                    sb.append('\n');
                }
            } else {
                sb.append("root:x:0:0:root:/root:/bin/sh\n");
                sb.append("nobody:x:65534:65534:nobody:/var/empty:/bin/false\n");
            }
            if (newUser) {
                sb.append(name).append(":x:").append(uid).append(':').append(gid).append("::/home/")
                        .append(name).append(":/bin/sh\n");
            }
            return sb.toString();
        }

        String group() {
            StringBuilder sb = new StringBuilder();
            if (baseGroup != null) {
                sb.append(baseGroup);
                if (!baseGroup.isEmpty() && !baseGroup.endsWith("\n")) {
                    sb.append('\n');
                }
            } else {
                sb.append("root:x:0:\n");
                sb.append("nobody:x:65534:\n");
            }
            if (newGroup) {
                sb.append(groupName).append(":x:").append(gid).append(':').append(name.equals(groupName) ? "" : name)
                        .append('\n');
            }
            return sb.toString();
        }

        /** The line of an account file whose first field is {@code name}, split on ':'. */
        private static Optional<String[]> entry(String file, String name) {
            if (file == null) {
                return Optional.empty();
            }
            for (String line : file.split("\n")) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && f[0].equals(name) && numeric(f[2])) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }

        /** {@link #USER_ID}, or the first id from there that no line of the file uses in field {@code field}. */
        private static int firstFree(String file, int field) {
            if (file == null) {
                return USER_ID;
            }
            Set<Integer> used = new HashSet<>();
            for (String line : file.split("\n")) {
                String[] f = line.split(":", -1);
                if (f.length > field && numeric(f[field])) {
                    used.add(parse(f[field]));
                }
            }
            int id = USER_ID;
            while (used.contains(id)) {
                id++;
            }
            return id;
        }
    }

    private static int parse(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
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
        return !s.isEmpty() && s.length() <= 10 && s.chars().allMatch(Character::isDigit);
    }

    private static String userName(String user) {
        String u = userPart(user == null ? "" : user);
        return numeric(u) ? "" : u;
    }

    private static String groupName(String user) {
        String g = groupPart(user == null ? "" : user);
        return numeric(g) ? "" : g;
    }
}
