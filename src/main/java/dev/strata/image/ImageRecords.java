package dev.strata.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.AtomicFile;
import dev.strata.StrataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Which blobs recent images use: {@code <cache>/images/<manifest hex>.json} lists an image's
 * blobs, and its modification time says when it was last built. {@code strata cache gc} keeps the
 * blobs of images built within its age limit and removes the rest.
 */
public final class ImageRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public ImageRecords(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public static ImageRecords in(Path cacheDir) {
        return new ImageRecords(cacheDir.resolve("images"));
    }

    /** Notes that this image was built now (atomic write; a rebuild refreshes the time). */
    public void record(BuiltImage image) {
        ObjectNode root = JSON.createObjectNode();
        root.put("manifest", image.manifestDigest().toString());
        var blobs = root.putArray("blobs");
        image.blobs().forEach(b -> blobs.add(b.digest().toString()));
        try {
            AtomicFile.write(dir.resolve(image.manifestDigest().hex() + ".json"), JSON.writeValueAsBytes(root),
                    AtomicFile.Durability.CACHE);
        } catch (IOException e) {
            throw new StrataException("cannot write to the cache directory " + dir + ": " + e.getMessage()
                    + "; check free space and permissions, or set STRATA_CACHE_DIR to a writable directory", e);
        }
    }

    /** The blobs of images built at or after {@code since}. */
    public Set<Digest> blobsBuiltSince(Instant since) {
        Set<Digest> out = new HashSet<>();
        forEach((file, time) -> {
            if (!time.isBefore(since)) {
                try {
                    JsonNode n = JSON.readTree(file.toFile());
                    n.path("blobs").forEach(b -> out.add(Digest.parse(b.asText())));
                } catch (IOException | RuntimeException e) {
                    // a damaged record protects nothing
                }
            }
        });
        return out;
    }

    /** Forgets images built before {@code before}; returns how many. */
    public int forgetBuiltBefore(Instant before) {
        int[] n = {0};
        forEach((file, time) -> {
            if (time.isBefore(before)) {
                try {
                    Files.deleteIfExists(file);
                    n[0]++;
                } catch (IOException e) {
                    // tried again next time
                }
            }
        });
        return n[0];
    }

    private interface Visitor {
        void visit(Path file, Instant modified);
    }

    private void forEach(Visitor v) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                FileTime t;
                try {
                    t = Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    continue;
                }
                v.visit(p, t.toInstant());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
