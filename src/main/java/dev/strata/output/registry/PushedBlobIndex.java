package dev.strata.output.registry;

import dev.strata.CacheDir;
import dev.strata.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Remembers which repositories of which registry received which blobs, so a push to another
 * repository of the same registry can mount a blob instead of uploading it. One small file per
 * (registry, digest): {@code CACHE/pushed-blobs/127.0.0.1_5000/<hex>} holding repository names, one
 * per line, most recent last; written atomically (temp file + rename). It is only a hint: a mount
 * the registry refuses falls back to an upload, so a stale or lost entry costs time, never
 * correctness.
 */
public final class PushedBlobIndex {
    private final Path root;

    public PushedBlobIndex(Path root) {
        this.root = root;
    }

    /** The index under the user's cache ({@link CacheDir#resolve()}). */
    public static PushedBlobIndex inCache() {
        return new PushedBlobIndex(CacheDir.resolve().resolve("pushed-blobs"));
    }

    /** Repositories of {@code registry} known to hold {@code digest}, most recent first. */
    public List<String> repositoriesHolding(String registry, String digest) {
        Path f = file(registry, digest);
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
            lines.removeIf(String::isBlank);
            Collections.reverse(lines);
            return lines;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return List.of(); // a hint we cannot read is a hint we do without
        }
    }

    /** The most recent other repository holding the blob, if any. */
    public Optional<String> mountSource(String registry, String repository, String digest) {
        return repositoriesHolding(registry, digest).stream().filter(r -> !r.equals(repository)).findFirst();
    }

    /** Records that {@code repository} of {@code registry} now holds {@code digest}. */
    public void record(String registry, String repository, String digest) {
        Path f = file(registry, digest);
        List<String> current = new ArrayList<>(repositoriesHolding(registry, digest));
        Collections.reverse(current);
        Set<String> lines = new LinkedHashSet<>(current);
        lines.remove(repository);
        lines.add(repository);
        try {
            AtomicFile.write(f, String.join("\n", lines) + "\n", AtomicFile.Durability.CACHE);
        } catch (IOException e) {
            // Losing a hint only means a later push uploads instead of mounting.
        }
    }

    private Path file(String registry, String digest) {
        String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest.replace(':', '_');
        return root.resolve(registry.replaceAll("[^A-Za-z0-9.-]", "_")).resolve(hex);
    }
}
