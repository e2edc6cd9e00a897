package dev.strata.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.HexFormat;

/**
 * What Strata needs to know of a base image's file tree so that its own layers go on top without
 * breaking it: the directories (mode and owner), the symbolic links, and {@code /etc/passwd} and
 * {@code /etc/group}, merged over the base's layers as a container runtime merges them (a later
 * layer's entry replaces an earlier one; {@code .wh.NAME} deletes NAME below; {@code .wh..wh..opq}
 * hides everything below a directory). Other files are tracked by name only ({@link #hasFile}: is
 * the program an image runs in its base?).
 *
 * <p>Why: a layer's directory entry sets that directory's mode and owner for the whole image, and a
 * directory entry where the base has a symbolic link replaces the link. On a merged-/usr base
 * ({@code /bin -> usr/bin}) a {@code /bin/} entry would hide every program of the base. So Strata's
 * top layer and added files follow the base's links ({@link #resolve}) and give a directory that
 * exists in the base the base's mode and owner ({@link #directory}), and the base's users stay in
 * {@code /etc/passwd}.
 *
 * <p>Example: layers {@code [bin -> usr/bin, usr/ 0755, usr/bin/ 0755, etc/passwd]} then
 * {@code [etc/.wh.passwd]}: {@code resolve("bin/hello")} is {@code usr/bin/hello},
 * {@code directory("usr/bin")} is 0755 root, and there is no passwd.
 *
 * <p>Paths are relative, without a leading or trailing slash ({@code usr/bin}).
 */
public final class BaseTree {
    /** A directory of the base: its permission bits and owner. */
    public record Directory(int mode, TreeNode.Owner owner) { }

    /** The empty base: nothing below Strata's layers. */
    public static final BaseTree NONE = new BaseTree(new TreeMap<>(), new TreeMap<>(), new TreeSet<>(), null, null, "");

    private static final int MAX_LINK_HOPS = 40;

    private final TreeMap<String, Directory> dirs;
    private final TreeMap<String, String> links;
    private final TreeSet<String> files;
    private final byte[] passwd;
    private final byte[] group;
    private final String key;

    private BaseTree(TreeMap<String, Directory> dirs, TreeMap<String, String> links, TreeSet<String> files,
                     byte[] passwd, byte[] group, String key) {
        this.dirs = dirs;
        this.links = links;
        this.files = files;
        this.passwd = passwd;
        this.group = group;
        this.key = key;
    }

    /**
     * Merges the scans of a base's layers, lowest first.
     *
     * @param key identifies the base's content (its layers' diffIDs), for the cache keys of the
     *     layers that depend on it
     */
    public static BaseTree merge(List<BaseScan> layers, String key) {
        TreeMap<String, Directory> dirs = new TreeMap<>();
        TreeMap<String, String> links = new TreeMap<>();
        TreeSet<String> names = new TreeSet<>();
        byte[][] files = {null, null};
        for (BaseScan s : layers) {
            for (String opaque : s.opaque()) {
                removeBelow(dirs, opaque, false);
                removeBelow(links, opaque, false);
                removeBelow(names, opaque, false);
                files[0] = under("etc/passwd", opaque) ? null : files[0];
                files[1] = under("etc/group", opaque) ? null : files[1];
            }
            for (String gone : s.whiteouts()) {
                removeBelow(dirs, gone, true);
                removeBelow(links, gone, true);
                removeBelow(names, gone, true);
                files[0] = under("etc/passwd", gone) || "etc/passwd".equals(gone) ? null : files[0];
                files[1] = under("etc/group", gone) || "etc/group".equals(gone) ? null : files[1];
            }
            s.links().forEach((path, target) -> {
                removeBelow(dirs, path, true);
                removeBelow(links, path, false);
                removeBelow(names, path, true);
                links.put(path, target);
            });
            s.dirs().forEach((path, d) -> {
                links.remove(path);
                names.remove(path);
                dirs.put(path, d);
            });
            // A file replacing a directory or link is not followed into dirs and links (the build's
            // view of the base stays as it was); it only counts for hasFile.
            names.addAll(s.files());
            if (s.passwd() != null) {
                files[0] = s.passwd();
            }
            if (s.group() != null) {
                files[1] = s.group();
            }
        }
        return new BaseTree(dirs, links, names, files[0], files[1], key);
    }

