package dev.strata.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Remembers which manifests an image key (see {@link Composer#imageKey}) gave, in memory and in
 * {@code <cache>/images/<key>}, so an image of an immutable source that was built before is found
 * without running Nix: by the registry server on every pull and by {@code strata push} on a
 * re-push. A remembered image counts only while every blob its manifests name is still in the
 * cache; that check is repeated at most every few seconds per image.
 */
public final class ImageMemory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RECHECK_NANOS = 5_000_000_000L;

    private record Entry(List<String> manifests, List<String> blobs, long checkedAt) {}

    /** A remembered manifest: its digest and its bytes. */
    public record Manifest(String digest, byte[] bytes) {}

    private final Composer composer;
    private final Path dir;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Consumer<String> corrupt;

    public ImageMemory(Composer composer) {
        this(composer, digest -> { });
    }

    /** @param corrupt told the digest of every cached blob a check finds corrupt (it is deleted; the image is rebuilt) */
    public ImageMemory(Composer composer, Consumer<String> corrupt) {
        this.composer = composer;
        this.dir = composer.cacheDir().resolve("images");
        this.corrupt = corrupt;
    }

    /** The manifests remembered under {@code key}, in the order they were remembered. */
    public Optional<List<Manifest>> recall(String key) {
        Entry e = entries.get(key);
        if (e == null || System.nanoTime() - e.checkedAt() >= RECHECK_NANOS) {
            e = check(key, e);
            if (e == null) {
                entries.remove(key);
                return Optional.empty();
            }
            entries.put(key, e);
        }
        List<Manifest> out = new ArrayList<>();
        for (String digest : e.manifests()) {
            Optional<byte[]> bytes = read(digest);
            if (bytes.isEmpty()) {
                entries.remove(key);
                return Optional.empty();
            }
            out.add(new Manifest(digest, bytes.get()));
        }
        return Optional.of(out);
    }

    /** Forgets, until their next check, the images that use this blob (it was found missing or corrupt). */
    public void forgetBlob(String digest) {
        entries.values().removeIf(e -> e.blobs().contains(digest));
    }

    /** Remembers the manifests (already in the blob store) of {@code key}. */
    public void remember(String key, List<String> manifestDigests) {
        try {
            AtomicFile.write(dir.resolve(key), String.join("\n", manifestDigests) + "\n", AtomicFile.Durability.CACHE);
        } catch (IOException e) {
            return; // remembering only saves time
        }
        entries.remove(key);
    }

    private Entry check(String key, Entry known) {
        List<String> manifests;
        if (known != null) {
            manifests = known.manifests();
        } else {
            try {
                manifests = Files.readAllLines(dir.resolve(key), StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank()).toList();
            } catch (IOException e) {
                return null;
            }
        }
        List<String> blobs = known != null ? known.blobs() : blobsOf(manifests);
        if (blobs == null || manifests.isEmpty()) {
            return null;
        }
        for (String digest : blobs) {
            if (composer.cachedBlob(digest, corrupt).isEmpty()) {
                return null;
            }
        }
        return new Entry(manifests, blobs, System.nanoTime());
    }

    /** The manifests' digests and every config and layer digest they name; null if one is unreadable. */
    private List<String> blobsOf(List<String> manifests) {
        List<String> out = new ArrayList<>();
        for (String digest : manifests) {
            Optional<byte[]> bytes = read(digest);
            if (bytes.isEmpty()) {
                return null;
            }
            out.add(digest);
            try {
                JsonNode j = JSON.readTree(bytes.get());
                out.add(j.path("config").path("digest").asText());
                j.path("layers").forEach(l -> out.add(l.path("digest").asText()));
            } catch (IOException e) {
                return null;
            }
        }
        return out.stream().distinct().toList();
    }

    private Optional<byte[]> read(String digest) {
        Optional<Path> file = composer.cachedBlob(digest, corrupt);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file.get()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
