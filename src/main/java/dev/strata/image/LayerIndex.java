package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.AtomicFile;
import dev.strata.StrataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The layer cache's index: from what a layer holds to the blob already written for it.
 * {@code <cache>/layers/<key>.json}, one small file per entry, each written atomically, where
 * the key is the SHA-256 of (the layer's content key, {@link #format}, the compression). The content
 * key of a store layer is the hash of its sorted store paths, which is enough because a valid
 * store path's content never changes; the format covers the tar layout and the compressor
 * settings, gzip's engine included (libdeflate or the zlib fallback: {@link GzipEngine}), so a
 * change to any misses the cache instead of reusing bytes the new code would not write, and a
 * cache shared by hosts with different engines keeps each engine's layers apart. zlib's own
 * version is not part of it: a cached blob stays a correct encoding of the same tar (same diffID)
 * when zlib changes, and reusing it keeps digests stable.
 */
public final class LayerIndex {
    /** Everything that decides a layer blob's bytes besides its content, with this process's gzip engine. */
    public static String format(Compression compression) {
        return format(compression, GzipEngine.current());
    }

    /** Everything that decides a layer blob's bytes besides its content. */
    public static String format(Compression compression, GzipEngine engine) {
        return LayerTar.FORMAT + "/" + LayerCompressor.settings(compression, engine);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** One cached layer: its uncompressed and stored digests, size, compression and store paths. */
    public record Entry(String layerKey, String format, String diffId, String digest, long size, String compression,
                        String mediaType, List<String> paths) {
        public Entry {
            paths = paths == null ? List.of() : List.copyOf(paths);
        }

        public Digest digestValue() {
            return Digest.parse(digest);
        }

        public Digest diffIdValue() {
            return Digest.parse(diffId);
        }
    }

    private final Path dir;

    public LayerIndex(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public static LayerIndex in(Path cacheDir) {
        return new LayerIndex(cacheDir.resolve("layers"));
    }

    /** The index key of a layer's content key with a compression, under this writer's format. */
    public static String key(String layerKey, Compression compression) {
        return key(layerKey, compression, GzipEngine.current());
    }

    /** The index key of a layer's content key with a compression, gzip by {@code engine}. */
    public static String key(String layerKey, Compression compression, GzipEngine engine) {
        var md = Digest.sha256();
        md.update((layerKey + "\n" + format(compression, engine) + "\n" + compression.id() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    /** The entry, when present and readable (a damaged entry counts as absent and is removed). */
    public Optional<Entry> get(String key) {
        Path f = dir.resolve(key + ".json");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            Entry e = JSON.readValue(Files.readAllBytes(f), Entry.class);
            e.digestValue();
            e.diffIdValue();
            return Optional.of(e);
        } catch (IOException | RuntimeException e) {
            remove(key);
            return Optional.empty();
        }
    }

    /** Writes an entry atomically (a partial file renamed into place). */
    public void put(String key, Entry entry) {
        try {
            AtomicFile.write(dir.resolve(key + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(entry),
                    AtomicFile.Durability.CACHE);
        } catch (IOException e) {
            throw new StrataException("cannot write the layer index " + dir + ": " + e.getMessage()
                    + "; check free space and permissions, or set STRATA_CACHE_DIR to a writable directory", e);
        }
    }

    public void remove(String key) {
        try {
            Files.deleteIfExists(dir.resolve(key + ".json"));
        } catch (IOException e) {
            // a stale entry is checked against its blob before use anyway
        }
    }

    /** Marks an entry as used now (for {@code cache gc}'s grace period). */
    public void touch(String key) {
        try {
            Files.setLastModifiedTime(dir.resolve(key + ".json"), FileTime.from(Instant.now()));
        } catch (IOException e) {
            // harmless
        }
    }

    /** True when the entry was written or used at or after {@code since}. */
    public boolean usedSince(String key, Instant since) {
        try {
            return !Files.getLastModifiedTime(dir.resolve(key + ".json")).toInstant().isBefore(since);
        } catch (IOException e) {
            return false;
        }
    }

    /** Every entry key in the index. */
    public List<String> keys() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                out.add(n.substring(0, n.length() - ".json".length()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }
}
