package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.Main;
import dev.strata.compose.Composer;
import dev.strata.testing.TestImages;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs a stranger's test found wrong (December 2026): files that never end, credentials in a
 * reference written without a scheme, and a recipe file name that names no file. Each is one
 * sentence naming the value, a non-zero exit and no secret on screen.
 */
class HostileInputsTest {
    @TempDir
    Path dir;

    /** Strata as a process with a small heap and standard input from {@code stdin}: an unbounded read fails fast. */
    TestImages.Run strata(String stdin, String... args) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "exec \"$JAVA\" -Xmx96m -cp \"$CP\" "
                + Main.class.getName() + " \"$@\" < " + stdin, "strata"));
        argv.addAll(List.of(args));
        return TestImages.run(dir, argv, Map.of("STRATA_CACHE_DIR", dir.resolve("cache").toString(),
                "JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "CP", System.getProperty("java.class.path")), 120);
    }

    static void oneSentence(TestImages.Run r, String mentions) {
        String err = r.err().strip();
        String last = err.lines().reduce((a, b) -> b).orElse("");
        assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), err);
        assertTrue(last.startsWith("strata: ") && last.contains(mentions), last + "\n" + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    }

    @Test
    void aRecipeAPreviousPlanOrCredentialsThatNeverEndAreRefusedNotReadWhole() throws Exception {
        Path closure = Files.writeString(dir.resolve("closure.json"), "[{\"path\":\"/nix/store/"
                + "0jq9lmyg6gclxyhmviafp09g87gcsbnz-app-1\",\"narSize\":100,\"references\":[]}]");
        oneSentence(strata("/dev/null", "plan", "--recipe", "/dev/zero"),
                "/dev/zero is not a Strata recipe: it is not a file and gives more than 4194304 bytes");
        oneSentence(strata("/dev/null", "plan", "--closure", closure.toString(), "--previous", "/dev/zero"),
                "--previous /dev/zero is not a plan");
        TestImages.Run creds = strata("/dev/zero", "push", "hello", "127.0.0.1:1/a:1", "--creds-stdin");
        oneSentence(creds, "--creds-stdin read more than 65536 bytes without a line end");
        assertFalse(creds.err().contains("Building"), "refused before any build: " + creds.err());
    }

    /**
     * A named pipe nobody writes to blocks open(2) for ever: a shared recipe (a tarball can carry a
     * FIFO beside it) or a typed path used to hang plan/build/inspect with no deadline. Now each file
     * Strata reads is a sentence after InputFiles' deadline, an archive that is no regular file at
     * once, and a pipe that has a writer (a shell's process substitution) is still read.
     */
    @Test
    void namedPipesThatNobodyWritesToAreASentenceNotAHang() throws Exception {
        Path closure = Files.writeString(dir.resolve("closure.json"), "[{\"path\":\"/nix/store/"
                + "0jq9lmyg6gclxyhmviafp09g87gcsbnz-app-1\",\"narSize\":100,\"references\":[]}]");
        Path pipe = dir.resolve("pipe");
        TestImages.run("mkfifo", pipe.toString()).ok("mkfifo");
        String waited = " is a named pipe (FIFO) that no program opened for writing within 5 s";
        Path recipe = Files.writeString(dir.resolve("r.json"), "{\"version\": 5, \"packages\": [\"hello\"], "
                + "\"from\": \"oci-archive:pipe\"}");
        oneSentence(strata("/dev/null", "plan", "--recipe", pipe.toString()), "the recipe " + pipe + waited);
        oneSentence(strata("/dev/null", "plan", "--closure", pipe.toString()), "the closure file " + pipe + waited);
        oneSentence(strata("/dev/null", "plan", "--closure", closure.toString(), "--popularity", pipe.toString()),
                "the popularity file " + pipe + waited);
        oneSentence(strata("/dev/null", "plan", "--closure", closure.toString(), "--previous", pipe.toString()),
                "--previous " + pipe + waited);
        for (String image : List.of("oci-archive:" + pipe, "docker-archive:" + pipe)) {
            oneSentence(strata("/dev/null", "inspect", image), image + ": " + pipe + " is not a regular file");
        }
        TestImages.Run fromPipe = strata("/dev/null", "build", "--recipe", recipe.toString(), "-o",
                dir.resolve("x.tar").toString());
        oneSentence(fromPipe, pipe + " is not a regular file");
        assertFalse(fromPipe.err().contains("Building"), "refused before the build: " + fromPipe.err());

        Thread writer = new Thread(() -> {
            try (var out = Files.newOutputStream(pipe)) { // blocks until Strata opens the pipe to read
                out.write(Files.readAllBytes(closure));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.setDaemon(true);
        writer.start();
        TestImages.Run written = strata("/dev/null", "plan", "--closure", pipe.toString(), "--json");
        assertEquals(0, written.exit(), written.err());
        assertTrue(written.out().contains("0jq9lmyg6gclxyhmviafp09g87gcsbnz-app-1"), written.out());
    }

    /**
     * A strategy nobody has was refused only by the layering step, after the source was resolved and
     * Nix had evaluated and built the packages (and the message did not say it came from the
     * recipe). A source that does not exist proves the order: its error used to come first.
     */
    @Test
    void anUnknownStrategyInARecipeOrOptionIsRefusedBeforeTheSourceIsTouched() throws Exception {
        String missingSet = "path:" + dir.resolve("no-such-set");
        Path recipe = Files.writeString(dir.resolve("s.json"), "{\"version\": 5, \"source\": \"" + missingSet
                + "\", \"packages\": [\"hello\"], \"strategy\": \"--evil\"}");
        CliRunner fromFile = CliRunner.run("plan", "--recipe", recipe.toString());
        assertEquals(StrataCli.EXIT_USER_ERROR, fromFile.exit(), fromFile.err());
        assertEquals("strata: " + recipe + ": the recipe's strategy names an unknown layering strategy '--evil'; choose "
                + "one of strata, nixery, popularity, size (default strata)", fromFile.err().strip());
        CliRunner typed = CliRunner.run("plan", "hello", "--source", missingSet, "--strategy", "bogus");
        assertEquals(StrataCli.EXIT_USER_ERROR, typed.exit(), typed.err());
        assertEquals("strata: --strategy names an unknown layering strategy 'bogus'; choose one of strata, nixery, "
                + "popularity, size (default strata)", typed.err().strip());
    }

    /**
     * A recipe may name any readable file as its popularity data or previous plan, and a build log
     * (CI's, often public) shows the error: Jackson's message quoted the file's first token, so a
     * token file's secret was printed ("Unrecognized token 'ghp_...'"). Now only where the text
     * stops being JSON is said.
     */
    @Test
    void aFileThatIsNotJsonIsNeverQuotedInTheError() throws Exception {
        String secret = "ghp_S3cretT0kenThatMustNotBePrinted0123";
        Path token = Files.writeString(dir.resolve("token"), secret + "\n");
        Path closure = Files.writeString(dir.resolve("closure.json"), "[{\"path\":\"/nix/store/"
                + "0jq9lmyg6gclxyhmviafp09g87gcsbnz-app-1\",\"narSize\":100,\"references\":[]}]");
        CliRunner popularity = CliRunner.run("plan", "--closure", closure.toString(), "--popularity", token.toString());
        assertEquals(StrataCli.EXIT_USER_ERROR, popularity.exit(), popularity.err());
        assertTrue(popularity.err().contains("the popularity file " + token + " is not popularity data: it is not "
                + "valid JSON at line 1, column "), popularity.err());
        CliRunner previous = CliRunner.run("plan", "--closure", closure.toString(), "--previous", token.toString());
        assertEquals(StrataCli.EXIT_USER_ERROR, previous.exit(), previous.err());
        assertTrue(previous.err().contains("--previous " + token + " is not a plan: it is not valid JSON at line 1, "
                + "column "), previous.err());
        for (CliRunner r : List.of(popularity, previous)) {
            assertFalse(r.err().contains("S3cret") || r.out().contains("S3cret"), r.err());
        }
    }

    /** A recipe of many made-up names: the error names ten of them and counts the rest, on one short line. */
    @Test
    void manyUnknownPackagesAreCountedNotAllListed() throws Exception {
        StringBuilder names = new StringBuilder("\"hello\"");
        for (int i = 0; i < 30; i++) {
            names.append(", \"nosuch").append(i).append('"');
        }
        Path recipe = Files.writeString(dir.resolve("many.json"), "{\"version\": 5, \"source\": \"path:"
                + TestImages.set() + "\", \"packages\": [" + names + "]}");
        CliRunner r = CliRunner.run(TestImages.composer(dir.resolve("cache")), "plan", "--recipe", recipe.toString());
        assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("strata: unknown packages 'nosuch0'") && last.contains("'nosuch9'")
                && last.contains(", and 20 more in ") && !last.contains("'nosuch10'"), last);
    }

    @Test
    void aReferenceWithUserAndPasswordBeforeTheHostNeverPrintsThePassword() {
        for (String ref : List.of("user:s3cret@127.0.0.1:5000/a:1", "user:s3cret@127.0.0.1:5000")) {
            CliRunner push = CliRunner.run("push", "hello", ref);
            assertEquals(StrataCli.EXIT_USER_ERROR, push.exit(), push.err());
            assertFalse(push.err().contains("s3cret") || push.err().contains("user:"), push.err());
            assertTrue(push.err().contains("'***@127.0.0.1:5000") && push.err().contains("holds credentials")
                    && push.err().contains("--creds"), push.err());
        }
        CliRunner inspect = CliRunner.run("inspect", "user:s3cret@127.0.0.1:1/base:1", "--insecure");
        assertEquals(StrataCli.EXIT_USER_ERROR, inspect.exit(), inspect.err());
        assertFalse(inspect.err().contains("s3cret"), "not even on the progress line: " + inspect.err());
        CliRunner noSlash = CliRunner.run("inspect", "user:s3cret@127.0.0.1");
        assertEquals(StrataCli.EXIT_USER_ERROR, noSlash.exit(), noSlash.err());
        assertFalse(noSlash.err().contains("s3cret"), noSlash.err());
    }

    @Test
    void anOutputPathWithANewlineIsSavedThereAndShownOnOneLine() throws Exception {
        Path out = Files.createDirectories(dir.resolve("new\nline")).resolve("x.tar");
        CliRunner r = CliRunner.run(TestImages.composer(dir.resolve("cache")), "build", "hello", "--source",
                "path:" + TestImages.set(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(out));
        String shown = out.toString().replace("\n", "\\u000a");
        assertTrue(r.out().contains("saved to " + shown + "\n"), r.out());
        assertTrue(r.err().contains("to " + shown + " ...") && r.err().contains("saved " + shown), r.err());
        assertFalse(r.out().lines().anyMatch(l -> l.startsWith("line")) || r.err().lines().anyMatch(l -> l.startsWith("line")),
                "no message is broken in two: " + r.out() + r.err());
    }

    @Test
    void aDockerArchiveIsInspectedWithItsImageIdNotAManifestThatIsItsConfig() throws Exception {
        Path archive = dir.resolve("hello-docker.tar");
        Composer composer = TestImages.composer(dir.resolve("cache"));
        assertEquals(0, CliRunner.run(composer, "build", "hello", "--source", "path:" + TestImages.set(), "--format",
                "docker-archive", "-o", archive.toString()).exit());
        CliRunner r = CliRunner.run(composer, "inspect", "docker-archive:" + archive);
        assertEquals(0, r.exit(), r.err());
        String config = r.out().lines().filter(l -> l.startsWith("  config   ")).findFirst().orElseThrow().substring(11);
        assertTrue(r.out().contains("  image ID " + config + " (no manifest: a docker-archive or daemon image is known "
                + "by its config)"), r.out());
        assertFalse(r.out().contains("  manifest " + config), r.out());
        CliRunner oci = CliRunner.run(composer, "inspect", "oci-archive:" + archive);
        assertTrue(oci.out().contains("  manifest sha256:") && !oci.out().contains("image ID"), "Strata's archive is "
                + "also an OCI archive, whose manifest is its own: " + oci.out());
    }

    @Test
    void pushWithOneArgumentSaysItNeedsPackagesAndATarget() throws Exception {
        CliRunner r = CliRunner.run("push", "hello");
        assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), r.err());
        assertEquals("strata: push takes the packages, then where to push them, and only 'hello' was given; e.g. "
                + "./strata push hello 127.0.0.1:5000/tools/hello:1", r.err().strip());
        Path recipe = Files.writeString(dir.resolve("r.json"), "{\"version\": 5, \"packages\": [\"hello\"]}");
        CliRunner withRecipe = CliRunner.run("push", "--recipe", recipe.toString(), "UPPER/x:1");
        assertTrue(withRecipe.err().contains("repository names must be lower case"), "a recipe gives the packages: "
                + withRecipe.err());
    }

    @Test
    void serveSaysAPullThatWorksForEveryListenAddress() throws Exception {
        assertEquals("on http://127.0.0.1:8080 (e.g. docker pull 127.0.0.1:8080/shell/hello)",
                ServeCommand.where(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080)));
        assertEquals("on every address, port 8080 (e.g. docker pull 127.0.0.1:8080/shell/hello on this machine)",
                ServeCommand.where(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 8080)));
        assertEquals("on every address, port 8080 (e.g. docker pull 127.0.0.1:8080/shell/hello on this machine)",
                ServeCommand.where(new InetSocketAddress(InetAddress.getByName("::"), 8080)),
                "0.0.0.0 is reported as the IPv6 wildcard 0:0:0:0:0:0:0:0, no address to pull from");
        assertEquals("on http://[0:0:0:0:0:0:0:1]:8080 (e.g. docker pull [0:0:0:0:0:0:0:1]:8080/shell/hello)",
                ServeCommand.where(new InetSocketAddress(InetAddress.getByName("::1"), 8080)));
    }

    @Test
    void aRecipeFileNameThatNamesNoFileIsAMissingRecipeNotAPackageOrImage() throws Exception {
        String missing = dir.resolve("recipe.json").toString();
        String image = "oci:" + Files.createDirectory(dir.resolve("layout"));
        for (String[] args : List.of(new String[] {"sbom", missing, "--format", "cyclonedx"},
                new String[] {"inspect", missing}, new String[] {"diff", image, missing})) {
            CliRunner r = CliRunner.run(args);
            assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), r.err());
            String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
            assertEquals("strata: the recipe " + missing + " does not exist; check the name, or save one from the window",
                    last, String.join(" ", args));
            assertFalse(r.err().contains("Building"), r.err());
        }
    }
}
