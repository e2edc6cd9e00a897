package dev.strata.image;

import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes layer tars that are the same bytes on every machine, whatever the umask, time zone, user
 * or file system order:
 * <ul>
 *   <li>entries in a fixed order: {@code /nix/} and {@code /nix/store/} (0755) first, then each store
 *       path's tree depth-first, the store paths in path order and every directory's children sorted
 *       by the bytes of their names;</li>
 *   <li>names absolute, as Nixery writes them ({@code /nix/store/<hash>-hello/bin/hello}); Docker,
 *       podman and umoci strip the leading slash when they unpack;</li>
 *   <li>modes as Nix canonicalises the store: directories 0555, files 0555 when executable else 0444,
 *       symlinks 0777 with their raw target (dangling targets too; links are never followed);</li>
 *   <li>uid and gid 0, empty user and group names, mtime 1 (Nix's canonical time), no atime/ctime;</li>
 *   <li>hard links written as regular files with their full content: whether a store is
 *       optimised (files deduplicated into hard links) differs between machines, so following the
 *       inode would make the bytes depend on the machine;</li>
 *   <li>sockets, fifos and device files (never in a valid store) skipped with a warning;</li>
 *   <li>names longer than 100 bytes, non-ASCII names and long link targets in PAX headers (UTF-8).</li>
 * </ul>
 * {@link #FORMAT} names this layout; it is part of every layer cache key, so a change to anything
 * above must change it.
 */
public final class LayerTar {
    /** The version of the layer layout; bump it whenever the bytes of a layer could change. */
    public static final String FORMAT = "strata-layer-tar-1";
    static final long MTIME_SECONDS = 1;
    private static final int COPY_BUFFER = 256 * 1024;
    private static final int WRITE_BUFFER = 256 * 1024;
    private static final Comparator<String> BY_BYTES = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private static final String JNU_ENCODING = System.getProperty("sun.jnu.encoding", "UTF-8");
    private static final boolean UTF8_FILE_NAMES = JNU_ENCODING.equalsIgnoreCase("UTF-8");

    private final Path root;
    private final Consumer<String> warnings;
    private final LongConsumer progress;
    private final byte[] buffer = new byte[COPY_BUFFER];

    /**
     * @param root where the store lives on this machine: {@code /} normally; a store path
     *     {@code /nix/store/x} is read from {@code root/nix/store/x} (tests use a scratch root)
     * @param warnings receives one sentence per skipped file
     * @param progress receives the number of content bytes copied since the last call
     */
    public LayerTar(Path root, Consumer<String> warnings, LongConsumer progress) {
        this.root = root;
        this.warnings = warnings;
        this.progress = progress;
    }

    /**
     * A tar writer of the kind every layer uses: POSIX (PAX) headers, UTF-8 names. Commons Compress
     * writes 512-byte records one call at a time; the buffer turns them into large writes for the
     * hashing and compressing streams below (it changes no byte of the tar).
     */
    static TarArchiveOutputStream tarStream(BufferedOutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }

    /** Writes the whole tar of these store paths (sorted here) into {@code out}, and finishes it. */
    public void writeStorePaths(List<StorePath> paths, OutputStream out) throws IOException {
        List<StorePath> sorted = paths.stream().sorted().distinct().toList();
        BufferedOutputStream buffered = buffered(out);
        TarArchiveOutputStream tar = tarStream(buffered);
        List<String> parents = new ArrayList<>();
        for (StorePath p : sorted) {
            String dir = p.storeDir();
            List<String> chain = new ArrayList<>();
            for (int i = dir.indexOf('/', 1); i > 0; i = dir.indexOf('/', i + 1)) {
                chain.add(dir.substring(0, i));
            }
            chain.add(dir);
            for (String c : chain) {
                if (!parents.contains(c)) {
                    parents.add(c);
                    putDirectory(tar, c, 0755);
                }
            }
        }
        for (StorePath p : sorted) {
            Path fs = fsPath(p.path());
            PosixFileAttributes attrs;
            try {
                attrs = Files.readAttributes(fs, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                throw new StrataException("store path " + p + " is missing from " + fs.getParent()
                        + "; build or realise it again (nix-store --realise " + p + ")");
            }
            writeNode(tar, fs, p.path(), attrs);
        }
        tar.finish();
        buffered.flush();
    }

    /** Writes the whole tar of a prepared tree (the top layer) into {@code out}, and finishes it. */
    public void writeTree(TreeNode.Dir tree, OutputStream out) throws IOException {
        BufferedOutputStream buffered = buffered(out);
        TarArchiveOutputStream tar = tarStream(buffered);
        for (Map.Entry<String, TreeNode> e : tree.children().entrySet()) {
            writeTreeNode(tar, "/" + e.getKey(), e.getValue());
        }
        tar.finish();
        buffered.flush();
    }

    /**
     * The buffer under the tar writer: large, unless {@code out} gathers writes into chunks itself
     * ({@link StagedStream}); then a record-sized one, which passes every write of a record or more
     * straight through instead of copying the layer's bytes once more.
     */
    private static BufferedOutputStream buffered(OutputStream out) {
        return new BufferedOutputStream(out, out instanceof StagedStream ? TarConstants.DEFAULT_RCDSIZE : WRITE_BUFFER);
    }

    private void writeTreeNode(TarArchiveOutputStream tar, String name, TreeNode node) throws IOException {
        checkInterrupt();
        if (node instanceof TreeNode.Dir d) {
            putDirectory(tar, name, d.mode(), d.owner());
            for (Map.Entry<String, TreeNode> e : d.children().entrySet()) {
                writeTreeNode(tar, name + "/" + e.getKey(), e.getValue());
            }
        } else if (node instanceof TreeNode.Link l) {
            putSymlink(tar, name, l.target(), l.owner());
        } else if (node instanceof TreeNode.Bytes b) {
            TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, b.mode());
            e.setSize(b.content().length);
            tar.putArchiveEntry(e);
            tar.write(b.content());
            tar.closeArchiveEntry();
        } else if (node instanceof TreeNode.File f) {
            TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, f.mode());
            e.setIds(f.owner().uid(), f.owner().gid());
            e.setSize(f.size());
            tar.putArchiveEntry(e);
            long copied = copy(tar, f.source(), f.size());
            if (copied != f.size()) {
                throw new StrataException(f.source() + " changed while Strata read it (" + f.size() + " bytes expected, "
                        + (copied > f.size() ? "more" : copied) + " read); build again once it no longer changes");
            }
            tar.closeArchiveEntry();
        }
    }

    private void writeNode(TarArchiveOutputStream tar, Path fs, String name, PosixFileAttributes attrs) throws IOException {
        checkInterrupt();
        if (attrs.isSymbolicLink()) {
            putSymlink(tar, name, linkTarget(fs));
        } else if (attrs.isDirectory()) {
            putDirectory(tar, name, 0555);
            for (Map.Entry<String, Path> child : sortedChildren(fs).entrySet()) {
                Path c = child.getValue();
                PosixFileAttributes ca = Files.readAttributes(c, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                writeNode(tar, c, name + "/" + child.getKey(), ca);
            }
        } else if (attrs.isRegularFile()) {
            putFile(tar, name, fs, attrs);
        } else {
            warnings.accept("skipped " + name + ": it is a socket, fifo or device file, which an image layer "
                    + "cannot hold from the Nix store");
        }
    }

    /** The children of a directory by name, sorted by the bytes of the name. */
    static TreeMap<String, Path> sortedChildren(Path dir) throws IOException {
        TreeMap<String, Path> children = new TreeMap<>(BY_BYTES);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                String n = c.getFileName().toString();
                if (!UTF8_FILE_NAMES && !nameSurvives(dir, n)) {
                    // Java decodes file names in the locale's charset: outside UTF-8 some do not survive.
                    throw new StrataException("cannot read the file name " + c + " in this locale (" + JNU_ENCODING
                            + "); run Strata with a UTF-8 locale, e.g. LC_ALL=C.UTF-8");
                }
                if (n.indexOf('\uFFFD') >= 0 && !nameSurvives(dir, n)) {
                    // Bytes that are not UTF-8 decode to U+FFFD: the layer would hold another name.
                    throw notUtf8("the file name " + c.toUri().getRawPath());
                }
                children.put(n, c);
            }
        }
        return children;
    }

    /** A symbolic link's target as text; refused when it is not UTF-8 (the layer would point elsewhere). */
    static String linkTarget(Path link) throws IOException {
        Path target = Files.readSymbolicLink(link);
        String text = target.toString();
        if (text.indexOf('\uFFFD') >= 0 && !target.equals(target.getFileSystem().getPath(text))) {
            throw notUtf8("the target of the symbolic link " + link + " ("
                    + (target.isAbsolute() ? target : link.resolveSibling(target)).toUri().getRawPath() + ")");
        }
        return text;
    }

    private static StrataException notUtf8(String what) {
        return new StrataException(what + " is not valid UTF-8 (shown with its "
                + "bytes %-escaped): an image layer holds UTF-8 names, so it cannot be copied unchanged; rename it in "
                + "the package that makes it, or leave that package out");
    }

    private static boolean nameSurvives(Path dir, String name) {
        try {
            return Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Children maps of the top layer use the same order. */
    static <V> TreeMap<String, V> newChildMap() {
        return new TreeMap<>(BY_BYTES);
    }

    private void putFile(TarArchiveOutputStream tar, String name, Path fs, PosixFileAttributes attrs) throws IOException {
        boolean exec = attrs.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, exec ? 0555 : 0444);
        long size = attrs.size();
        e.setSize(size);
        tar.putArchiveEntry(e);
        long copied = copy(tar, fs, size);
        if (copied != size) {
            throw new StrataException(fs + " changed size while it was being read (" + size + " bytes expected, "
                    + (copied > size ? "more" : copied) + " read); store paths must not change: repair it with "
                    + "nix-store --repair-path");
        }
        tar.closeArchiveEntry();
    }

    /**
     * Copies at most {@code size} bytes of a file into the current entry; returns how many were
     * there, or {@code size + 1} when the file is longer (it grew: the entry would be cut short).
     */
    private long copy(TarArchiveOutputStream tar, Path fs, long size) throws IOException {
        long copied = 0;
        try (InputStream in = Files.newInputStream(fs, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while (copied < size && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied))) > 0) {
                tar.write(buffer, 0, n);
                copied += n;
                progress.accept(n);
            }
            if (copied == size && in.read() >= 0) {
                return size + 1;
            }
        }
        return copied;
    }

    private static void putDirectory(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        putDirectory(tar, name, mode, TreeNode.Owner.ROOT);
    }

    private static void putDirectory(TarArchiveOutputStream tar, String name, int mode, TreeNode.Owner owner)
            throws IOException {
        TarArchiveEntry e = entry(name + "/", TarConstants.LF_DIR, mode);
        e.setIds(owner.uid(), owner.gid());
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void putSymlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        putSymlink(tar, name, target, TreeNode.Owner.ROOT);
    }

    private static void putSymlink(TarArchiveOutputStream tar, String name, String target, TreeNode.Owner owner)
            throws IOException {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0777);
        e.setIds(owner.uid(), owner.gid());
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    static TarArchiveEntry entry(String name, byte type, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        int typeBits = type == TarConstants.LF_DIR ? 0040000 : type == TarConstants.LF_SYMLINK ? 0120000 : 0100000;
        e.setMode(typeBits | mode);
        e.setIds(0, 0);
        e.setUserName("");
        e.setGroupName("");
        e.setModTime(MTIME_SECONDS * 1000);
        e.setSize(0);
        return e;
    }

    private Path fsPath(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    private static void checkInterrupt() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("layer writing was interrupted");
        }
    }
}
