package dev.strata.image;

import dev.strata.AtomicFile;
import dev.strata.StrataException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Content-addressed blobs: {@code <cache>/blobs/sha256/<hex>}. A blob is written to a partial
 * file in {@code <cache>/blobs/tmp/} ({@link AtomicFile}), hashed on the way, and renamed to its
 * digest only when it is complete, so a crash, a kill or a cancelled build leaves at most a stray
 * partial file (removed by {@code strata cache gc} once its writer is gone), never a wrong or
 * partial blob. Two processes writing the same blob at once both rename identical bytes into
 * place, which is harmless.
 *
 * <p>Blobs are checked before reuse ({@link #verify}): a blob whose size or SHA-256 does not match
 * its name is deleted, and the caller rebuilds it. Rehashing every reused blob on every build
 * would cost a warm build more than everything else it does, so a check is remembered: after a
 * blob is written or rehashed, {@code <cache>/blobs/verified/<hex>} records its size, inode, ctime
 * mtime and link count, and while those are unchanged the blob counts as verified. Any write to
 * the file (or replacing it) changes its ctime, which the kernel sets and no program can set back,
 * so a blob changed through the file system is rehashed; only silent corruption below the file
 * system goes unnoticed until {@code strata cache verify}, which rehashes everything. A link made
 * or removed (an OCI layout's, {@link #link}) changes the ctime too: when the link count changed
 * and size, inode and mtime did not, the blob counts as unchanged, so deleting a layout linked to
 * the cache costs the next build no rehash.
 */
public final class BlobStore {
    private final Path root;
    private final Path blobs;
    private final Path tmp;
    private final Path verified;

    /** @param root the {@code blobs} directory, normally {@code <cache>/blobs} */
    public BlobStore(Path root) {
        this.root = root.toAbsolutePath();
        this.blobs = this.root.resolve("sha256");
        this.tmp = this.root.resolve("tmp");
        this.verified = this.root.resolve("verified");
    }

    /** The blob store of a cache directory. */
    public static BlobStore in(Path cacheDir) {
        return new BlobStore(cacheDir.resolve("blobs"));
    }

    public Path root() {
        return root;
    }

    /** Where a blob with this digest lives (whether or not it is there). */
    public Path path(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    /** The blob when a file of exactly this size is stored under the digest (contents not checked). */
    public Optional<Blob> find(Digest digest, long size) {
        Path p = path(digest);
        try {
            if (Files.size(p) == size) {
                return Optional.of(new Blob(digest, size, p));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public boolean contains(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    /**
     * Checks a stored blob before reuse: true when it is present with this size and digest. The
     * SHA-256 is recomputed unless the file is unchanged since it was last hashed (see the class
     * comment). A blob present but wrong is deleted (false), so the next write puts a good one in
     * its place.
     *
     * @param size the expected size, or -1 to accept any size
     */
    public boolean verify(Digest digest, long size) {
        return check(digest, size, false);
    }

    /** Like {@link #verify} but always rehashes ({@code strata cache verify}). */
    public boolean verifyFully(Digest digest, long size) {
        return check(digest, size, true);
    }

    private boolean check(Digest digest, long size, boolean rehash) {
        Path p = path(digest);
        try {
            String stamp = stamp(p);
            if (stamp == null) {
                return false;
            }
            long actual = Files.size(p);
            if (size >= 0 && actual != size) {
                delete(digest);
                return false;
            }
            String recorded = readStamp(digest);
            if (!rehash && stamp.equals(recorded)) {
                return true;
            }
            if (!rehash && onlyLinksChanged(recorded, stamp)) {
                writeStamp(digest, stamp); // a link made or removed (an OCI layout's), the bytes untouched
                return true;
            }
            if (!hash(p).equals(digest)) {
                delete(digest);
                return false;
            }
            writeStamp(digest, stamp);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new StrataException("cannot read the cached blob " + p + ": " + e.getMessage()
                    + "; check the cache directory's permissions or remove it");
        }
    }

    /**
     * Gives a stored blob a second name, {@code target} (which must not exist), without copying it:
     * a hard link, for an output such as an OCI layout on the same file system. The blob is checked
     * first ({@link #verify}); false when it is not good or no link can be made there (another file
     * system, a file system without links), and the caller copies instead.
     *
     * <p>The blob stays read-only (0444) and nothing of Strata writes a blob in place, so the two
     * names keep the same bytes unless someone writes into the output's file: that changes the
     * file's ctime, the blob's next check rehashes it, finds it wrong, deletes it from the cache and
     * the next build writes it anew. Making or removing a link changes the ctime too (and the link
     * count), so a stamp that differs only in those counts as unchanged (see {@link #check}).
     */
    public boolean link(Digest digest, Path target) {
        Path p = path(digest);
        try {
            if (!verify(digest, -1)) {
                return false;
            }
            String before = stamp(p);
            try {
                Files.createLink(target, p);
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return false;
            }
            String after = stamp(p);
            if (before != null && after != null && onlyLinksChanged(before, after)) {
                writeStamp(digest, after);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether two stamps differ only by a link made or removed: the link count differs, size, inode
     * and mtime are equal, and the ctime (which a link changes too) is free. A write that also
     * changes the link count and sets the mtime back to the nanosecond would pass: that takes intent,
     * and {@code cache verify} rehashes everything anyway.
     */
    private static boolean onlyLinksChanged(String recorded, String now) {
        String[] x = recorded.split(" ");
        String[] y = now.split(" ");
        return x.length == 5 && y.length == 5 && x[0].equals(y[0]) && x[1].equals(y[1]) && x[3].equals(y[3])
                && !x[4].equals(y[4]);
    }

    /** Size, inode, ctime, mtime and link count of a regular file, or null when there is none. */
    private static String stamp(Path p) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, "unix:size,ino,ctime,lastModifiedTime,nlink,isRegularFile",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
            return null;
        }
        FileTime ctime = (FileTime) a.get("ctime");
        FileTime mtime = (FileTime) a.get("lastModifiedTime");
        return a.get("size") + " " + a.get("ino") + " " + ctime.to(TimeUnit.NANOSECONDS) + " "
                + mtime.to(TimeUnit.NANOSECONDS) + " " + a.get("nlink");
    }

    private String readStamp(Digest digest) {
        try {
            return Files.readString(verified.resolve(digest.hex()));
        } catch (IOException e) {
            return "";
        }
    }

    private void writeStamp(Digest digest, String stamp) {
        try {
            AtomicFile.write(verified.resolve(digest.hex()), stamp, AtomicFile.Durability.CACHE);
        } catch (IOException e) {
            // without the note the blob is only rehashed again next time
        }
    }

    /** The SHA-256 of a file's bytes. */
    public static Digest hash(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return hash(in);
        }
    }

    /** The SHA-256 of the bytes a stream gives until its end. */
    static Digest hash(InputStream in) throws IOException {
        MessageDigest md = Digest.sha256();
        byte[] buf = new byte[1 << 18];
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
        }
        return Digest.of(md);
    }

    /**
     * Stores these bytes (a config or manifest) and returns the blob; atomic like every write here.
     * A blob already stored and verified is kept (a warm build writes and flushes nothing); one
     * dated more than ten minutes ago is dated now, so that {@code cache gc} spares it as it spares a
     * blob just written. (Dating it changes its ctime, so its next check rehashes its few bytes.)
     */
    public Blob put(byte[] bytes) {
        Digest digest = Digest.of(bytes);
        if (verify(digest, bytes.length)) {
            Path p = path(digest);
            try {
                Instant now = Instant.now();
                if (Files.getLastModifiedTime(p).toInstant().isBefore(now.minus(Duration.ofMinutes(10)))) {
                    Files.setLastModifiedTime(p, FileTime.from(now));
                }
            } catch (IOException e) {
                // the image record written next protects it all the same
            }
            return new Blob(digest, bytes.length, p);
        }
        try (Pending p = create()) {
            p.stream().write(bytes);
            return p.commit();
        } catch (IOException e) {
            throw failedWrite(e);
        }
    }

    /**
     * A new blob being written: write to {@link Pending#stream()}, then {@link Pending#commit()}. It
     * is flushed to the disk before it gets its name ({@link AtomicFile.Durability#DURABLE}): a blob
     * is trusted by its stamp after that, and a power cut must not leave a named, unread-back blob
     * with lost bytes.
     */
    public Pending create() {
        try {
            Files.createDirectories(blobs);
            return new Pending(AtomicFile.fileIn(tmp, "blob", AtomicFile.Durability.DURABLE));
        } catch (IOException e) {
            throw failedWrite(e);
        }
    }

    private StrataException failedWrite(IOException e) {
        return new StrataException("cannot write to the blob store " + root + ": " + e.getMessage()
                + "; check free space and permissions, or set STRATA_CACHE_DIR to a writable directory", e);
    }

    /** Every stored blob's digest (file names that are not digests are ignored). */
    public List<Digest> list() {
        List<Digest> out = new ArrayList<>();
        if (!Files.isDirectory(blobs)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(blobs)) {
            for (Path p : ds) {
                try {
                    out.add(new Digest(p.getFileName().toString()));
                } catch (IllegalArgumentException e) {
                    // not ours
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    public void delete(Digest digest) {
        try {
            Files.deleteIfExists(verified.resolve(digest.hex()));
            Files.deleteIfExists(path(digest));
        } catch (IOException e) {
            throw new StrataException("cannot delete the cached blob " + path(digest) + ": " + e.getMessage()
                    + "; check the cache directory's permissions");
        }
    }

    /**
     * A blob being written. Bytes written to {@link #stream()} are hashed and counted; {@link #commit()}
     * renames the file to its digest; closing without committing deletes it.
     */
    public final class Pending implements AutoCloseable {
        private final AtomicFile file;
        private final HashingOutputStream stream;
        private boolean done;

        private Pending(AtomicFile file) {
            this.file = file;
            this.stream = new HashingOutputStream(new BufferedOutputStream(file.stream(), 1 << 16));
        }

        /** Where the blob's bytes go; do not close it, {@link #commit()} does. */
        public HashingOutputStream stream() {
            return stream;
        }

        /** Closes the file and moves it into place under its digest. */
        public Blob commit() throws IOException {
            if (done) {
                throw new IllegalStateException("blob already committed or abandoned");
            }
            stream.close();
            Digest digest = stream.digest();
            long size = stream.count();
            Path target = path(digest);
            try {
                Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("r--r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the blob stays writable
            }
            // Two writers of the same blob rename identical bytes: the second replaces the first.
            file.commitTo(target);
            done = true;
            // The bytes were hashed as they were written: note the file as verified.
            String stamp = stamp(target);
            if (stamp != null && Files.size(target) == size) {
                writeStamp(digest, stamp);
            }
            return new Blob(digest, size, target);
        }

        /** Deletes the temporary file unless it was committed. */
        @Override
        public void close() {
            done = true;
            file.close();
        }
    }
}
