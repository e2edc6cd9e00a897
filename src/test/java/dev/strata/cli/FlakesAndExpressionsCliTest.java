package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.nix.TestFlakes;
import dev.strata.nix.TestNix;
import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.Dockerd;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.serve.PipelineImages;
import dev.strata.serve.RegistryServer;
import dev.strata.testing.StrataProcess;
import dev.strata.testing.TestImages;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flake source and {@code --expr} through every command, as a user runs them: search, plan,
 * build (the image runs in a real dockerd), push (skopeo reads it back), load, serve (dockerd
 * pulls by attribute name), and the bad inputs, each one sentence with exit code 1.
 */
class FlakesAndExpressionsCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOOLS = "buildEnv { name = \"greetings\"; paths = [ greeters.shout ]; }";

    @TempDir
    static Path work;
    static Path repo;
    static String source;

    @BeforeAll
    static void setUp() {
        System.setProperty("strata.cacheDir", work.resolve("cache").toString());
        repo = TestFlakes.repo(work, "packages");
        source = "flake:" + repo;
    }

    @AfterAll
    static void restore() {
        System.clearProperty("strata.cacheDir");
    }

    static CliRunner strata(String... args) {
        return CliRunner.run(args);
    }

    @Test
    void searchListsTheFlakesPackagesAndLegacyPackages() throws Exception {
        CliRunner r = strata("search", "shout", "--source", source, "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode hit = JSON.readTree(r.out()).get(0);
        assertEquals("greeters.shout", hit.path("attrPath").asText());
        assertEquals("Says hello loudly", hit.path("description").asText());
    }

    @Test
    void planNamesAnExpressionByItsDerivationAndCoversItsClosure() throws Exception {
        CliRunner r = strata("plan", "hello", "--expr", TOOLS, "--source", source, "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode plan = JSON.readTree(r.out());
        JsonNode packages = plan.path("packages");
        assertEquals("hello", packages.get(0).path("label").asText());
        assertEquals("greetings", packages.get(1).path("label").asText());
        assertTrue(packages.get(1).path("expression").asBoolean());
        assertEquals(TOOLS, packages.get(1).path("requested").asText());
        List<String> roots = new ArrayList<>();
        plan.path("roots").forEach(n -> roots.add(n.asText()));
        List<String> paths = new ArrayList<>();
        SearchAndPlanCliTest.collectPaths(plan, paths);
        assertEquals(TestNix.nixStoreRequisites(roots), paths.stream().sorted().distinct().toList());
    }

    @Test
    void aRelativeFlakeDirectoryIsTheOneInTheWorkingDirectory() throws Exception {
        TestImages.Run r = StrataProcess.run(work, work.resolve("cache"), "plan", "--source", "flake:./packages",
                "default", "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(JSON.readTree(r.out()).path("packages").get(0).path("outputs").get(0).asText().endsWith("-hello-1.0"));
    }

    @Test
    void theImageOfAFlakeAndAnExpressionRunsInDockerAndPushesAndLoads() throws Exception {
        Path tar = work.resolve("flake.tar");
        CliRunner built = strata("build", "hello", "--expr", TOOLS, "--source", source, "-o", tar.toString(),
                "--format", "docker-archive", "-t", "flake/hello:1", "--json");
        assertEquals(0, built.exit(), built.err());
        String digest = JSON.readTree(built.out()).path("manifestDigest").asText();
        try (Dockerd dockerd = Dockerd.start(work.resolve("dockerd"));
             LocalRegistry registry = LocalRegistry.start(work.resolve("registry"))) {
            dockerd.docker("load", "-i", tar.toString()).ok();
            assertEquals("Hello from a flake!", dockerd.docker("run", "--rm", "--network", "none", "flake/hello:1",
                    "hello").ok().stdout().strip());
            assertEquals("HELLO FROM LEGACYPACKAGES", dockerd.docker("run", "--rm", "--network", "none",
                    "flake/hello:1", "shout").ok().stdout().strip());

            CliRunner loaded = strata("load", "hello", "--expr", TOOLS, "--source", source, "-t", "flake/loaded:1",
                    "--docker-host", dockerd.host());
            assertEquals(0, loaded.exit(), loaded.err());
            assertEquals("HELLO FROM LEGACYPACKAGES", dockerd.docker("run", "--rm", "--network", "none",
                    "flake/loaded:1", "shout").ok().stdout().strip());

            String ref = registry.address() + "/flake/hello:1";
            CliRunner pushed = strata("push", "hello", "--expr", TOOLS, "--source", source, ref, "--insecure", "--json");
            assertEquals(0, pushed.exit(), pushed.err());
            assertEquals(digest, JSON.readTree(pushed.out()).path("manifestDigest").asText(),
                    "the same recipe gives the same image whether it is built or pushed");
            JsonNode inspected = JSON.readTree(Commands.run(List.of("skopeo", "inspect", "--tls-verify=false",
                    "docker://" + ref), Map.of(), 120).ok().stdout());
            assertEquals(digest, inspected.path("Digest").asText());
        }
    }

    @Test
    void theServerBuildsAFlakesPackagesByAttributeName() throws Exception {
        Composer composer = TestImages.composer(work.resolve("serve-cache"));
        List<String> log = new ArrayList<>();
        try (RegistryServer server = RegistryServer.start(new PipelineImages(composer, source, Recipe.of(source, List.of()),
                log::add), RegistryServer.Options.defaults(new InetSocketAddress("127.0.0.1", 0)), log::add);
             Dockerd dockerd = Dockerd.start(work.resolve("serve-dockerd"))) {
            String image = "127.0.0.1:" + server.address().getPort() + "/greeters.shout";
            dockerd.docker("pull", image).ok();
            assertEquals("HELLO FROM LEGACYPACKAGES", dockerd.docker("run", "--rm", "--network", "none", image, "shout")
                    .ok().stdout().strip());
        }
    }

    @Test
    void uncommittedChangesAreSaidOnStderr() {
        Path dirty = TestFlakes.repo(work.resolve("dirty"), "packages");
        TestFlakes.edit(dirty, "set.nix", "Says hello loudly", "Says hello loudly, uncommitted");
        CliRunner r = strata("search", "shout", "--source", "flake:" + dirty);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("warning: the git tree of the flake " + dirty + " has uncommitted changes: Nix reads "
                + "its tracked files as they are on disk"), r.err());
        assertTrue(r.out().contains("Says hello loudly, uncommitted"), r.out());
    }

    @Test
    void badInputsAreOneSentenceAndExitOne() throws Exception {
        Path notAFlake = java.nio.file.Files.createDirectories(work.resolve("not-a-flake"));
        Map<List<String>, String> cases = Map.of(
                List.of("plan", "hello", "--source", "flake:" + notAFlake), "is not a flake",
                List.of("plan", "helo", "--source", source), "'helo' (did you mean hello",
                List.of("plan", "--expr", "hello)", "--source", source), "expression 1 (hello)) is not valid Nix: syntax error",
                List.of("plan", "--expr", "{ a = 1; }", "--source", "demo"), "is an attribute set with the attributes a",
                List.of("plan", "--expr", "buildEnv { name = \"x\"; paths = [ helo ]; }", "--source", "demo"),
                "undefined variable 'helo' at line 1, column 34 (did you mean hello",
                List.of("plan", "hello", "--source", "flake:-x"), "starts with '-'",
                List.of("plan", "hello", "--source", "flake:" + repo + "#hello"), "names an attribute after '#'");
        for (var c : cases.entrySet()) {
            CliRunner r = strata(c.getKey().toArray(String[]::new));
            assertEquals(1, r.exit(), c.getKey() + ": " + r.err());
            String line = r.err().strip();
            assertTrue(line.contains(c.getValue()), c.getKey() + ": " + line);
            assertEquals(1, line.lines().filter(l -> l.startsWith("strata: ")).count(), "one sentence: " + line);
            assertTrue(line.lines().noneMatch(l -> l.contains("Exception")), line);
        }
    }
}
