package dev.strata.image;

import dev.strata.StrataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The layer of one {@link AddedFiles}: SRC's tree placed at DEST, ready for {@link LayerTar}.
 * What it holds, in the order the tar has it:
 * <ul>
 *   <li>the directories above DEST, each with the mode and owner it has in the layers below (the
 *       base image, Strata's top layer, earlier {@code --add}s), or 0755 root:root where nothing
 *       below has it: an added file never changes who owns {@code /home/app} or the base's
 *       {@code /var/lib/db};</li>
 *   <li>SRC's files (0644, or 0755 when executable by their owner here; {@code mode=}), directories
 *       (0755; {@code dirmode=}) and symbolic links (kept as links, never followed, 0777), all owned
 *       by {@code uid:gid} (default 0:0), sorted by name, dated like every layer entry; hard links
 *       become separate files.</li>
 * </ul>
 * A FIFO, socket or device file in SRC is refused with its name: a layer of added files holds
 * files, directories and links only.
 *
 * <p>Cache key: reading and hashing every file of a large directory on every build would cost as
 * much as writing its layer. Instead the key hashes the prepared tree (names, modes, owners, link
 * targets, sizes: everything the tar's headers hold) with each file's inode, device, mtime and
 * ctime. Any write to a file changes its ctime, which the kernel sets and no program can set back,
 * so a changed file always misses the cache (as {@link BlobStore} trusts a blob by the same
 * stamp); a copy of the same files elsewhere misses it too and is written again, to the same bytes.
 * After the layer is written the stamps are read again ({@link #checkUnchanged}): a file changed
 * meanwhile fails the build instead of leaving a layer whose key does not match its bytes.
 */
public final class AddedLayer {
    /**
     * The most one {@code --add} may hold: a layer is pulled whole by every host, and a tree is held
     * in memory while its layer is written; a sparse or runaway file (or a mount of everything)
     * given by mistake is refused before anything is read.
     */
    public static final long MAX_BYTES = 16L << 30;
    public static final int MAX_ENTRIES = 1_000_000;

    /** Part of the key: a change to what this layer writes for the same files must change it. */
    private static final String FORMAT = "add-1";

    private final AddedFiles add;
    private final TreeNode.Dir tree;
    private final String key;
    private final long bytes;
    private final List<Path> files;

    private AddedLayer(AddedFiles add, TreeNode.Dir tree, String key, long bytes, List<Path> files) {
        this.add = add;
        this.tree = tree;
        this.key = key;
        this.bytes = bytes;
        this.files = files;
    }

    /**
     * Reads SRC's tree (not its contents) and places it.
     *
     * @param below the trees of Strata's layers under this one, lowest first (the top layer, earlier adds)
     */
    public static AddedLayer prepare(AddedFiles add, BaseTree base, List<TreeNode.Dir> below) {
        Path source = add.sourcePath();
        PosixFileAttributes a = attributes(add, source);
        Walk walk = new Walk(add);
        TreeNode node = walk.node(source, a);
        String dest = add.destination();
        if (dest.endsWith("/") && !(node instanceof TreeNode.Dir)) {
            dest = dest + source.getFileName();
        }
        String rel = dest.substring(1).replaceAll("/+$", "");
        List<String> problems = new ArrayList<>();
        LayerTree layer = new LayerTree(base, below, problems::add);
        if (node instanceof TreeNode.Dir d) {
            Optional<String> at = rel.isEmpty() ? Optional.of("") : layer.exactDirectory(rel, d.mode(), d.owner());
            if (at.isEmpty()) {
                problems.add("/" + rel + " is a file or link in the layers below");
            } else {
                layer.merge(at.get(), d, true);
            }
        } else if (rel.isEmpty()) {
            throw new StrataException("--add " + add + ": " + source + " is not a directory, so it cannot be the "
                    + "image's root; give a destination file name, e.g. /etc/" + source.getFileName());
        } else {
            layer.file(rel, node);
        }
        if (!problems.isEmpty()) {
            throw new StrataException("--add " + add + " cannot be placed: " + problems.get(0) + "; choose another "
                    + "destination");
        }
        return new AddedLayer(add, layer.root, key(layer.root, walk), walk.bytes, walk.files);
    }

    /**
     * Refuses, in one sentence, files that cannot be added (a missing or unreadable source, a FIFO,
     * socket or device inside it), reading only the tree: what a face checks before Nix runs.
     * Returns the bytes of file content the layer will hold.
     */
    public static long check(AddedFiles add) {
        Walk walk = new Walk(add);
        walk.node(add.sourcePath(), attributes(add, add.sourcePath()));
        return walk.bytes;
    }

    private static PosixFileAttributes attributes(AddedFiles add, Path p) {
        try {
            return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new StrataException("--add " + add + ": " + p + " does not exist; give a file or directory of this "
                    + "machine");
        } catch (AccessDeniedException e) {
            throw new StrataException("--add " + add + ": " + p + " cannot be read (permission denied); make it "
                    + "readable or run Strata as a user who may read it");
        } catch (IOException e) {
            throw new StrataException("--add " + add + ": cannot read " + p + " (" + e.getMessage() + ")");
        }
    }

    /** SRC read into nodes, with each file's stamp for the key. */
    private static final class Walk {
        final AddedFiles add;
        final TreeNode.Owner owner;
        final StringBuilder stamps = new StringBuilder();
        final List<Path> files = new ArrayList<>();
        long bytes;
        int entries;

        Walk(AddedFiles add) {
            this.add = add;
            this.owner = add.owner();
        }

        TreeNode node(Path p, PosixFileAttributes a) {
            if (Thread.currentThread().isInterrupted()) {
                // A large directory takes a while to read: the window cancels a size it no longer needs.
                throw new java.util.concurrent.CancellationException("reading " + add.source() + " was cancelled");
            }
            if (++entries > MAX_ENTRIES) {
                throw new StrataException("--add " + add + ": " + add.source() + " holds more than " + MAX_ENTRIES
                        + " files, directories and links, more than one layer should; add the directories that the "
                        + "image needs one by one");
            }
            if (a.isSymbolicLink()) {
                try {
                    return new TreeNode.Link(LayerTar.linkTarget(p), owner);
                } catch (IOException e) {
                    throw new StrataException("--add " + add + ": cannot read the link " + p + " (" + e.getMessage() + ")");
                }
            }
            if (a.isDirectory()) {
                if (!Files.isReadable(p) || !Files.isExecutable(p)) {
                    throw new StrataException("--add " + add + ": the directory " + p + " cannot be read (permission "
                            + "denied); make it readable or run Strata as a user who may read it");
                }
                TreeNode.Dir d = TreeNode.Dir.empty(add.directoryMode(), owner);
                try {
                    for (Map.Entry<String, Path> c : LayerTar.sortedChildren(p).entrySet()) {
                        d.children().put(c.getKey(), node(c.getValue(), attributes(add, c.getValue())));
                    }
                } catch (IOException e) {
                    throw new StrataException("--add " + add + ": cannot list " + p + " (" + e.getMessage() + ")");
                }
                return d;
            }
            if (a.isRegularFile()) {
                if (!Files.isReadable(p)) {
                    throw new StrataException("--add " + add + ": " + p + " cannot be read (permission denied); make it "
                            + "readable or run Strata as a user who may read it");
                }
                stamps.append(stamp(p)).append('\n');
                files.add(p);
                bytes += a.size();
                if (bytes > MAX_BYTES) {
                    throw new StrataException("--add " + add + ": " + add.source() + " holds more than "
                            + (MAX_BYTES >> 30) + " GiB of files (" + p + " alone has " + a.size() + " bytes), more "
                            + "than one layer should; add less, or split it into several --add");
                }
                return new TreeNode.File(p, add.fileMode(a.permissions().contains(PosixFilePermission.OWNER_EXECUTE)),
                        owner, a.size());
            }
            throw new StrataException("--add " + add + ": " + p + " is " + kind(p) + "; a layer of added files holds "
                    + "files, directories and symbolic links only: remove it from " + add.source()
                    + " or add the files around it one by one");
        }
    }

    /** Inode, device, size, mtime and ctime: changes whenever the file is written or replaced. */
    private static String stamp(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:ino,dev,size,ctime,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
            return p + "\0" + a.get("ino") + " " + a.get("dev") + " " + a.get("size") + " " + a.get("ctime") + " "
                    + a.get("lastModifiedTime");
        } catch (IOException e) {
            return p + "\0gone";
        }
    }

    private static String kind(Path p) {
        int type;
        try {
            type = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
        } catch (IOException | RuntimeException e) {
            return "not a file, directory or link";
        }
        return switch (type) {
            case 0010000 -> "a named pipe (FIFO)";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0140000 -> "a socket";
            default -> "not a file, directory or link";
        };
    }

    private static String key(TreeNode.Dir root, Walk walk) {
        MessageDigest md = Digest.sha256();
        StringBuilder sb = new StringBuilder(FORMAT).append('\n').append(LayerTar.FORMAT).append('\n');
        describe(sb, "", root);
        md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        md.update(walk.stamps.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    /** Every entry the tar will hold, as its header says it (name, type, mode, owner, size or target). */
    private static void describe(StringBuilder sb, String path, TreeNode.Dir dir) {
        for (Map.Entry<String, TreeNode> e : dir.children().entrySet()) {
            String p = path + "/" + e.getKey();
            TreeNode n = e.getValue();
            if (n instanceof TreeNode.Dir d) {
                sb.append("d ").append(p).append(' ').append(Integer.toOctalString(d.mode())).append(' ')
                        .append(d.owner()).append('\n');
                describe(sb, p, d);
            } else if (n instanceof TreeNode.Link l) {
                sb.append("l ").append(p).append(' ').append(l.owner()).append(" -> ").append(l.target()).append('\n');
            } else if (n instanceof TreeNode.File f) {
                sb.append("f ").append(p).append(' ').append(Integer.toOctalString(f.mode())).append(' ')
                        .append(f.owner()).append(' ').append(f.size()).append(' ').append(f.source()).append('\n');
            }
        }
    }

    /** Fails when a file of SRC changed since it was read (its layer would not match its key). */
    public void checkUnchanged() {
        StringBuilder now = new StringBuilder();
        files.forEach(f -> now.append(stamp(f)).append('\n'));
        Walk again = new Walk(add);
        again.stamps.append(now);
        if (!key(tree, again).equals(key)) {
            throw new StrataException("--add " + add + ": a file of " + add.source() + " changed while Strata read it; "
                    + "build again once it no longer changes");
        }
    }

    public AddedFiles files() {
        return add;
    }

    public TreeNode.Dir tree() {
        return tree;
    }

    /** Identifies the content (see the class comment). */
    public String key() {
        return key;
    }

    /** The bytes of file content the layer holds. */
    public long bytes() {
        return bytes;
    }

    /** What the layer holds, in words (its history entry): where, and as whom, never the local path. */
    public String description() {
        String o = add.options();
        return "files added at " + add.destination() + (o.isEmpty() ? "" : " (" + o + ")");
    }
}
