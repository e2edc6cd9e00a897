package dev.strata;

import static dev.strata.testing.Processes.deadPid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way Strata writes files: whole or not at all, nothing left behind, leftovers told apart by their writer. */
class AtomicFileTest {
    @TempDir
    Path tmp;

    List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static String owner(long pid) {
        Owner me = Owner.current();
        return new Owner(me.host(), me.boot(), pid).tag();
    }


    @Test
    void aFileIsWrittenBesideItsTargetUnderItsWritersNameAndRenamedWhenComplete() throws IOException {
        Path target = Files.writeString(tmp.resolve("image.tar"), "old");
        try (AtomicFile f = AtomicFile.file(target, AtomicFile.Durability.DURABLE)) {
            f.stream().write("new".getBytes(StandardCharsets.UTF_8));
            assertEquals(tmp, f.path().getParent());
            String name = f.path().getFileName().toString();
            assertTrue(name.startsWith(".image.tar." + Owner.current().tag() + "-") && name.endsWith(".partial"), name);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path())));
            assertEquals("old", Files.readString(target), "readers see the old content meanwhile");
            f.commit();
        }
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("image.tar"), names());
    }

    @Test
    void aFailedOrInterruptedWriteLeavesTheTargetAsItWasAndNothingBeside() throws Exception {
        Path target = Files.writeString(tmp.resolve("recipe.json"), "old");
        assertThrows(IllegalStateException.class, () -> {
            try (AtomicFile f = AtomicFile.file(target, AtomicFile.Durability.CACHE)) {
                f.stream().write("half".getBytes(StandardCharsets.UTF_8));
                throw new IllegalStateException("the writer failed");
            }
        });
        Thread.currentThread().interrupt();
        try {
            // Interrupted before the commit (InterruptedIOException) or already while writing (ClosedByInterruptException).
            assertThrows(IOException.class, () -> AtomicFile.write(target, "complete", AtomicFile.Durability.CACHE));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt stays set for the caller");
        }
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("recipe.json"), names());
    }

    @Test
    void aFullDirectoryIsReplacedAndTheOldOneRemoved() throws IOException {
        Path layout = Files.createDirectories(tmp.resolve("layout/blobs/sha256")).getParent().getParent();
        Files.writeString(layout.resolve("blobs/sha256/old"), "old blob");
        try (AtomicFile dir = AtomicFile.directory(layout, AtomicFile.Durability.DURABLE)) {
            Files.writeString(dir.path().resolve("index.json"), "{}");
            dir.commitReplacing();
        }
        try (Stream<Path> s = Files.list(layout)) {
            assertEquals(List.of("index.json"), s.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(List.of("layout"), names());
    }

    @Test
    void aLongNameIsCutSoThatThePartialsNameFits() throws IOException {
        String name = "ü".repeat(120) + ".tar"; // 244 bytes of UTF-8
        try (AtomicFile f = AtomicFile.file(tmp.resolve(name), AtomicFile.Durability.CACHE)) {
            assertTrue(f.path().getFileName().toString().getBytes(StandardCharsets.UTF_8).length <= 255);
            f.stream().write(1);
            f.commit();
        }
        assertEquals(List.of(name), names());
    }

    @Test
    void staleLeftoversOfATargetAreRemovedAndLiveOnesKept() throws Exception {
        Process live = new ProcessBuilder("sleep", "300").start();
        try (AtomicFile mine = AtomicFile.file(tmp.resolve("out.tar"), AtomicFile.Durability.CACHE)) {
            Path dead = Files.writeString(tmp.resolve(".out.tar." + owner(deadPid()) + "-1.partial"), "x");
            Path running = Files.writeString(tmp.resolve(".out.tar." + owner(live.pid()) + "-2.partial"), "x");
            Path earlierBoot = Files.writeString(tmp.resolve(".out.tar." + Owner.current().host() + "-0ldb00t00000-"
                    + live.pid() + "-3.partial"), "x");
            Path otherHost = Files.writeString(tmp.resolve(".out.tar.elsewhere-0ldb00t00000-1-4.partial"), "x");
            Path otherHostOld = old(Files.writeString(tmp.resolve(".out.tar.elsewhere-0ldb00t00000-1-5.partial"), "x"));
            Path legacyOld = old(Files.createDirectories(tmp.resolve(".out.tar.partial-4171")));
            Path legacyFresh = Files.writeString(tmp.resolve(".out.tar.99.partial"), "x");
            Path otherTarget = Files.writeString(tmp.resolve(".out.tar.gz." + owner(deadPid()) + "-6.partial"), "x");

            assertEquals(4, AtomicFile.removeStale(tmp.resolve("out.tar")));
            for (Path gone : List.of(dead, earlierBoot, otherHostOld, legacyOld)) {
                assertFalse(Files.exists(gone), gone.toString());
            }
            for (Path kept : List.of(mine.path(), running, otherHost, legacyFresh, otherTarget)) {
                assertTrue(Files.exists(kept), kept.toString());
            }
        } finally {
            live.destroy();
            live.waitFor();
        }
    }

    static Path old(Path p) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        return p;
    }

    @Test
    void partialsBelowADirectoryAreFoundWithoutEnteringSkippedOrPartialDirectories() throws Exception {
        Path cache = tmp.resolve("cache");
        Path blob = Files.writeString(Files.createDirectories(cache.resolve("blobs/tmp"))
                .resolve(".blob." + owner(deadPid()) + "-1.partial"), "x");
        Path entry = Files.writeString(Files.createDirectories(cache.resolve("layers")).resolve(".entry-7.partial"), "x");
        Path extract = Files.createDirectories(cache.resolve("nix/.extract-123/inner.partial"));
        Files.writeString(Files.createDirectories(cache.resolve("blobs/sha256")).resolve("x.partial"), "x");
        List<Path> found = AtomicFile.partialsBelow(cache, 3, Set.of("sha256")).stream().map(AtomicFile.Partial::path).toList();
        assertEquals(List.of(blob, entry, extract.getParent()).stream().sorted().toList(), found);
    }

    @Test
    void theShutdownHookRemovesWhatThisJvmIsWritingAndNothingElse() throws IOException {
        int before = AtomicFile.live();
        AtomicFile file = AtomicFile.file(tmp.resolve("image.tar"), AtomicFile.Durability.CACHE);
        file.stream().write("half".getBytes(StandardCharsets.UTF_8));
        AtomicFile dir = AtomicFile.directory(tmp.resolve("layout"), AtomicFile.Durability.CACHE);
        Files.createDirectories(dir.path().resolve("blobs/sha256"));
        Files.writeString(dir.path().resolve("blobs/sha256/abc"), "blob");
        AtomicFile.write(tmp.resolve("done.tar"), "whole", AtomicFile.Durability.CACHE);
        assertEquals(before + 2, AtomicFile.live());

        AtomicFile.removeAll();
        assertFalse(Files.exists(file.path()));
        assertFalse(Files.exists(dir.path()));
        assertEquals(List.of("done.tar"), names(), "a finished file is not touched");
        assertEquals(0, AtomicFile.live());
    }
}
