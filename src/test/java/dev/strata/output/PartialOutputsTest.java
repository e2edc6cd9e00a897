package dev.strata.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the shutdown hook removes when the JVM stops in the middle of writing an output. */
class PartialOutputsTest {
    @TempDir
    Path tmp;

    @Test
    void registeredPartialFilesAndDirectoriesAreRemovedAndFinishedOnesForgotten() throws Exception {
        int before = PartialOutputs.live();
        Path file = PartialOutputs.track(Files.writeString(tmp.resolve(".image.tar.1.partial"), "half"));
        Path dir = PartialOutputs.track(Files.createDirectories(tmp.resolve(".layout.partial-1/blobs/sha256")).getParent().getParent());
        Files.writeString(dir.resolve("blobs/sha256/abc"), "blob");
        Path finished = PartialOutputs.track(Files.writeString(tmp.resolve(".done.tar.2.partial"), "whole"));
        Files.move(finished, tmp.resolve("done.tar"));
        PartialOutputs.done(finished);
        assertEquals(before + 2, PartialOutputs.live());

        PartialOutputs.removeAll();
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(dir));
        assertTrue(Files.exists(tmp.resolve("done.tar")), "a finished output is not touched");
        assertEquals(0, PartialOutputs.live());
    }
}
