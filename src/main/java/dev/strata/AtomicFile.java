package dev.strata;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way Strata writes a file or a directory that someone may read meanwhile or after a crash
 * (images, recipes, popularity files, cache blobs, index entries, notes): the content goes to a
 * hidden partial beside the target and is renamed over it only when complete, so readers see the
 * old content or the new, never part of it.
 *
 * <ul>
 * <li>Beside the target: a rename is atomic only within one file system.
 * <li>Named after its writer, {@code .NAME.HOST-BOOT-PID-RANDOM.partial} ({@link Owner}). A write
 *     killed with SIGKILL runs no {@code finally} and no shutdown hook and leaves its partial
 *     behind; the next write of the same target ({@link #removeStale}) or {@code strata cache gc}
 *     removes it once its writer is gone, and never while it still runs. Partials of another host
 *     or of the earlier unnamed scheme count as stale when nothing changed them for {@link #GRACE}.
 * <li>Removed on failure or cancel ({@link #close} without a commit; an interrupted thread does
 *     not commit), and by a shutdown hook when the JVM is stopped mid-write (SIGTERM, the window
 *     closed): the directory keeps the old content or the new, never litter.
 * <li>{@link Durability#DURABLE}: the data reaches the disk before the rename, and the rename before
 *     the commit returns. Without it a power cut soon after the rename can leave the new name on an
 *     empty or half-written file (ext4, xfs). Users' files need it, and so do cache blobs, which are
 *     trusted after their first check without being read again.
 * <li>Private (0600, 0700) while written, as {@code Files.createTempFile} makes them, and so after
 *     the rename; a writer that publishes (an image output) sets the permissions it wants first.
 * </ul>
 */
public final class AtomicFile implements AutoCloseable {
    /** How sure a commit must be to survive a power cut. */
    public enum Durability {
        /** Renamed when complete, left to the kernel to write back: what is rebuilt or checked when lost. */
        CACHE,
        /** Flushed to the disk, file then rename, before the commit returns: what people keep, and cache blobs. */
        DURABLE
    }

    /** What is known of a partial's writer. */
    public enum Writer {
        /** It runs: this JVM, or a live process of this host. */
        RUNNING,
        /** An earlier boot of this host, or a process of this host that no longer runs. */
        GONE,
        /** Another host's, or named by an earlier scheme: judged by age. */
        UNKNOWN
    }

    /** A partial file or directory found on disk. */
    public record Partial(Path path, Instant modified, Writer writer) {
        /** Its writer is gone, or unknown and nothing changed it for {@link #GRACE}. */
        public boolean isStale(Instant now) {
            return writer == Writer.GONE || writer == Writer.UNKNOWN && modified.isBefore(now.minus(GRACE));
        }
    }

    /** How long a partial whose writer cannot be told is left alone. */
    public static final Duration GRACE = Duration.ofHours(1);

    static final String SUFFIX = ".partial";
    /** The target's name is cut to this many bytes in a partial's name, so that the name fits in 255. */
    private static final int NAME_BYTES = 100;
    /** {@code .NAME.HOST-BOOT-PID-RANDOM.partial}: the host holds no dot, so the last dot starts the owner. */
    private static final Pattern NAMED = Pattern.compile("\\.(.+)\\.([A-Za-z0-9]+-[A-Za-z0-9]+-[0-9]+)-[0-9a-z]+"
            + Pattern.quote(SUFFIX));
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFile::removeAll, "strata-partial-files"));
    }

    private final Path partial;
    private final Path target;
    private final Durability durability;
    private final FileChannel channel;
    private OutputStream stream;
    private boolean done;

    /** @param channel the partial file open for writing, or null for a directory */
    private AtomicFile(Path partial, Path target, Durability durability, FileChannel channel) {
        this.partial = partial;
        this.target = target;
        this.durability = durability;
        this.channel = channel;
    }

    /** A new file to be committed over {@code target}; missing parent directories are created. */
    public static AtomicFile file(Path target, Durability durability) throws IOException {
        Path t = target.toAbsolutePath();
        return create(t.getParent(), t.getFileName().toString(), t, false, durability);
    }

    /** A new file in {@code dir} whose target is known only when it is complete ({@link #commitTo}): a blob, say. */
    public static AtomicFile fileIn(Path dir, String name, Durability durability) throws IOException {
        return create(dir.toAbsolutePath(), name, null, false, durability);
    }

    /** A new, empty directory to fill at {@link #path()} and commit over {@code target}. */
    public static AtomicFile directory(Path target, Durability durability) throws IOException {
        Path t = target.toAbsolutePath();
        return create(t.getParent(), t.getFileName().toString(), t, true, durability);
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes, Durability durability) throws IOException {
        try (AtomicFile f = file(target, durability)) {
            f.stream().write(bytes);
            f.commit();
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically. */
    public static void write(Path target, String text, Durability durability) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8), durability);
    }

    private static AtomicFile create(Path dir, String name, Path target, boolean directory, Durability durability)
            throws IOException {
        Files.createDirectories(dir);
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve(partialName(name));
            LIVE.add(p); // before it exists: a sweep in this JVM never takes it for a leftover
            try {
                if (directory) {
                    Files.createDirectory(p, permissions(p, "rwx------"));
                    return new AtomicFile(p, target, durability, null);
                }
                FileChannel ch = FileChannel.open(p, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        permissions(p, "rw-------"));
                return new AtomicFile(p, target, durability, ch);
            } catch (FileAlreadyExistsException e) {
                LIVE.remove(p);
                if (attempt == 9) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                LIVE.remove(p);
                throw e;
            }
        }
    }

    private static FileAttribute<?>[] permissions(Path p, String mode) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
                : new FileAttribute<?>[0];
    }

    static String partialName(String name) {
        return "." + cut(name) + "." + Owner.current().tag() + "-"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + SUFFIX;
    }

    /** The name, cut to {@link #NAME_BYTES} bytes of UTF-8 at a character boundary. */
    private static String cut(String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length <= NAME_BYTES) {
            return name;
        }
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > NAME_BYTES) {
                break;
            }
            b.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    /** The partial being written: a file, or the directory to fill. */
    public Path path() {
        return partial;
    }

    /** The partial file's channel, open for writing. */
    public FileChannel channel() {
        if (channel == null) {
            throw new IllegalStateException("a directory has no channel: " + partial);
        }
        return channel;
    }

    /** The partial file as a stream; closing it only flushes (the commit closes the file). */
    public OutputStream stream() {
        if (stream == null) {
            stream = new FilterOutputStream(Channels.newOutputStream(channel())) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }
        return stream;
    }

    /** Renames the complete partial over the target it was made for. */
    public void commit() throws IOException {
        if (target == null) {
            throw new IllegalStateException("no target given for " + partial + "; use commitTo");
        }
        commitTo(target);
    }

    /**
     * Renames the complete partial to {@code to}, replacing a file there (a directory only when it
     * is empty; see {@link #commitReplacing}).
     */
    public void commitTo(Path to) throws IOException {
        finish();
        Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed(to);
    }

    /**
     * Renames the complete partial directory over the target, which may be a full directory: that
     * is moved aside first (under a partial name, so a crash leaves nothing a sweep would keep) and
     * removed after. Between the two renames the target is briefly absent.
     */
    public void commitReplacing() throws IOException {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            commit();
            return;
        }
        finish();
        Path aside = target.resolveSibling(partialName(target.getFileName().toString()));
        LIVE.add(aside);
        try {
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
                throw e;
            }
            committed(target);
        } finally {
            deleteTree(aside);
            LIVE.remove(aside);
        }
    }

    private void finish() throws IOException {
        if (done) {
            throw new IllegalStateException(partial + " was already committed or abandoned");
        }
        if (Thread.currentThread().isInterrupted()) {
            // A cancelled write leaves the target as it was, even when its content is complete.
            throw new InterruptedIOException("cancelled before " + (target == null ? partial : target) + " was written");
        }
        if (channel != null) {
            if (stream != null) {
                stream.flush();
            }
            if (durability == Durability.DURABLE) {
                channel.force(true);
            }
            channel.close();
        } else if (durability == Durability.DURABLE) {
            syncTree(partial);
        }
    }

    private void committed(Path to) throws IOException {
        done = true;
        LIVE.remove(partial);
        if (durability == Durability.DURABLE) {
            sync(to.toAbsolutePath().getParent());
        }
    }

    /** Removes the partial unless it was committed. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // removed below all the same
        }
        try {
            deleteTree(partial);
        } catch (IOException e) {
            // left for the next sweep: its writer (this process) will be gone by then
        }
        LIVE.remove(partial);
    }

    /** Flushes a file or directory to the disk (what {@code fsync} does); a no-op where that is refused. */
    private static void sync(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse fsync on a directory: nothing more can be done there.
        }
    }

    private static void syncTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    sync(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) {
                sync(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Removes a file, or a directory and everything in it; links are removed, never followed. */
    public static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) {
                    deleteTree(c);
                }
            } catch (NoSuchFileException e) {
                return;
            }
        }
        Files.deleteIfExists(p);
    }

    /** How many partials this JVM is writing now. */
    static int live() {
        return LIVE.size();
    }

    /** Removes every partial this JVM is writing (the shutdown hook); returns how many there were. */
    static int removeAll() {
        int n = 0;
        for (Path p : Set.copyOf(LIVE)) {
            n++;
            try {
                deleteTree(p);
            } catch (IOException | RuntimeException e) {
                // best effort while the JVM stops
            }
            LIVE.remove(p);
        }
        return n;
    }

    /**
     * The partials of {@code target} beside it: this scheme's, and the earlier ones'
     * ({@code .NAME.DIGITS.partial}, {@code .NAME.DIGITS.tmp}, {@code .NAME.partial-*}, {@code .NAME.old-*}).
     */
    public static List<Partial> partialsOf(Path target) {
        Path t = target.toAbsolutePath();
        String name = t.getFileName().toString();
        String cut = cut(name);
        List<Partial> out = new ArrayList<>();
        for (Path p : list(t.getParent())) {
            String n = p.getFileName().toString();
            Matcher m = NAMED.matcher(n);
            if (m.matches() ? m.group(1).equals(cut) : isEarlierPartialOf(n, name)) {
                partial(p).ifPresent(out::add);
            }
        }
        return out;
    }

    private static boolean isEarlierPartialOf(String n, String name) {
        String prefix = "." + name + ".";
        return n.startsWith(prefix) && (n.substring(prefix.length()).matches("[0-9]+\\.(partial|tmp)")
                || n.startsWith(prefix + "partial-") || n.startsWith(prefix + "old-"));
    }

    /** Removes the stale partials of {@code target} (see {@link #partialsOf}); returns how many. */
    public static int removeStale(Path target) {
        return removeStale(partialsOf(target));
    }

    /** Removes the stale ones of these partials; returns how many. */
    public static int removeStale(List<Partial> partials) {
        Instant now = Instant.now();
        int n = 0;
        for (Partial p : partials) {
            if (p.isStale(now)) {
                try {
                    deleteTree(p.path());
                    n++;
                } catch (IOException e) {
                    // another process removing it too, or not ours to remove
                }
            }
        }
        return n;
    }

    /**
     * The partials below {@code root}, at most {@code depth} levels down, not entering directories
     * named in {@code skip}: this scheme's, and earlier ones' (names ending in {@code .partial} or
     * starting with {@code .tmp-}, {@code .note-} or {@code .extract-}). A partial directory is not entered.
     */
    public static List<Partial> partialsBelow(Path root, int depth, Set<String> skip) {
        List<Partial> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try {
            Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (skip.contains(dir.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (isPartialName(dir.getFileName().toString())) {
                        partial(dir).ifPresent(out::add);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (isPartialName(file.getFileName().toString())) {
                        partial(file).ifPresent(out::add);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // gone meanwhile, or unreadable: not ours to judge
                }
            });
        } catch (IOException e) {
            // what was found so far
        }
        out.sort(Comparator.comparing(Partial::path));
        return out;
    }

    private static boolean isPartialName(String n) {
        return n.endsWith(SUFFIX) || n.startsWith(".tmp-") || n.startsWith(".note-") || n.startsWith(".extract-");
    }

    private static Optional<Partial> partial(Path p) {
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return Optional.empty(); // gone meanwhile
        }
        return Optional.of(new Partial(p, modified, writerOf(p)));
    }

    private static Writer writerOf(Path p) {
        if (LIVE.contains(p)) {
            return Writer.RUNNING;
        }
        Matcher m = NAMED.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return Writer.UNKNOWN;
        }
        Owner here = Owner.current();
        return Owner.parse(m.group(2)).map(o -> {
            if (o.equals(here)) {
                return Writer.GONE; // this PID, but not written by this JVM: an earlier process had the PID
            }
            if (o.isGoneFrom(here)) {
                return Writer.GONE;
            }
            return o.host().equals(here.host()) ? Writer.RUNNING : Writer.UNKNOWN;
        }).orElse(Writer.UNKNOWN);
    }

    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*")) {
            ds.forEach(out::add);
        } catch (IOException e) {
            // no directory, no partials
        }
        return out;
    }
}
