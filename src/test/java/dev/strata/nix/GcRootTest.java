package dev.strata.nix;

import static dev.strata.testing.Processes.deadPid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.Owner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GC-root directories left by processes that died are removed; live ones and other hosts' are kept. */
class GcRootTest {
    @TempDir
    Path base;


    @Test
    void ownerFieldsDecideWhetherARootIsStale() throws Exception {
        String host = Owner.current().host();
        String boot = Owner.current().boot();
        long me = ProcessHandle.current().pid();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        assertFalse(GcRoot.isStale("realise-" + host + "-" + boot + "-" + me + "-123", host, boot), "this process");
        assertFalse(GcRoot.isStale("realise-" + host + "-" + boot + "-" + parent + "-123", host, boot), "a live process");
        assertTrue(GcRoot.isStale("realise-" + host + "-" + boot + "-" + deadPid() + "-123", host, boot), "a dead process");
        assertTrue(GcRoot.isStale("realise-" + host + "-0ldb00t0000-" + me + "-123", host, boot), "an earlier boot");
        assertFalse(GcRoot.isStale("realise-otherhost-0ldb00t0000-1-123", host, boot), "another host's root");
        assertFalse(GcRoot.isStale("realise-123456", host, boot), "the first naming scheme is judged by age");
    }

    @Test
    void creatingARootSweepsTheStaleOnesOfThisHost() throws Exception {
        String host = Owner.current().host();
        String boot = Owner.current().boot();
        Path dead = Files.createDirectories(base.resolve("realise-" + host + "-" + boot + "-" + deadPid() + "-1"));
        Files.createSymbolicLink(dead.resolve("forest"), Path.of("/nix/store/00000000000000000000000000000000-x"));
        Path earlierBoot = Files.createDirectories(base.resolve("realise-" + host + "-0ldb00t0000-1-2"));
        Path otherHost = Files.createDirectories(base.resolve("realise-otherhost-" + boot + "-1-3"));
        Path oldLegacy = Files.createDirectories(base.resolve("realise-4"));
        Files.setLastModifiedTime(oldLegacy, FileTime.from(Instant.now().minus(2, ChronoUnit.DAYS)));
        Path newLegacy = Files.createDirectories(base.resolve("realise-5"));
        try (GcRoot live = GcRoot.create(base)) {
            assertTrue(Files.isDirectory(live.dir()));
            assertTrue(live.dir().getFileName().toString().startsWith("realise-" + host + "-" + boot + "-"
                    + ProcessHandle.current().pid() + "-"), live.dir().toString());
            assertFalse(Files.exists(dead), "the dead process's root is gone");
            assertFalse(Files.exists(earlierBoot), "the earlier boot's root is gone");
            assertFalse(Files.exists(oldLegacy), "an old root of the first scheme is gone");
            assertTrue(Files.exists(otherHost), "another host's root stays");
            assertTrue(Files.exists(newLegacy), "a recent root of the first scheme stays");
            try (GcRoot second = GcRoot.create(base)) {
                assertTrue(Files.exists(live.dir()), "a live root of this very process stays");
            }
        }
        try (var left = Files.list(base)) {
            assertEquals(2, left.count(), "closing removes the root");
        }
    }
}