    /**
     * The tree of a base whose layers are in the cache, from each layer's scan (made once per cache:
     * see {@link BaseScan}); reads the layers that were not scanned before.
     */
    public static BaseTree of(BlobStore blobs, BaseImage base) {
        List<BaseScan> scans = new ArrayList<>();
        var chain = Digest.sha256();
        int n = base.layers().size();
        for (int i = 0; i < n; i++) {
            BaseImage.BaseLayer l = base.layers().get(i);
            scans.add(BaseScan.of(blobs, new Blob(l.digest(), l.size(), blobs.path(l.digest())), l.compression(),
                    l.diffId(), "layer " + (i + 1) + " of " + n + " of the base image " + base.reference()));
            chain.update((l.diffId() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return merge(scans, HexFormat.of().formatHex(chain.digest()));
    }

    /**
     * Whether the base has a file (not a directory) at this path, every link along it followed:
     * {@code bin/sh} on a base with {@code bin/sh -> busybox} and {@code bin/busybox} is there.
     */
    public boolean hasFile(String path) {
        return resolve(path).map(files::contains).orElse(false);
    }

    private static boolean under(String path, String dir) {
        return path.startsWith(dir + "/");
    }

    private static void removeBelow(TreeSet<String> set, String dir, boolean andItself) {
        if (andItself) {
            set.remove(dir);
        }
        String prefix = dir.isEmpty() ? "" : dir + "/";
        set.subSet(prefix, prefix + Character.MAX_VALUE).clear();
    }

    private static <V> void removeBelow(TreeMap<String, V> map, String dir, boolean andItself) {
        if (andItself) {
            map.remove(dir);
        }
        String prefix = dir.isEmpty() ? "" : dir + "/";
        map.subMap(prefix, prefix + Character.MAX_VALUE).clear();
    }

    /** True for the empty base (no base image). */
    public boolean isEmpty() {
        return this == NONE || (dirs.isEmpty() && links.isEmpty() && passwd == null && group == null);
    }

    /** Identifies the base's content; empty for no base. */
    public String key() {
        return key;
    }

    /** The base's directory at this path (after {@link #resolve}), if it has one. */
    public Optional<Directory> directory(String path) {
        return Optional.ofNullable(dirs.get(path));
    }

    /** The base's {@code /etc/passwd}, if it has one. */
    public Optional<String> passwd() {
        return Optional.ofNullable(passwd).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The base's {@code /etc/group}, if it has one. */
    public Optional<String> group() {
        return Optional.ofNullable(group).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * Where a path leads in the base when every symbolic link along it is followed, the last
     * component included: {@code bin/hello} on a base with {@code bin -> usr/bin} is
     * {@code usr/bin/hello}. Absolute targets start again at the image's root; {@code ..} never goes
     * above it. Empty when the links loop or go too deep.
     */
    public Optional<String> resolve(String path) {
        List<String> todo = new ArrayList<>(List.of(split(path)));
        List<String> done = new ArrayList<>();
        int hops = 0;
        while (!todo.isEmpty()) {
            String c = todo.remove(0);
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            done.add(c);
            String target = links.get(String.join("/", done));
            if (target != null) {
                if (++hops > MAX_LINK_HOPS) {
                    return Optional.empty();
                }
                done.remove(done.size() - 1);
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> next = new ArrayList<>(List.of(split(target)));
                next.addAll(todo);
                todo = next;
            }
        }
        return Optional.of(String.join("/", done));
    }

    private static String[] split(String path) {
        return path.isEmpty() ? new String[0] : path.split("/");
    }

    /** Every directory of the base, by path (for tests and the window). */
    public Map<String, Directory> directories() {
        return Collections.unmodifiableMap(dirs);
    }
}
