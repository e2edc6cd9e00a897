package dev.strata.image;

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
 * {@code strata cache verify} and {@code strata cache gc}: rehash every blob (deleting the bad
 * ones and the index entries that named them), and remove what no recent image uses.
 */
public final class CacheMaintenance {
    /**
     * Blobs written this recently, or named by index entries used this recently, are never
     * collected, so a build running now is safe.
     */
    public static final Duration GRACE = Duration.ofHours(1);

    private final BlobStore blobs;
    private final LayerIndex index;
    private final ImageRecords records;

    public CacheMaintenance(BlobStore blobs, LayerIndex index, ImageRecords records) {
        this.blobs = blobs;
        this.index = index;
        this.records = records;
    }

    public static CacheMaintenance in(Path cacheDir) {
        return new CacheMaintenance(BlobStore.in(cacheDir), LayerIndex.in(cacheDir), ImageRecords.in(cacheDir));
    }

    /** What verify found: blobs checked and their bytes, the corrupt ones (now deleted), index entries dropped. */
    public record VerifyReport(int blobs, long bytes, List<Digest> corrupt, int indexEntriesRemoved) {
        public VerifyReport {
            corrupt = List.copyOf(corrupt);
        }
    }

    /** What gc removed and kept. */
    public record GcReport(int blobsRemoved, long bytesFreed, int blobsKept, long bytesKept, int imagesForgotten,
                           int indexEntriesRemoved, int temporaryFilesRemoved) { }

    /** Rehashes every blob; {@code progress} gets each digest as it is checked. */
    public VerifyReport verify(Consumer<Digest> progress) {
        int count = 0;
        long bytes = 0;
        List<Digest> corrupt = new ArrayList<>();
        for (Digest d : blobs.list()) {
            progress.accept(d);
            long size = sizeOf(blobs.path(d));
            if (blobs.verifyFully(d, -1)) {
                count++;
                bytes += size;
            } else {
                corrupt.add(d);
            }
        }
        return new VerifyReport(count, bytes, corrupt, dropDanglingEntries());
    }

    /**
     * Forgets images built more than {@code maxAge} ago, then deletes blobs that no remaining image
     * uses and that were not written or used within {@link #GRACE}, and stale temporary files.
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
        int temps = 0;
        for (Path t : blobs.temporaryFiles()) {
            if (!modifiedAfter(t, graceStart)) {
                try {
                    Files.deleteIfExists(t);
                    temps++;
                } catch (IOException e) {
                    // next time
                }
            }
        }
        return new GcReport(removed, freed, kept, keptBytes, forgotten, dropDanglingEntries(), temps);
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
