package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.cli.PlanCommandTest.Run;
import dev.strata.compose.Composer;
import dev.strata.output.fixtures.Commands;
import dev.strata.testing.TestImages;
import dev.strata.testsupport.LayeringTestSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --previous}: real packages built by Nix, a real image built by {@code strata build}, read
 * back from each image file format and from the plan and build JSON.
 */
class PreviousBuildTest {
    @TempDir
    static Path tmp;
    static Composer composer;
    static Path image;
    static JsonNode built;

    /** As PlanCommandTest's, with the real planning and this test's cache. */
    static Run strata(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StrataCli.commandLine(new PrintWriter(out), new PrintWriter(err),
                TestCli.factory(composer, TestCli.BY_RECIPE)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void buildThePreviousImage() throws Exception {
        composer = TestImages.composer(tmp.resolve("cache"));
        image = tmp.resolve("previous.tar");
        Run r = strata("build", "--source", LayeringTestSet.source(), "app1", "app2", "-o", image.toString(),
                "--format", "oci-archive", "--json");
        assertEquals(0, r.code(), r.err());
        built = r.json();
        Files.writeString(tmp.resolve("build.json"), r.out());
    }

    /** The build's store layers (the symlink layer on top has no store paths). */
    static List<List<String>> storeLayers(JsonNode result) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode l : result.get("layers")) {
            List<String> paths = new ArrayList<>();
            l.get("paths").forEach(p -> paths.add(p.asText()));
            if (!paths.isEmpty()) {
                out.add(paths);
            }
        }
        return out;
    }

    @Test
    void theSameImageAgainReusesEveryLayerFromEachKindOfPrevious() throws Exception {
        Path layout = tmp.resolve("layout");
        Path docker = tmp.resolve("docker.tar");
        assertEquals(0, strata("build", "--source", LayeringTestSet.source(), "app1", "app2", "-o", layout.toString(),
                "--format", "oci", "-t", "demo/apps:1").code());
        assertEquals(0, strata("build", "--source", LayeringTestSet.source(), "app1", "app2", "-o", docker.toString(),
                "--format", "docker-archive").code());
        Path planJson = tmp.resolve("plan.json");
        Run first = strata("plan", "--source", LayeringTestSet.source(), "app1", "app2", "--json");
        Files.writeString(planJson, first.out());
        for (String previous : List.of("oci-archive:" + image, "oci:" + layout, "oci:" + layout + ":1", "oci:" + layout + ":demo/apps:1",
                "docker-archive:" + docker, tmp.resolve("build.json").toString(), planJson.toString())) {
            Run r = strata("plan", "--source", LayeringTestSet.source(), "app1", "app2", "--json", "--previous",
                    previous);
            assertEquals(0, r.code(), previous + ": " + r.err());
            JsonNode plan = r.json();
            assertEquals(storeLayers(built), storeLayers(plan), previous);
            assertEquals(0, plan.get("previous").get("pullBytesByDigest").asLong(), previous);
            assertEquals(0, plan.get("previous").get("pullBytesByChain").asLong(), previous);
            assertEquals(storeLayers(built).size(), plan.get("previous").get("layers").asInt(), previous);
            for (JsonNode l : plan.get("layers")) {
                assertTrue(l.get("reusedByDigest").asBoolean() && l.get("reusedByChain").asBoolean(), previous);
                assertTrue(l.get("reason").asText().startsWith("unchanged since the previous build"), previous);
            }
        }
    }

    @Test
    void anotherImageKeepsTheStillValidLayersInOrderAndPutsTheRestOnTop() throws Exception {
        Run r = strata("plan", "--source", LayeringTestSet.source(), "app1", "tool", "--json", "--previous",
                "oci-archive:" + image);
        assertEquals(0, r.code(), r.err());
        JsonNode plan = r.json();
        List<List<String>> before = storeLayers(built);
        List<List<String>> after = storeLayers(plan);
        List<String> closure = new ArrayList<>();
        plan.get("closure").get("paths").forEach(p -> closure.add(p.get("path").asText()));
        List<List<String>> stillValid = before.stream().filter(closure::containsAll).toList();
        assertTrue(!stillValid.isEmpty() && stillValid.size() < before.size(), "the test needs kept and dropped layers");
        assertEquals(stillValid, after.subList(0, stillValid.size()));
        long newBytes = 0;
        for (int i = 0; i < after.size(); i++) {
            JsonNode l = plan.get("layers").get(i);
            boolean kept = i < stillValid.size();
            assertEquals(kept, l.get("reusedByDigest").asBoolean(), "layer " + i);
            assertEquals(kept, l.get("reusedByChain").asBoolean(), "layer " + i);
            newBytes += kept ? 0 : l.get("narSize").asLong();
        }
        assertEquals(newBytes, plan.get("previous").get("pullBytesByDigest").asLong());

        // The human table says the same.
        Run human = strata("plan", "--source", LayeringTestSet.source(), "app1", "tool", "--previous",
                "oci-archive:" + image);
        assertEquals(0, human.code(), human.err());
        assertTrue(human.out().contains("A host holding the previous build (oci-archive:" + image + ") pulls "),
                human.out());
    }

