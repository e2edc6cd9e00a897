package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.nix.TestNix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's search and plan commands end to end, with real Nix. */
class SearchAndPlanCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path cache;

    @BeforeAll
    static void useTemporaryCache() {
        System.setProperty("strata.cacheDir", cache.toString());
    }

    @AfterAll
    static void restore() {
        System.clearProperty("strata.cacheDir");
    }

    @Test
    void searchJsonIsAnArrayOfPackages() throws Exception {
        CliRunner r = CliRunner.run("search", "hello", "--source", "demo", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode hits = JSON.readTree(r.out());
        assertTrue(hits.isArray());
        assertEquals("hello", hits.get(0).get("attrPath").asText());
        assertTrue(hits.get(0).get("description").asText().contains("greeting"));
        for (String field : List.of("attrPath", "name", "version", "description")) {
            assertTrue(hits.get(0).has(field), field);
        }
    }

    @Test
    void searchWorksOnAnyPathSource() throws Exception {
        Path others = TestNix.resourceSet("nixsets/othersets");
        CliRunner r = CliRunner.run("search", "hello", "--source", "path:" + others, "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals("hello", JSON.readTree(r.out()).get(0).get("attrPath").asText());
    }

    @Test
    void planJsonCoversTheClosureOfThePackages() throws Exception {
        CliRunner r = CliRunner.run("plan", "hello", "--source", "demo", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode plan = JSON.readTree(r.out());
        List<String> roots = new ArrayList<>();
        plan.get("roots").forEach(n -> roots.add(n.asText()));
        List<String> paths = new ArrayList<>();
        collectPaths(plan, paths);
        assertEquals(TestNix.nixStoreRequisites(roots), paths.stream().sorted().distinct().toList());
    }

    /** Paths from the plan JSON, whether it lists a closure or layers of paths. */
    static void collectPaths(JsonNode plan, List<String> out) {
        if (plan.has("layers")) {
            plan.get("layers").forEach(l -> l.get("paths").forEach(p -> out.add(p.asText())));
        } else {
            plan.get("paths").forEach(p -> out.add(p.get("path").asText()));
        }
    }

    @Test
    void planReadsASavedClosureWithoutRunningNix(@TempDir Path dir) throws Exception {
        CliRunner first = CliRunner.run("plan", "hello", "--source", "demo", "--json");
        List<String> roots = new ArrayList<>();
        JSON.readTree(first.out()).get("roots").forEach(n -> roots.add(n.asText()));
        List<String> argv = new ArrayList<>(List.of("nix", "path-info", "--json", "--recursive"));
        argv.addAll(roots);
        Path saved = dir.resolve("closure.json");
        Files.writeString(saved, TestNix.run(null, argv.toArray(String[]::new)));
        CliRunner r = CliRunner.run("plan", "--closure", saved.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        List<String> paths = new ArrayList<>();
        collectPaths(JSON.readTree(r.out()), paths);
        assertEquals(TestNix.nixStoreRequisites(roots), paths.stream().sorted().distinct().toList());
    }

    static String errorLine(CliRunner r) {
        return r.err().lines().filter(l -> l.startsWith("strata:")).findFirst().orElse("");
    }

    @Test
    void badInputIsOneSentenceAndANonZeroExit() {
        CliRunner unknown = CliRunner.run("plan", "helo", "--source", "demo");
        assertEquals(StrataCli.EXIT_USER_ERROR, unknown.exit());
        assertTrue(errorLine(unknown).startsWith("strata: unknown package 'helo' (did you mean hello"), unknown.err());
        assertEquals(1, unknown.err().lines().filter(l -> l.startsWith("strata:")).count(), unknown.err());

        CliRunner badSource = CliRunner.run("search", "x", "--source", "svn:nope");
        assertEquals(StrataCli.EXIT_USER_ERROR, badSource.exit());
        assertTrue(badSource.err().contains("unknown package source 'svn:nope'"), badSource.err());

        CliRunner missingClosure = CliRunner.run("plan", "--closure", "/nonexistent/closure.json");
        assertEquals(StrataCli.EXIT_USER_ERROR, missingClosure.exit());
        assertTrue(missingClosure.err().contains("/nonexistent/closure.json does not exist"), missingClosure.err());

        CliRunner usage = CliRunner.run("plan", "--no-such-option");
        assertEquals(StrataCli.EXIT_USAGE, usage.exit());
        assertTrue(usage.err().contains("--no-such-option"), usage.err());
    }
}
