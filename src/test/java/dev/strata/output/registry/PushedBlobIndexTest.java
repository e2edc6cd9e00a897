package dev.strata.output.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushedBlobIndexTest {
    private static final String D = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;

    @Test
    void remembersRepositoriesPerRegistryMostRecentFirst() {
        PushedBlobIndex index = new PushedBlobIndex(dir);
        index.record("127.0.0.1:5000", "a/one", D);
        index.record("127.0.0.1:5000", "b/two", D);
        index.record("127.0.0.1:5000", "a/one", D);
        index.record("ghcr.io", "x/y", D);

        assertEquals(List.of("a/one", "b/two"), index.repositoriesHolding("127.0.0.1:5000", D));
        assertEquals(Optional.of("b/two"), index.mountSource("127.0.0.1:5000", "a/one", D));
        assertEquals(Optional.of("x/y"), index.mountSource("ghcr.io", "a/one", D));
        assertEquals(Optional.empty(), index.mountSource("ghcr.io", "x/y", D));
        assertTrue(Files.isRegularFile(dir.resolve("127.0.0.1_5000").resolve("ab".repeat(32))));
    }

    @Test
    void persistsAcrossInstancesAndToleratesAMissingDirectory() {
        new PushedBlobIndex(dir.resolve("deep/cache")).record("r:1", "a/b", D);

        assertEquals(List.of("a/b"), new PushedBlobIndex(dir.resolve("deep/cache")).repositoriesHolding("r:1", D));
        assertEquals(List.of(), new PushedBlobIndex(dir.resolve("absent")).repositoriesHolding("r:1", D));
    }
}
