package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Composer;
import dev.strata.image.BlobStore;
import dev.strata.nix.TestNix;
import dev.strata.testing.Requirements;
import dev.strata.testing.TestImages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Warm builds without work: an OCI layout's blobs are hard links of the cache's read-only blobs
 * (copies across file systems), which every tool reads as before; writing into such a file cannot
 * change what the cache gives the next build; and an immutable source (a git commit) built before
 * is saved from the cache without running Nix.
 */
class WarmOutputTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String NAME = "demo/greeter:1";

    @TempDir
    Path work;

    private Path cache() {
        return work.resolve("cache");
    }

    private CliRunner build(Composer composer, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> argv = new ArrayList<>(List.of("build"));
        argv.addAll(List.of(args));
        CommandLine cl = StrataCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                TestCommands.supplying(new BuildCommand(BuildCommand.BY_RECIPE, composer)));
        int exit = cl.execute(argv.toArray(String[]::new));
        CliRunner r = new CliRunner(exit, out.toString(), err.toString());
        assertEquals(0, exit, r.err());
        return r;
    }

    private static long inode(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
    }

    private static int links(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:nlink");
    }

    /** The layer digests of the layout's image, from its manifest. */
    private static List<String> layers(Path layout) throws IOException {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        String manifest = index.path("manifests").get(0).path("digest").asText();
        JsonNode m = JSON.readTree(blob(layout, manifest).toFile());
        List<String> out = new ArrayList<>();
        m.path("layers").forEach(l -> out.add(l.path("digest").asText()));
        return out;
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
    }

    /** Every blob file of a layout hashes to its name. */
    private static void assertBlobsIntact(Path layout) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.resolve("blobs/sha256"))) {
            for (Path p : ds) {
                assertEquals(p.getFileName().toString(), BlobStore.hash(p).hex(), "blob " + p + " holds its digest");
            }
        }
    }

    private static void validate(Path layout, Path bundle) {
        TestImages.run("oci-image-tool", "validate", "--type", "image", "--ref", "name=" + NAME, layout.toString())
                .ok("oci-image-tool validate");
        TestImages.run("umoci", "unpack", "--rootless", "--image", layout + ":" + NAME, bundle.toString())
                .ok("umoci unpack");
        TestImages.run("skopeo", "inspect", "oci:" + layout + ":" + NAME).ok("skopeo inspect");
    }

    @Test
    void layoutBlobsAreLinksOfTheCacheEqualToACopyAndReadByEveryTool() throws Exception {
        Requirements.require("umoci", "oci-image-tool", "skopeo");
        Composer composer = TestImages.composer(cache());
        String source = "path:" + TestImages.set();
        JsonNode linked = JSON.readTree(build(composer, "--source", source, "greeter", "-o", work.resolve("a").toString(),
                "-t", NAME, "--json").out());
        Path a = work.resolve("a");
        BlobStore store = BlobStore.in(cache());
        for (String layer : layers(a)) {
            Path cached = store.path(dev.strata.image.Digest.parse(layer));
            assertEquals(inode(cached), inode(blob(a, layer)), "layer " + layer + " is the cache's file, not a copy");
            assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(blob(a, layer))));
        }
        validate(a, work.resolve("bundle-a"));
        assertBlobsIntact(a);

        // Another file system (tmpfs) cannot hold a link: the blobs are copied, and the image is the same.
        Path shm = Path.of("/dev/shm");
        Requirements.need(Files.isDirectory(shm) && !Files.getFileStore(shm).equals(Files.getFileStore(work)),
                "/dev/shm on another file system than the test's directory");
        Path other = Files.createTempDirectory(shm, "strata-warm-");
        try {
            Path b = other.resolve("b");
            JsonNode copied = JSON.readTree(build(composer, "--source", source, "greeter", "-o", b.toString(), "-t", NAME,
                    "--json").out());
            assertEquals(linked.path("manifestDigest"), copied.path("manifestDigest"));
            assertEquals(linked.path("layers"), copied.path("layers"));
            for (String layer : layers(b)) {
                assertEquals(1, links(blob(b, layer)), "a copy across file systems");
            }
            assertEquals(Files.readString(a.resolve("index.json")), Files.readString(b.resolve("index.json")));
            validate(b, work.resolve("bundle-b"));
            assertEquals(0, TestImages.run("diff", "-r", work.resolve("bundle-a/rootfs").toString(),
                    work.resolve("bundle-b/rootfs").toString()).exit(), "the same files unpacked");
        } finally {
            TestImages.run("rm", "-rf", "--", other.toString());
        }
    }

    /** Overwrites the first bytes of a file in place (keeping its size), as a careless tool might. */
    private static void scribble(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            // root writes through the mode anyway
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(0);
            f.write(new byte[] {0x1f, (byte) 0x8b, 0, 0, 'x', 'x', 'x', 'x'});
        }
    }

    /** The largest layer of a layout. */
    private static String largest(Path layout) throws IOException {
        List<String> all = layers(layout);
        return all.stream().max(Comparator.comparingLong(d -> blob(layout, d).toFile().length())).orElseThrow();
    }

    @Test
    void writingIntoAnOutputBlobCannotChangeWhatTheCacheGivesTheNextBuild() throws Exception {
        Composer composer = TestImages.composer(cache());
        String source = "path:" + TestImages.set();
        Path a = work.resolve("a");
        JsonNode first = JSON.readTree(build(composer, "--source", source, "greeter", "-o", a.toString(), "--json").out());
        String layer = largest(a);
        Path cached = BlobStore.in(cache()).path(dev.strata.image.Digest.parse(layer));
        assertEquals(inode(cached), inode(blob(a, layer)));
        scribble(blob(a, layer));
        assertNotEquals(layer.substring(7), BlobStore.hash(blob(a, layer)).hex(), "the output's file was changed");

        Path b = work.resolve("b");
        JsonNode second = JSON.readTree(build(composer, "--source", source, "greeter", "-o", b.toString(), "--json").out());
        assertEquals(first.path("manifestDigest"), second.path("manifestDigest"));
        assertBlobsIntact(b);
        assertEquals(layer.substring(7), BlobStore.hash(cached).hex(), "the cache holds the right bytes again");
        assertNotEquals(inode(blob(a, layer)), inode(cached), "made anew, not the changed file");
    }

    @Test
    void aCommitBuiltBeforeIsSavedFromTheCacheWithoutNixAndRebuiltWhenABlobWasChanged() throws Exception {
        Requirements.require("git", "umoci", "oci-image-tool", "skopeo");
        Path repo = work.resolve("set-repo");
        Files.createDirectories(repo);
        Files.copy(TestImages.set().resolve("default.nix"), repo.resolve("default.nix"));
        TestNix.run(repo, "git", "init", "-q", "-b", "main");
        TestNix.run(repo, "git", "add", "default.nix");
        TestNix.run(repo, "git", "-c", "user.email=test@strata", "-c", "user.name=test", "commit", "-qm", "set");
        String commit = TestNix.run(repo, "git", "rev-parse", "HEAD").strip();
        String source = "git:" + repo + "#" + commit;
        Composer composer = TestImages.composer(cache());

        CliRunner cold = build(composer, "--source", source, "greeter", "-o", work.resolve("a").toString(), "-t", NAME);
        assertFalse(cold.err().contains("without running Nix"), cold.err());
        JsonNode first = JSON.readTree(build(composer, "--source", source, "greeter", "-o",
                work.resolve("a.tar").toString(), "-t", NAME, "--json").out());

        // A fresh composer, as a new process: the image comes from the records in the cache.
        Composer again = TestImages.composer(cache());
        CliRunner warm = build(again, "--source", source, "greeter", "-o", work.resolve("b").toString(), "-t", NAME);
        assertTrue(warm.err().contains("taken from the cache without running Nix"), warm.err());
        assertFalse(warm.err().contains("Building greeter"), warm.err());
        assertTrue(warm.out().contains(first.path("manifestDigest").asText()), warm.out());
        JsonNode json = JSON.readTree(build(again, "--source", source, "greeter", "-o", work.resolve("c").toString(),
                "-t", NAME, "--json").out());
        assertEquals(first.path("manifestDigest"), json.path("manifestDigest"));
        assertEquals(first.path("configDigest"), json.path("configDigest"));
        assertEquals(first.path("layers"), json.path("layers"), "the same layers, diffIDs and store paths");
        Path b = work.resolve("b");
        validate(b, work.resolve("bundle"));
        assertBlobsIntact(b);

        // Changing a linked output blob makes the remembered image invalid: it is built again, the same.
        String layer = largest(b);
        scribble(blob(b, layer));
        Composer third = TestImages.composer(cache());
        CliRunner rebuilt = build(third, "--source", source, "greeter", "-o", work.resolve("d").toString(), "-t", NAME);
        assertFalse(rebuilt.err().contains("without running Nix"), rebuilt.err());
        assertTrue(rebuilt.out().contains(first.path("manifestDigest").asText()), rebuilt.out());
        assertBlobsIntact(work.resolve("d"));
    }
    @Test
    void anImagePreparedForAPushIsTheOneABuildOfTheSameCommitSavesWithoutNix() throws Exception {
        Requirements.require("git");
        Path repo = work.resolve("set-repo");
        Files.createDirectories(repo);
        Files.copy(TestImages.set().resolve("default.nix"), repo.resolve("default.nix"));
        TestNix.run(repo, "git", "init", "-q", "-b", "main");
        TestNix.run(repo, "git", "add", "default.nix");
        TestNix.run(repo, "git", "-c", "user.email=test@strata", "-c", "user.name=test", "commit", "-qm", "set");
        String source = "git:" + repo + "#" + TestNix.run(repo, "git", "rev-parse", "HEAD").strip();
        Composer composer = TestImages.composer(cache());
        var exports = new dev.strata.compose.Exports(composer, new dev.strata.output.registry.PushedBlobIndex(
                work.resolve("index")), new dev.strata.output.registry.CredentialResolver(java.util.Map.of(),
                work.resolve("home")), null);
        var pushable = exports.preparePush(dev.strata.compose.Recipe.of(source, List.of("greeter")),
                dev.strata.compose.ProgressListener.NONE);

        CliRunner warm = build(TestImages.composer(cache()), "--source", source, "greeter", "-o",
                work.resolve("a").toString());
        assertTrue(warm.err().contains("taken from the cache without running Nix"), warm.err());
        assertTrue(warm.out().contains(pushable.manifestDigest()), warm.out());
    }
}