    @Test
    void buildWithPreviousWritesTheLayersItPlanned() throws Exception {
        Path out = tmp.resolve("next.tar");
        Run r = strata("build", "--source", LayeringTestSet.source(), "app1", "tool", "-o", out.toString(), "--json",
                "--previous", tmp.resolve("build.json").toString());
        assertEquals(0, r.code(), r.err());
        Run plan = strata("plan", "--source", LayeringTestSet.source(), "app1", "tool", "--json", "--previous",
                tmp.resolve("build.json").toString());
        assertEquals(storeLayers(plan.json()), storeLayers(r.json()));
        // And the built image reads back as the same layers.
        Run again = strata("plan", "--source", LayeringTestSet.source(), "app1", "tool", "--json", "--previous",
                "oci-archive:" + out);
        assertEquals(0, again.json().get("previous").get("pullBytesByDigest").asLong());
    }

    @Test
    void badPreviousBuildsAreOneSentenceWithTheFix() throws Exception {
        Path notJson = tmp.resolve("not.json");
        Files.writeString(notJson, "{\"layers\": [{\"paths\": [\"/tmp/evil\"]}]}");
        Path noLayers = tmp.resolve("nolayers.json");
        Files.writeString(noLayers, "[1, 2]");
        Run missing = strata("plan", "--closure", tmp.resolve("none.json").toString(), "--previous",
                tmp.resolve("missing.json").toString());
        assertEquals(1, missing.code());
        assertEquals("strata: --previous " + tmp.resolve("missing.json") + " does not exist; give the output of strata "
                + "plan --json or strata build --json, or an image such as oci-archive:hello.tar", missing.error());
        Run badPath = strata("plan", "--source", LayeringTestSet.source(), "app1", "--previous", notJson.toString());
        assertEquals(1, badPath.code());
        assertEquals("strata: --previous " + notJson + ": layer 1 lists '/tmp/evil', which is not a store path",
                badPath.error());
        Run wrongShape = strata("plan", "--source", LayeringTestSet.source(), "app1", "--previous", noLayers.toString());
        assertEquals(1, wrongShape.code());
        assertEquals("strata: --previous " + noLayers + " has no \"layers\" array; give the output of strata plan "
                + "--json or strata build --json", wrongShape.error());
        // An image in a registry is read as --from reads a base; one that is not there is one sentence.
        String nothing = "127.0.0.1:" + Commands.freePort();
        Run registry = strata("plan", "--source", LayeringTestSet.source(), "app1", "--previous",
                "docker://" + nothing + "/demo/app:1");
        assertEquals(1, registry.code());
        assertTrue(registry.error().startsWith("strata: cannot connect to the registry " + nothing
                + " (connection refused)"), registry.error());
        Run noImage = strata("plan", "--source", LayeringTestSet.source(), "app1", "--previous",
                "oci-archive:" + tmp.resolve("none.tar"));
        assertEquals(1, noImage.code());
        assertTrue(noImage.error().contains("does not exist"), noImage.error());
        Run serve = strata("serve", "--listen", "127.0.0.1:0", "--previous", noLayers.toString());
        assertEquals(1, serve.code());
        assertEquals("strata: serve does not take --previous (it names the previous build of one image); drop it",
                serve.error());
        Run notATar = strata("plan", "--source", LayeringTestSet.source(), "app1", "--previous",
                "docker-archive:" + notJson);
        assertEquals(1, notATar.code());
        assertTrue(notATar.error().startsWith("strata: docker-archive:" + notJson + " has no manifest.json"),
                notATar.error());
    }
}
