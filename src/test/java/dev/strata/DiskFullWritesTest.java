package dev.strata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.compose.Recipe;
import dev.strata.gui.app.Settings;
import dev.strata.image.Compression;
import dev.strata.image.LayerIndex;
import dev.strata.layering.Popularity;
import dev.strata.output.fixtures.Commands;
import dev.strata.testing.Requirements;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers on a full disk (a small tmpfs, filled up; mounting needs root): each fails or gives up,
 * and each leaves the file it was replacing as it was and no temporary file beside it.
 */
class DiskFullWritesTest {
    @TempDir
    Path work;

    Path disk;

    @BeforeEach
    void mount() {
        disk = work.resolve("small-disk");
        try {
            Files.createDirectories(disk);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Commands.Result r = Commands.run(List.of("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk.toString()),
                Map.of(), 20);
        Requirements.need(r.exit() == 0, "mounting a tmpfs needs root: " + r.stderr());
    }

    @AfterEach
    void unmount() {
        Commands.run(List.of("umount", disk.toString()), Map.of(), 20);
    }

    /** Writes a filler file until the disk refuses more. */
    void fill() throws IOException {
        try (OutputStream out = Files.newOutputStream(disk.resolve("filler"))) {
            byte[] page = new byte[4096];
            while (true) {
                out.write(page);
                out.flush();
            }
        } catch (IOException full) {
            // full now
        }
    }

    List<String> listing() throws IOException {
        try (Stream<Path> s = Files.walk(disk)) {
            return s.map(p -> disk.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void everyWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path recipe = disk.resolve("recipe.json");
        Path popularity = disk.resolve("popularity.json");
        Path settings = disk.resolve("gui.json");
        Recipe.of("demo", List.of("hello")).write(recipe);
        Popularity.of(Map.of("hello", 1L)).write(popularity);
        Settings.defaults().save(settings);
        LayerIndex index = LayerIndex.in(disk);
        index.put("k", new LayerIndex.Entry("k", LayerIndex.format(Compression.GZIP), "sha256:" + "0".repeat(64), "sha256:" + "1".repeat(64),
                1, "gzip", "m", List.of()));
        String oldRecipe = Files.readString(recipe);
        String oldPopularity = Files.readString(popularity);
        String oldSettings = Files.readString(settings);
        fill();
        List<String> before = listing();

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            many.add("package" + i);
        }
        assertThrows(StrataException.class, () -> Recipe.of("demo", many).write(recipe));
        Map<String, Long> counts = new HashMap<>();
        many.forEach(p -> counts.put(p, 1L));
        assertThrows(StrataException.class, () -> Popularity.of(counts).write(popularity));
        Settings.defaults().withLastSource("x".repeat(100_000)).save(settings);
        assertThrows(StrataException.class, () -> index.put("k2", new LayerIndex.Entry("k2", LayerIndex.format(Compression.GZIP),
                "sha256:" + "0".repeat(64), "sha256:" + "1".repeat(64), 1, "gzip", "m", many)));

        assertEquals(oldRecipe, Files.readString(recipe));
        assertEquals(oldPopularity, Files.readString(popularity));
        assertEquals(oldSettings, Files.readString(settings));
        assertEquals(before, listing(), "no temporary file is left");
    }
}
