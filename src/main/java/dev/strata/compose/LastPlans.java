package dev.strata.compose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.AtomicFile;
import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import dev.strata.layering.Layer;
import dev.strata.layering.LayerPlan;
import dev.strata.layering.PreviousPlan;
import dev.strata.source.CacheKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The last plan built per image name, for a builder that is not told its previous build (the
 * registry server): the next build of that name plans against it ({@code --previous}), so a host
 * that pulled the last image pulls only what changed. One file per key in
 * {@code <cache>/last-plans/}, in the JSON shape of {@code strata plan --json} ({@code "layers":
 * [{"paths": [..]}]}), written atomically. The key holds the source, the name and every setting
 * that decides the layers ({@link #key}), so images of different sources or settings never plan
 * against each other. At most {@code limit} names are kept; writing one more forgets the names
 * least recently built or planned against. A file that cannot be read is forgotten, not fatal:
 * the build then plans afresh, as for a name never built.
 */
public final class LastPlans {
    /** Names remembered at most by default: plans are small (a few kB for a server-sized image). */
    public static final int DEFAULT_LIMIT = 256;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final int limit;

    private LastPlans(Path dir, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a memory of at least one plan, not " + limit);
        }
        this.dir = dir;
        this.limit = limit;
    }

    /** The last plans kept in a cache directory, at most {@code limit} names. */
    public static LastPlans in(Path cacheDir, int limit) {
        return new LastPlans(cacheDir.resolve("last-plans"), limit);
    }

    /**
     * The key of an image name: the source as configured (for git, without the ref a tag picks, so
     * every tag of a name shares one memory), the name's packages, and the recipe's settings that
     * decide layers and image bytes ({@link Recipe#imageSettings}).
     */
    public static String key(String sourceSpec, List<String> packages, Recipe settings) {
        List<String> parts = new ArrayList<>(List.of("last-plan-v1", sourceSpec, settings.imageSettings(),
                Integer.toString(packages.size())));
        parts.addAll(packages);
        return CacheKeys.of(parts);
    }

    /**
     * The key of a recipe's builds: its source and roots (packages, expressions), not its other
     * settings: when a user changes the budget or the strategy, the last build of the same packages
     * is still the image hosts hold, and what the new plan costs them is the question.
     */
    public static String key(Recipe recipe) {
        List<String> roots = new ArrayList<>(recipe.packages());
        recipe.expressions().forEach(e -> roots.add("expr:" + e));
        return key("recipe:" + recipe.source(), roots, Recipe.builder().build());
    }

    /** The plan last remembered under {@code key}, named {@code source} in messages and plan JSON. */
    public Optional<PreviousPlan> recall(String key, String source) {
        Path file = dir.resolve(key + SUFFIX);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            PreviousPlan read = PreviousBuilds.local().load(file.toString());
            Files.setLastModifiedTime(file, FileTime.from(Instant.now())); // recently used: kept longer
            return Optional.of(new PreviousPlan(source, read.layers()));
        } catch (StrataException | IOException e) {
            forget(file);
            return Optional.empty();
        }
    }

    /**
     * Remembers {@code plan} as the last of {@code key}, then forgets the oldest names beyond the
     * limit. Best effort: the build it follows has succeeded, so a plan that cannot be written (a
     * full disk) is not remembered and the next build of the name plans afresh.
     */
    public void remember(String key, LayerPlan plan) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode layers = root.putArray("layers");
        for (Layer l : plan.layers()) {
            ArrayNode paths = layers.addObject().putArray("paths");
            l.paths().stream().map(StorePath::path).forEach(paths::add);
        }
        try {
            Files.createDirectories(dir);
            AtomicFile.write(dir.resolve(key + SUFFIX), root.toString(), AtomicFile.Durability.CACHE);
            prune();
        } catch (IOException e) {
            // not remembered: see above
        }
    }

    /** The keys remembered now. */
    public List<String> keys() throws IOException {
        return files().stream().map(f -> f.getFileName().toString()).map(n -> n.substring(0, n.length()
                - SUFFIX.length())).sorted().toList();
    }

    private void prune() throws IOException {
        List<Path> files = new ArrayList<>(files());
        if (files.size() <= limit) {
            return;
        }
        files.sort(Comparator.comparing(LastPlans::modified).thenComparing(Path::toString));
        files.subList(0, files.size() - limit).forEach(LastPlans::forget);
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            // Partials of a write in progress start with a dot and end otherwise.
            return s.filter(f -> !f.getFileName().toString().startsWith(".") && f.toString().endsWith(SUFFIX)).toList();
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0); // gone meanwhile: first to forget
        }
    }

    private static void forget(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left for the next prune
        }
    }
}
