package dev.strata.cli;

import static dev.strata.testing.Processes.deadPid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.StrataException;
import dev.strata.compose.Composer;
import dev.strata.output.OutputFormat;
import dev.strata.testing.TestImages;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code strata build -o} may write: special files are refused and left alone, every problem
 * with the path is found before Nix runs, {@code -o -} streams the archive to standard output, and
 * {@code --replace} replaces a layout that the default adds to. Issue 11 items 4, 10, 11 and issue 18
 * item 1.
 */
class BuildOutputTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A source that fails as soon as anything looks at it: an error naming it means the check came too late. */
    static final String NO_SOURCE = "path:/nonexistent/strata-source";

    @TempDir
    static Path tmp;

    static Composer composer;

    @BeforeAll
    static void setUp() {
        composer = TestImages.composer(tmp.resolve("cache"));
    }

    static CliRunner strata(String... args) {
        return CliRunner.run(composer, args);
    }

    static String source() {
        return "path:" + TestImages.set();
    }

    /** The file type bits of {@code st_mode} (S_IFMT), without following a link. */
    static int type(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
    }

    static final int FIFO = 0010000;
    static final int CHAR_DEVICE = 0020000;
    static final int SOCKET = 0140000;

    static Path fifo(Path p) {
        TestImages.run("mkfifo", p.toString()).ok("mkfifo");
        return p;
    }

    static Path socket(Path p) throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(p)); // closing the channel leaves the socket file
        }
        return p;
    }

    /** A character device like /dev/null (1, 3) in a scratch directory; mknod needs root. */
    static Path device(Path p) {
        TestImages.run("mknod", p.toString(), "c", "1", "3").ok("mknod (needs root)");
        return p;
    }

    @Test
    void specialFilesAreRefusedBeforeNixRunsAndLeftAsTheyWere() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("special"));
        Map<Path, String> cases = new LinkedHashMap<>();
        cases.put(fifo(dir.resolve("pipe")), "is a named pipe");
        cases.put(socket(dir.resolve("sock")), "is a socket");
        cases.put(device(dir.resolve("null")), "is a character device");
        Path link = Files.createSymbolicLink(dir.resolve("link-to-pipe"), dir.resolve("pipe"));
        cases.put(link, "is a named pipe");
        Map<Path, Integer> before = new LinkedHashMap<>();
        for (Path p : cases.keySet()) {
            before.put(p, type(p));
        }
        for (Map.Entry<Path, String> c : cases.entrySet()) {
            for (String src : List.of(NO_SOURCE, source())) {
                CliRunner r = strata("build", "--source", src, "hello", "-o", c.getKey().toString(), "--format",
                        "oci-archive");
                assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), c.getKey() + ": " + r.err());
                assertTrue(r.err().contains(c.getValue()), c.getKey() + ": " + r.err());
                assertFalse(r.err().contains("nonexistent"), "refused before the source was looked at: " + r.err());
                assertFalse(r.err().contains("Building"), "refused before Nix ran: " + r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
            }
            assertEquals(before.get(c.getKey()), type(c.getKey()), c.getKey() + " is what it was");
        }
        assertEquals(SOCKET, type(dir.resolve("sock")));
        assertEquals(CHAR_DEVICE, type(dir.resolve("null")));
        assertEquals(FIFO, type(dir.resolve("pipe")));
        assertTrue(Files.isSymbolicLink(link));
        try (var s = Files.list(dir)) {
            assertEquals(4, s.count(), "no partial file was left beside them");
        }
    }

    @Test
    void devNullIsRefusedByTheCheckThatRunsBeforeTheBuild() throws IOException {
        // Only the check: the write itself is never tried on the machine's /dev/null.
        StrataException e = Assertions.assertThrows(StrataException.class, () ->
                composer.checkBuild(TestImages.recipe("hello"), OutputFormat.OCI_ARCHIVE, Path.of("/dev/null")));
        assertTrue(e.getMessage().contains("/dev/null is a character device"), e.getMessage());
        assertEquals(CHAR_DEVICE, type(Path.of("/dev/null")));
    }

    @Test
    void aSymlinkToAFileIsJudgedByItsTargetAndTheTargetGetsTheImage() throws IOException {
        Path real = Files.writeString(tmp.resolve("real-target.tar"), "old");
        Path link = Files.createSymbolicLink(tmp.resolve("link.tar"), real);
        CliRunner r = strata("build", "--source", source(), "hello", "-o", link.toString(), "--format", "docker-archive");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        TestImages.run("skopeo", "inspect", "docker-archive:" + real).ok("skopeo reads the link's target");
    }

    @Test
    void pathProblemsAreFoundBeforeNixRuns() throws IOException {
        Path notLayout = Files.createDirectories(tmp.resolve("not-a-layout"));
        Files.writeString(notLayout.resolve("notes.txt"), "mine");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("-o", notLayout.toString()), "exists and is not an OCI layout");
        cases.put(List.of("-o", notLayout.toString(), "--format", "oci-archive"), "is a directory");
        cases.put(List.of("-o", file.toString(), "--format", "oci"), "is a file");
        cases.put(List.of("-o", file.resolve("image.tar").toString()), "is not a directory");
        cases.put(List.of("-o", "-", "--format", "oci"), "standard output");
        cases.put(List.of("-o", tmp.resolve("new-dir") + "/", "--format", "docker-archive"), "names a directory");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of("build", "--source", NO_SOURCE, "hello"));
            args.addAll(c.getKey());
            CliRunner r = strata(args.toArray(String[]::new));
            assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), c.getKey() + ": " + r.err());
            assertTrue(r.err().contains(c.getValue()), c.getKey() + ": " + r.err());
            assertFalse(r.err().contains("nonexistent"), "refused before the source was looked at: " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertEquals("mine", Files.readString(notLayout.resolve("notes.txt")));
        assertEquals("x", Files.readString(file));
    }

    /** Runs the CLI in its own process with a shell command line ({@code $STRATA} is the CLI, {@code $SRC} the source). */
    static TestImages.Run shell(String script) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = script.replace("$STRATA", "\"$JAVA\" -cp \"$CP\" " + TestCli.class.getName());
        return TestImages.run(tmp, List.of("sh", "-c", command), Map.of("JAVA", java, "CP",
                System.getProperty("java.class.path"), "SRC", source(), "STRATA_CACHE_DIR",
                tmp.resolve("process-cache").toString()), 300);
    }

    @Test
    void dashWritesTheArchiveToStandardOutputAndPeopleTextToStandardError() throws IOException {
        Path out = tmp.resolve("from-stdout.tar");
        TestImages.Run r = shell("$STRATA build --source \"$SRC\" hello -o - -t demo/hello:1 > " + out);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("demo/hello:1"), "the result is told on stderr: " + r.err());
        // The default for a stream is the docker-archive, which docker load, skopeo and podman all read.
        JsonNode viaDocker = JSON.readTree(TestImages.run("skopeo", "inspect", "docker-archive:" + out + ":demo/hello:1")
                .ok("skopeo docker-archive").out());
        assertEquals(3, viaDocker.path("Layers").size());
        TestImages.run("skopeo", "inspect", "oci-archive:" + out + ":demo/hello:1").ok("skopeo oci-archive");
        assertFalse(Files.exists(tmp.resolve("-")), "no file named -");

        // Piped straight into a reader, as docker save | docker load would be.
        TestImages.Run piped = shell("$STRATA build --source \"$SRC\" hello -o - --format oci-archive -t demo/hello:2 "
                + "| tar -tf - > " + tmp.resolve("listing.txt"));
        assertEquals(0, piped.exit(), piped.err());
        List<String> names = Files.readAllLines(tmp.resolve("listing.txt"));
        assertEquals(List.of("oci-layout", "index.json"), names.subList(0, 2), "an OCI archive: " + names);
        assertFalse(names.contains("manifest.json"), "--format oci-archive was honoured");

        // --json with -o -: the archive keeps standard output, the result object goes to standard error.
        Path withJson = tmp.resolve("with-json.tar");
        TestImages.Run json = shell("$STRATA build --source \"$SRC\" hello -o - --format oci-archive --json > " + withJson);
        assertEquals(0, json.exit(), json.err());
        JsonNode result = JSON.readTree(json.err());
        assertEquals("-", result.path("output").asText());
        JsonNode inspected = JSON.readTree(TestImages.run("skopeo", "inspect", "oci-archive:" + withJson).ok("skopeo").out());
        assertEquals(result.path("manifestDigest").asText(), inspected.path("Digest").asText());
    }

    static JsonNode index(Path layout) throws IOException {
        return JSON.readTree(layout.resolve("index.json").toFile());
    }

    @Test
    void aLayoutIsAddedToByDefaultAndReplacedWithReplace() throws IOException {
        Path layout = tmp.resolve("shared-layout");
        assertEquals(0, strata("build", "--source", source(), "hello", "-o", layout.toString(), "-t", "demo/a:1").exit());
        CliRunner second = strata("build", "--source", source(), "greeter", "-o", layout.toString(), "-t", "demo/b:1");
        assertEquals(0, second.exit(), second.err());
        assertEquals(2, index(layout).path("manifests").size(), "added beside the first");

        CliRunner replaced = strata("build", "--source", source(), "greeter", "-o", layout.toString(), "-t", "demo/c:1",
                "--replace", "--json");
        assertEquals(0, replaced.exit(), replaced.err());
        JsonNode manifests = index(layout).path("manifests");
        assertEquals(1, manifests.size(), "only the new image");
        assertEquals("demo/c:1", manifests.get(0).path("annotations").path("org.opencontainers.image.ref.name").asText());
        TestImages.run("oci-image-tool", "validate", "--type", "image", layout.toString()).ok("oci-image-tool");
        TestImages.run("skopeo", "inspect", "oci:" + layout + ":demo/c:1").ok("skopeo");
        try (var s = Files.list(layout.resolve("blobs/sha256"))) {
            assertEquals(JSON.readTree(replaced.out()).path("layers").size() + 2, s.count(),
                    "the layers, config and manifest of the one image, nothing of the replaced ones");
        }
        try (var s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".shared-layout")), "nothing left beside it");
        }
    }

    /** This host and boot as Strata names the files it is writing ({@code .NAME.HOST-BOOT-PID-RANDOM.partial}). */
    static String owner(long pid) throws IOException {
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip().replaceAll("[^A-Za-z0-9]", "");
        String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip().replaceAll("[^A-Za-z0-9]", "");
        return host + "-" + boot.substring(0, 12) + "-" + pid;
    }


    @Test
    void aRunRemovesStalePartialFilesOfItsOwnOutputOnly() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("leftovers"));
        Process live = new ProcessBuilder("sleep", "300").start();
        try {
            Path deadWriter = Files.writeString(dir.resolve(".hello.tar." + owner(deadPid()) + "-a1.partial"), "half");
            Path oldLegacy = Files.writeString(dir.resolve(".hello.tar.8141519961302549521.partial"), "half");
            Files.setLastModifiedTime(oldLegacy, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
            Path liveWriter = Files.writeString(dir.resolve(".hello.tar." + owner(live.pid()) + "-b2.partial"), "half");
            Path otherOutput = Files.writeString(dir.resolve(".other.tar." + owner(deadPid()) + "-c3.partial"), "half");
            Path freshLegacy = Files.writeString(dir.resolve(".hello.tar.123.partial"), "half");

            CliRunner r = strata("build", "--source", source(), "hello", "-o", dir.resolve("hello.tar").toString());
            assertEquals(0, r.exit(), r.err());
            assertFalse(Files.exists(deadWriter), "its writer is gone");
            assertFalse(Files.exists(oldLegacy), "older than an hour, and named by the old scheme");
            assertTrue(Files.exists(liveWriter), "its writer still runs");
            assertTrue(Files.exists(otherOutput), "another output's");
            assertTrue(Files.exists(freshLegacy), "recent, and its writer cannot be told");
        } finally {
            live.destroy();
            live.waitFor();
        }
    }
}
