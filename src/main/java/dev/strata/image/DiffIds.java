package dev.strata.image;

import dev.strata.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What each cached layer blob decompresses to: {@code <cache>/blobs/diffids/<digest hex>-<compression>}
 * holds the diffID (the SHA-256 of the uncompressed tar) found for the blob.
 *
 * <p>Why: a layer index entry pairs a blob's digest with a diffID, and the image config lists the
 * diffIDs. A wrong one (a stray write, a bad disk block, an entry from a buggy or foreign writer)
 * gives an image that every tool refuses ({@code umoci unpack}: diffid mismatch), and nothing in the
 * blob's own check ({@link BlobStore#verify}) notices. Checking means decompressing the blob, about
 * a second per 300 MB here, which a warm build cannot pay for every layer every time. But a blob is
 * content-addressed: while it verifies, it decompresses to the same diffID for ever. So the diffID is
 * recorded once, when the layer is written (it was computed on the way) or when an entry is first
 * checked, and an entry is then checked against the record: one small file read. Only an entry that
 * disagrees with the record, or names a blob without one (a cache written by an older Strata), costs
 * a decompression. {@code strata cache verify} ignores the records and decompresses every entry's blob.
 */
final class DiffIds {
    private final Path dir;

    DiffIds(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    /** The records beside a blob store's blobs. */
    static DiffIds of(BlobStore blobs) {
        return new DiffIds(blobs.root().resolve("diffids"));
    }

    /** Notes that the blob {@code digest}, decompressed as {@code compression}, is the tar with this diffID. */
    void record(Digest digest, Compression compression, Digest diffId) {
        try {
            AtomicFile.write(file(digest, compression), diffId.toString(), AtomicFile.Durability.CACHE);
        } catch (IOException e) {
            // without the record the next check decompresses once more
        }
    }

    /** True when the blob decompresses to {@code diffId}: by the record, else by decompressing (and recording what it found). */
    boolean matches(Blob blob, Compression compression, Digest diffId) throws IOException {
        Optional<Digest> recorded = recorded(blob.digest(), compression);
        if (recorded.isPresent() && recorded.get().equals(diffId)) {
            return true;
        }
        Digest actual = compute(blob.path(), compression);
        record(blob.digest(), compression, actual);
        return actual.equals(diffId);
    }

    Optional<Digest> recorded(Digest digest, Compression compression) {
        try {
            return Optional.of(Digest.parse(Files.readString(file(digest, compression), StandardCharsets.US_ASCII).strip()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The diffID of a blob: the SHA-256 of its bytes decompressed as {@code compression}.
     *
     * @throws IOException also when the bytes are not valid for the compression
     */
    static Digest compute(Path blob, Compression compression) throws IOException {
        try (InputStream raw = Files.newInputStream(blob); InputStream in = compression.decompressing(raw)) {
            return BlobStore.hash(in);
        }
    }

    /** Removes the records of blobs that are no longer stored; returns how many. */
    int dropOrphans(BlobStore blobs) {
        int n = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                int dash = name.indexOf('-');
                try {
                    if (dash > 0 && !blobs.contains(new Digest(name.substring(0, dash)))) {
                        Files.deleteIfExists(p);
                        n++;
                    }
                } catch (IllegalArgumentException e) {
                    // not a record (a partial file is judged by the partial sweep)
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    private Path file(Digest digest, Compression compression) {
        return dir.resolve(digest.hex() + "-" + compression.id());
    }
}
