package dev.strata.cli;

import static dev.strata.testing.Processes.deadPid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.testing.TestImages;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged cache, damaged as disks and people damage it: a wrong diffID in a layer index entry, a
 * flipped byte in a blob, a truncated blob, stray partial files. {@code cache verify} names what is
 * wrong and exits non-zero, the next build repairs it and says so, and the image it writes passes
 * umoci and oci-image-tool. Issue 11 items 6 and 11.
 */
class CacheRepairTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** How a build tells that it found a damaged cache entry and wrote the layer again. */
    static final String REPAIRED = "warning: repaired the cached layer";

    @TempDir
    Path tmp;

    CliRunner strata(Path cache, String... args) {
        return CliRunner.run(TestImages.composer(cache), args);
    }

    JsonNode build(Path cache, Path layout) throws IOException {
        CliRunner r = strata(cache, "build", "--source", "path:" + TestImages.set(), "greeter", "-o", layout.toString(),
                "-t", "demo/greeter:1", "--json");
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    /** What people see: the human build, its progress lines on stderr. */
    CliRunner buildForPeople(Path cache, Path layout) {
        CliRunner r = strata(cache, "build", "--source", "path:" + TestImages.set(), "greeter", "-o", layout.toString(),
                "-t", "demo/greeter:1");
        assertEquals(0, r.exit(), r.err());
        return r;
    }

    /** umoci unpacks the image (it checks every diffID) and oci-image-tool validates the layout. */
    void verifiersAccept(Path layout) {
        TestImages.run("umoci", "unpack", "--rootless", "--image", layout + ":demo/greeter:1",
                tmp.resolve("bundle-" + System.nanoTime()).toString()).ok("umoci unpack");
        TestImages.run("oci-image-tool", "validate", "--type", "image", "--ref", "name=demo/greeter:1",
                layout.toString()).ok("oci-image-tool validate");
    }

    /** The index entry file of the layer with this digest. */
    static Path entryOf(Path cache, String digest) throws IOException {
        try (var s = Files.list(cache.resolve("layers"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).toList()) {
                if (JSON.readTree(p.toFile()).path("digest").asText().equals(digest)) {
                    return p;
                }
            }
        }
        throw new AssertionError("no index entry for " + digest);
    }

    /** Rewrites the entry's diffID to another well-formed digest, as a stray write or a bad disk block would. */
    static String breakDiffId(Path entry) throws IOException {
        ObjectNode e = (ObjectNode) JSON.readTree(entry.toFile());
        String wrong = "sha256:" + "0123456789abcdef".repeat(4);
        e.put("diffId", wrong);
        Files.write(entry, JSON.writeValueAsBytes(e));
        return wrong;
    }

    @Test
    void aWrongDiffIdInTheIndexIsRepairedOnUseAndNamedByVerify() throws IOException {
        Path cache = tmp.resolve("cache");
        JsonNode first = build(cache, tmp.resolve("first"));
        String greeterLayer = first.path("layers").get(2).path("digest").asText();
        breakDiffId(entryOf(cache, greeterLayer));

        Path second = tmp.resolve("second");
        CliRunner again = buildForPeople(cache, second);
        assertEquals(1, again.err().lines().filter(l -> l.contains(REPAIRED)).count(), "the repair is told: " + again.err());
        assertTrue(again.out().startsWith(first.path("manifestDigest").asText()), "the same image as before: " + again.out());
        verifiersAccept(second);

        // verify checks every entry by decompressing its blob, whatever was noted before.
        String wrong = breakDiffId(entryOf(cache, greeterLayer));
        CliRunner verify = strata(cache, "cache", "verify", "--json");
        assertEquals(1, verify.exit(), verify.out() + verify.err());
        JsonNode report = JSON.readTree(verify.out());
        assertEquals(1, report.path("badIndexEntries").size(), report.toString());
        JsonNode bad = report.path("badIndexEntries").get(0);
        assertEquals(greeterLayer, bad.path("digest").asText());
        assertTrue(bad.path("problem").asText().contains(wrong), bad.toString());
        CliRunner human = strata(cache, "cache", "verify");
        assertEquals(0, human.exit(), "the bad entry was removed: " + human.out() + human.err());
        verifiersAccept(tmp.resolve("first"));
        JsonNode rebuilt = build(cache, tmp.resolve("after-verify"));
        assertEquals(first.path("manifestDigest").asText(), rebuilt.path("manifestDigest").asText());
        verifiersAccept(tmp.resolve("after-verify"));
    }

    @Test
    void aFlippedByteAndATruncatedBlobAreNamedByVerifyAndRepairedByTheNextBuild() throws IOException {
        Path cache = tmp.resolve("cache");
        JsonNode first = build(cache, tmp.resolve("first"));
        List<String> digests = new ArrayList<>();
        first.path("layers").forEach(l -> digests.add(l.path("digest").asText()));
        Path flipped = cache.resolve("blobs/sha256/" + digests.get(0).substring(7));
        Path truncated = cache.resolve("blobs/sha256/" + digests.get(1).substring(7));
        damage(flipped, truncated);

        CliRunner verify = strata(cache, "cache", "verify", "--json");
        assertEquals(1, verify.exit(), verify.out() + verify.err());
        JsonNode corrupt = JSON.readTree(verify.out()).path("corrupt");
        List<String> named = new ArrayList<>();
        corrupt.forEach(c -> named.add(c.asText()));
        assertEquals(List.of(digests.get(0), digests.get(1)).stream().sorted().toList(), named.stream().sorted().toList());

        JsonNode rebuilt = build(cache, tmp.resolve("after-verify"));
        assertEquals(first.path("manifestDigest").asText(), rebuilt.path("manifestDigest").asText());
        verifiersAccept(tmp.resolve("after-verify"));

        // The same damage found by a build instead of by verify.
        damage(flipped, truncated);
        CliRunner again = buildForPeople(cache, tmp.resolve("second"));
        assertEquals(2, again.err().lines().filter(l -> l.contains(REPAIRED)).count(), again.err());
        assertTrue(again.out().startsWith(first.path("manifestDigest").asText()), again.out());
        verifiersAccept(tmp.resolve("second"));
        assertEquals(0, strata(cache, "cache", "verify").exit());
    }

    static void damage(Path flip, Path truncate) throws IOException {
        flip.toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(flip.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x10);
        }
        truncate.toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(truncate.toFile(), "rw")) {
            f.setLength(f.length() - 7);
        }
    }

    /** This host and boot as Strata names the files it is writing ({@code .NAME.HOST-BOOT-PID-RANDOM.partial}). */
    static String owner(long pid) throws IOException {
        return BuildOutputTest.owner(pid);
    }

    @Test
    void verifyReportsPartialFilesAndGcRemovesOnlyThoseWhoseWriterIsGoneOrThatAreOld() throws Exception {
        Path cache = tmp.resolve("cache");
        build(cache, tmp.resolve("first"));
        Process live = new ProcessBuilder("sleep", "300").start();
        try {
            Path deadWriter = Files.writeString(cache.resolve("blobs/tmp/.blob." + owner(deadPid())
                    + "-a1.partial"), "half");
            Path oldLegacy = Files.writeString(cache.resolve("layers/.entry-123.partial"), "{");
            old(oldLegacy);
            Path liveButOld = Files.writeString(cache.resolve("blobs/tmp/.blob." + owner(live.pid()) + "-b2.partial"),
                    "half");
            old(liveButOld);
            Path otherHostFresh = Files.writeString(cache.resolve("images/.x.otherhost-0123456789ab-1-c3.partial"), "{");

            CliRunner verify = strata(cache, "cache", "verify", "--json");
            assertEquals(0, verify.exit(), "partial files are not damage: " + verify.out() + verify.err());
            List<String> reported = new ArrayList<>();
            JSON.readTree(verify.out()).path("partials").forEach(p -> reported.add(p.path("path").asText()));
            assertEquals(List.of(deadWriter, oldLegacy, liveButOld, otherHostFresh).stream().map(Path::toString).sorted()
                    .toList(), reported.stream().sorted().toList());

            CliRunner gc = strata(cache, "cache", "gc", "--json");
            assertEquals(0, gc.exit(), gc.err());
            assertEquals(2, JSON.readTree(gc.out()).path("temporaryFilesRemoved").asInt(), gc.out());
            assertFalse(Files.exists(deadWriter));
            assertFalse(Files.exists(oldLegacy));
            assertTrue(Files.exists(liveButOld), "its writer still runs");
            assertTrue(Files.exists(otherHostFresh), "another host's, and recent");
        } finally {
            live.destroy();
            live.waitFor();
        }
    }

    static void old(Path p) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    }
}
