package dev.strata.image;

import dev.strata.AtomicFile;
import dev.strata.Choice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code strata cache verify} and {@code strata cache gc}. Verify rehashes every blob and checks
 * every layer index entry against its blob by decompressing it (deleting bad blobs and removing bad
 * entries, which the next build writes again), and lists the partial files writes left; gc removes
 * what no recent image uses, and the partial files whose writer is gone or that are old.
 */
public final class CacheMaintenance {
    /**
     * Blobs written this recently, or named by index entries used this recently, are never
     * collected, so a build running now is safe.
     */
    public static final Duration GRACE = Duration.ofHours(1);

    /**
     * Directories below the cache that hold no partials and many files (blobs, their stamps and
     * diffID records), or partials of their own kind (Nix GC roots, swept by each realisation).
     */
    private static final Set<String> NO_PARTIALS = Set.of("sha256", "verified", "diffids", "gcroots");

    private final Path cacheDir;
    private final BlobStore blobs;
    private final LayerIndex index;
    private final ImageRecords records;
    private final DiffIds diffIds;

    public CacheMaintenance(Path cacheDir, BlobStore blobs, LayerIndex index, ImageRecords records) {
        this.cacheDir = cacheDir;
        this.blobs = blobs;
        this.index = index;
        this.records = records;
        this.diffIds = DiffIds.of(blobs);
    }

    public static CacheMaintenance in(Path cacheDir) {
        return new CacheMaintenance(cacheDir, BlobStore.in(cacheDir), LayerIndex.in(cacheDir), ImageRecords.in(cacheDir));
    }

    /** A layer index entry that was wrong, now removed: its key, the blob it named (null if unreadable), what was wrong. */
    public record BadEntry(String key, Digest digest, String problem) { }

    /**
     * What verify found: blobs checked and their bytes, the corrupt ones (now deleted), index
     * entries dropped because their blob is gone, wrong index entries (now removed), partial files.
     */
    public record VerifyReport(int blobs, long bytes, List<Digest> corrupt, int indexEntriesRemoved,
                               List<BadEntry> badEntries, List<AtomicFile.Partial> partials) {
        public VerifyReport {
            corrupt = List.copyOf(corrupt);
            badEntries = List.copyOf(badEntries);
            partials = List.copyOf(partials);
        }

        /** Nothing was damaged (partial files and entries of collected blobs are not damage). */
        public boolean clean() {
            return corrupt.isEmpty() && badEntries.isEmpty();
        }
    }

    /** What gc removed and kept. */
    public record GcReport(int blobsRemoved, long bytesFreed, int blobsKept, long bytesKept, int imagesForgotten,
                           int indexEntriesRemoved, int temporaryFilesRemoved) { }

    /**
     * Rehashes every blob, then decompresses the blob of every index entry and compares the digest
     * of the tar with the entry's diffID; {@code progress} gets each item as it is checked.
     */
    public VerifyReport verify(Consumer<String> progress) {
        int count = 0;
        long bytes = 0;
        List<Digest> corrupt = new ArrayList<>();
        for (Digest d : blobs.list()) {
            progress.accept("blob " + d);
            long size = sizeOf(blobs.path(d));
            if (blobs.verifyFully(d, -1)) {
                count++;
                bytes += size;
            } else {
                corrupt.add(d);
            }
        }
        int dangling = 0;
        List<BadEntry> bad = new ArrayList<>();
        for (String key : index.keys()) {
            progress.accept("layer index entry " + key);
            Optional<LayerIndex.Entry> e = index.get(key);
            if (e.isEmpty()) {
                bad.add(new BadEntry(key, null, "the entry is not readable JSON of an index entry"));
                continue;
            }
            Optional<Blob> blob = blobs.find(e.get().digestValue(), e.get().size());
            if (blob.isEmpty()) {
                index.remove(key);
                dangling++;
                continue;
            }
            String problem = problem(key, e.get(), blob.get());
            if (problem != null) {
                index.remove(key);
                bad.add(new BadEntry(key, blob.get().digest(), problem));
            }
        }
        return new VerifyReport(count, bytes, corrupt, dangling, bad, partials());
    }

    /** What is wrong with an index entry whose blob is there, or null. */
    private String problem(String key, LayerIndex.Entry e, Blob blob) {
        Compression compression;
        try {
            compression = Choice.parse(Compression.class, "compression", e.compression());
        } catch (RuntimeException ex) {
            return "the entry names an unknown compression '" + e.compression() + "'";
        }
        if (LayerIndex.format(compression).equals(e.format()) && !LayerIndex.key(e.layerKey(), compression).equals(key)) {
            return "the entry describes another layer than its key";
        }
        Digest actual;
        try {
            actual = DiffIds.compute(blob.path(), compression);
        } catch (IOException ex) {
            return "its blob does not decompress as " + compression.id() + " (" + ex.getMessage() + ")";
        }
        diffIds.record(blob.digest(), compression, actual);
        return actual.equals(e.diffIdValue()) ? null
                : "the entry gives the diffID " + e.diffId() + ", but the blob decompresses to " + actual;
    }

    /** The partial files below the cache: writes under way, or left by a process that was killed. */
    public List<AtomicFile.Partial> partials() {
        return AtomicFile.partialsBelow(cacheDir, 3, NO_PARTIALS);
    }

    /**
     * Forgets images built more than {@code maxAge} ago, then deletes blobs that no remaining image
     * uses and that were not written or used within {@link #GRACE}, and partial files whose writer
     * is gone (or, when that cannot be told, that nothing changed within {@link AtomicFile#GRACE}).
     */
    public GcReport gc(Duration maxAge) {
        Instant now = Instant.now();
        int forgotten = records.forgetBuiltBefore(now.minus(maxAge));
        Set<Digest> keep = records.blobsBuiltSince(now.minus(maxAge));
        Instant graceStart = now.minus(GRACE);
        // A build running now may reuse a blob before its image is recorded: it touches the index entry.
        for (String key : index.keys()) {
            if (index.usedSince(key, graceStart)) {
                index.get(key).ifPresent(e -> keep.add(e.digestValue()));
            }
        }
        int removed = 0;
        int kept = 0;
        long freed = 0;
        long keptBytes = 0;
        for (Digest d : blobs.list()) {
            Path p = blobs.path(d);
            long size = sizeOf(p);
            if (keep.contains(d) || modifiedAfter(p, graceStart)) {
                kept++;
                keptBytes += size;
            } else {
                blobs.delete(d);
                removed++;
                freed += size;
            }
        }
        int partials = AtomicFile.removeStale(partials());
        int dropped = dropDanglingEntries();
        diffIds.dropOrphans(blobs);
        return new GcReport(removed, freed, kept, keptBytes, forgotten, dropped, partials);
    }

    private int dropDanglingEntries() {
        int n = 0;
        for (String key : index.keys()) {
            Optional<LayerIndex.Entry> e = index.get(key);
            if (e.isEmpty()) {
                n++; // unreadable: get() removed it
            } else if (blobs.find(e.get().digestValue(), e.get().size()).isEmpty()) {
                index.remove(key);
                n++;
            }
        }
        return n;
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean modifiedAfter(Path p, Instant t) {
        try {
            return Files.getLastModifiedTime(p).toInstant().isAfter(t);
        } catch (IOException e) {
            return false;
        }
    }
}
