package dev.strata.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What the cache knows of images, in {@code <cache>/images}, one JSON file each, all with the
 * blobs they use:
 * <ul>
 *   <li>{@code <manifest hex>.json}, a built image: its manifest and blobs; the file's time says
 *       when it was last built;</li>
 *   <li>{@code key-<key>.json}, the manifests an image key gave (see {@code Composer.imageKey}),
 *       so that an image of an immutable source built before is found without running Nix: by
 *       {@code strata push} on a re-push and by the registry server on every pull.</li>
 * </ul>
 * {@code strata cache gc} keeps the blobs of records younger than its age limit and forgets the
 * older records of both kinds. A remembered image counts only while every blob it names is still
 * in the cache; that check is repeated at most every few seconds per key.
 */
public final class ImageRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RECHECK_NANOS = 5_000_000_000L;
    private static final String KEY_PREFIX = "key-";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

    /** A remembered manifest: its digest and its bytes. */
    public record Manifest(String digest, byte[] bytes) { }

    /**
     * What one layer of a remembered image holds, as its build reported it: its store paths and
     * description, which the manifest and config do not say, so that a build can report the image
     * without running Nix.
     */
    public record LayerNote(String digest, List<String> paths, String description) {
        public LayerNote {
            paths = List.copyOf(paths);
        }
    }

    private record Known(List<Manifest> manifests, List<Digest> blobs, List<LayerNote> layers, long checkedAt) { }

    private final Path dir;
    private final BlobStore blobs;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    public ImageRecords(Path dir, BlobStore blobs) {
        this.dir = dir.toAbsolutePath();
        this.blobs = blobs;
    }

    public static ImageRecords in(Path cacheDir) {
        return new ImageRecords(cacheDir.resolve("images"), BlobStore.in(cacheDir));
    }

    /** Notes that this image was built now (atomic write; a rebuild refreshes the time). */
    public void record(BuiltImage image) {
        ObjectNode root = JSON.createObjectNode();
        root.put("manifest", image.manifestDigest().toString());
        ArrayNode list = root.putArray("blobs");
        image.blobs().forEach(b -> list.add(b.digest().toString()));
        try {
            write(image.manifestDigest().hex() + ".json", root);
        } catch (IOException e) {
            throw new StrataException("cannot write to the cache directory " + dir + ": " + e.getMessage()
                    + "; check free space and permissions, or set STRATA_CACHE_DIR to a writable directory", e);
        }
    }

    /**
     * Remembers the manifests (already in the blob store) an image key gave, with every blob they
     * name. Remembering only saves time: a failure is not an error.
     */
    public void remember(String key, List<String> manifestDigests) {
        remember(key, manifestDigests, List.of());
    }

    /** As {@link #remember(String, List)}, with what the first manifest's layers hold, in manifest order. */
    public void remember(String key, List<String> manifestDigests, List<LayerNote> layers) {
        known.remove(key);
        if (!KEY.matcher(key).matches()) {
            return;
        }
        Optional<List<Digest>> used = blobsOf(read(manifestDigests).orElse(List.of()));
        if (used.isEmpty() || manifestDigests.isEmpty()) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("key", key);
        ArrayNode manifests = root.putArray("manifests");
        manifestDigests.forEach(manifests::add);
        ArrayNode list = root.putArray("blobs");
        used.get().forEach(d -> list.add(d.toString()));
        if (!layers.isEmpty()) {
            ArrayNode notes = root.putArray("layers");
            for (LayerNote n : layers) {
                ObjectNode o = notes.addObject();
                o.put("digest", n.digest());
                n.paths().forEach(o.putArray("paths")::add);
                o.put("description", n.description());
            }
        }
        try {
            write(KEY_PREFIX + key + ".json", root);
        } catch (IOException e) {
            // only costs a build next time
        }
    }

    /** The manifests remembered under {@code key}, in the order they were remembered, while all their blobs are cached. */
    public Optional<List<Manifest>> recall(String key) {
        return recall(key, digest -> { });
    }

    /**
     * The layer notes remembered under {@code key} with its manifests (see {@link #recall}), in the
     * first manifest's layer order; empty when not remembered, a blob is gone, or the record has none.
     */
    public Optional<List<LayerNote>> recallLayers(String key) {
        if (recall(key).isEmpty()) {
            return Optional.empty();
        }
        Known k = known.get(key);
        return k == null || k.layers().isEmpty() ? Optional.empty() : Optional.of(k.layers());
    }

    /** Like {@link #recall(String)}, telling {@code corrupt} the digest of a blob found corrupt (and deleted). */
    public Optional<List<Manifest>> recall(String key, Consumer<String> corrupt) {
        Known k = known.get(key);
        if (k == null || System.nanoTime() - k.checkedAt() >= RECHECK_NANOS) {
            k = check(key, k, corrupt);
            if (k == null) {
                known.remove(key);
                return Optional.empty();
            }
            known.put(key, k);
        }
        return Optional.of(k.manifests());
    }

    private Known check(String key, Known before, Consumer<String> corrupt) {
        if (before == null) {
            if (!KEY.matcher(key).matches()) {
                return null;
            }
            try {
                JsonNode root = JSON.readTree(dir.resolve(KEY_PREFIX + key + ".json").toFile());
                List<String> digests = new ArrayList<>();
                root.path("manifests").forEach(m -> digests.add(m.asText()));
                Optional<List<Manifest>> manifests = read(digests);
                Optional<List<Digest>> used = manifests.flatMap(ImageRecords::blobsOf);
                if (digests.isEmpty() || used.isEmpty()) {
                    return null;
                }
                List<LayerNote> notes = new ArrayList<>();
                for (JsonNode n : root.path("layers")) {
                    List<String> paths = new ArrayList<>();
                    n.path("paths").forEach(p -> paths.add(p.asText()));
                    notes.add(new LayerNote(n.path("digest").asText(), paths, n.path("description").asText("")));
                }
                before = new Known(manifests.get(), used.get(), notes, 0);
            } catch (IOException | RuntimeException e) {
                return null; // missing or damaged: not remembered
            }
        }
        for (Digest d : before.blobs()) {
            boolean present = blobs.contains(d);
            if (!blobs.verify(d, -1)) {
                if (present) {
                    corrupt.accept(d.toString());
                }
                return null;
            }
        }
        return new Known(before.manifests(), before.blobs(), before.layers(), System.nanoTime());
    }

    /** Forgets, until their next check, the remembered images that use this blob (it was found missing or corrupt). */
    public void forgetBlob(String digest) {
        known.values().removeIf(k -> k.blobs().stream().anyMatch(d -> d.toString().equals(digest)));
    }

    /** The manifests' bytes from the blob store; empty if one is missing. */
    private Optional<List<Manifest>> read(List<String> digests) {
        List<Manifest> out = new ArrayList<>();
        for (String digest : digests) {
            try {
                Digest d = Digest.parse(digest);
                if (!blobs.verify(d, -1)) {
                    return Optional.empty();
                }
                out.add(new Manifest(digest, Files.readAllBytes(blobs.path(d))));
            } catch (IOException | StrataException e) {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    /** The manifests and every config and layer they name; empty if a manifest is not one. */
    private static Optional<List<Digest>> blobsOf(List<Manifest> manifests) {
        Set<Digest> out = new LinkedHashSet<>();
        try {
            for (Manifest m : manifests) {
                out.add(Digest.parse(m.digest()));
                JsonNode j = JSON.readTree(m.bytes());
                out.add(Digest.parse(j.path("config").path("digest").asText()));
                for (JsonNode l : j.path("layers")) {
                    out.add(Digest.parse(l.path("digest").asText()));
                }
            }
        } catch (IOException | StrataException e) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(out));
    }

    /** The blobs of records written at or after {@code since}: images built, and images remembered. */
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

    /** Forgets records written before {@code before}; returns how many. */
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
        known.clear();
        return n[0];
    }

    private void write(String name, ObjectNode root) throws IOException {
        AtomicFile.write(dir.resolve(name), JSON.writeValueAsBytes(root), AtomicFile.Durability.CACHE);
    }

    private interface Visitor {
        void visit(Path file, Instant modified);
    }

    private void forEach(Visitor v) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        // Every file but the hidden partials being written (AtomicFile): also the plain-text key files
        // of Strata before these records were merged, which only age out.
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> !p.getFileName().toString().startsWith(".")
                && Files.isRegularFile(p))) {
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
