package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.output.fixtures.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A misspelt package, with real Nix on the demo package set: every command that builds says that
 * the source was resolved (work that happened, said at once because a git clone can take minutes)
 * and then the error, nothing else. No "Building helo ..." line announces a build that never starts.
 */
class UnknownPackageCliTest {
    static final String REFUSAL = "strata: unknown package 'helo' (did you mean hello?) in the embedded demo "
            + "package set; find names with: ./strata search NAME";
    static final String RESOLVING = "Resolving the embedded demo package set ...";

    @TempDir
    static Path dir;

    /** A real registry for push: it is contacted while the image is built, so it must answer. */
    static LocalRegistry registry;

    @BeforeAll
    static void useTemporaryCache() throws Exception {
        System.setProperty("strata.cacheDir", dir.resolve("cache").toString());
        registry = LocalRegistry.start(dir.resolve("registry"));
    }

    @AfterAll
    static void restore() {
        System.clearProperty("strata.cacheDir");
        if (registry != null) {
            registry.close();
        }
    }

    /** The command's arguments for the packages {@code helo} (misspelt) and, for two names, hello. */
    static List<String> args(String command, String... packages) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(List.of(packages));
        switch (command) {
            case "build" -> a.addAll(List.of("-o", dir.resolve("x.tar").toString()));
            case "push" -> a.addAll(List.of(registry.address() + "/tools/helo:1", "--insecure"));
            case "load" -> a.addAll(List.of("--docker-host", "tcp://127.0.0.1:1"));
            case "sbom" -> a.addAll(List.of("-o", dir.resolve("x.spdx.json").toString()));
            default -> { }
        }
        a.addAll(List.of("--source", "demo"));
        return a;
    }

    @ParameterizedTest(name = "{0} helo")
    @ValueSource(strings = {"build", "push", "load", "plan", "sbom"})
    void anUnknownPackageIsRefusedBeforeAnyBuildIsAnnounced(String command) throws Exception {
        CliRunner r = CliRunner.run(args(command, "helo").toArray(String[]::new));
        assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), r.err());
        assertFalse(r.err().contains("Building"), "no build announced: " + r.err());
        // push warns first that --insecure sends in plain HTTP, as the test registry needs: that warning is asked for
        // Resolving the source is work that happened (a git clone can take minutes, so it is said at once); after it, the refusal alone.
        // (indented lines are the details of a step: here the source that was resolved)
        List<String> said = r.err().lines().filter(l -> !l.startsWith("strata: warning: --insecure"))
                .filter(l -> !l.startsWith("  ")).toList();
        assertEquals(List.of(RESOLVING, REFUSAL), said, "the source resolved, then the error alone");
        assertEquals("", r.out());
        assertFalse(Files.exists(dir.resolve("x.tar")), "nothing written");
        assertEquals(Set.of(), registry.storedBlobs(), "nothing pushed");
    }

    /** A known name next to the unknown one changes nothing: the build is announced only when all are found. */
    @Test
    void aKnownPackageBesideTheUnknownOneIsNotAnnouncedEither() {
        CliRunner r = CliRunner.run(args("build", "hello", "helo").toArray(String[]::new));
        assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), r.err());
        assertEquals(List.of(RESOLVING, REFUSAL), r.err().lines().filter(l -> !l.startsWith("  ")).toList());
    }

    /** The announcement still comes, after the names are found, before Nix builds. */
    @Test
    void aKnownPackageIsAnnouncedBeforeItIsBuilt() {
        CliRunner r = CliRunner.run(args("plan", "hello").toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.contains(RESOLVING), r.err());
        int building = lines.indexOf("Building hello ...");
        assertTrue(building > lines.indexOf(RESOLVING), r.err());
        assertTrue(lines.stream().skip(building).anyMatch(l -> l.contains("store paths")), r.err());
    }
}
