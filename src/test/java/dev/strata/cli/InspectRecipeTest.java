package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Composer;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.layering.LayerPlan;
import dev.strata.nix.Realisation;
import dev.strata.output.OutputFormat;
import dev.strata.output.OutputMode;
import dev.strata.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipe file as the IMAGE of {@code strata inspect} and {@code strata diff} (issue 16): planned
 * with real Nix on the demo set and not built. Layers the cache holds (from a real build of hello)
 * come with their digests; the others are estimated and say so.
 */
class InspectRecipeTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static Composer composer;
    static Path hello;
    static JsonNode helloBuilt;
    static Path helloRecipe;
    static Path helloGitRecipe;

    static CliRunner strata(String... args) {
        return CliRunner.run(composer, args);
    }

    static JsonNode json(String... args) throws Exception {
        CliRunner r = strata(args);
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    @BeforeAll
    static void build() throws Exception {
        composer = TestImages.composer(tmp.resolve("cache"));
        hello = tmp.resolve("hello.tar");
        // Built through the composer with the real strategy (the CLI's build in tests plans one path per layer),
        // as `strata build hello --source demo -o hello.tar` does.
        Recipe recipe = Recipe.of("demo", List.of("hello"));
        try (Realisation r = composer.realise(recipe, ProgressListener.NONE)) {
            LayerPlan plan = composer.plan(r, recipe, ProgressListener.NONE);
            helloBuilt = JSON.valueToTree(composer.build(r, plan, recipe, OutputFormat.OCI_ARCHIVE, hello,
                    OutputMode.REPLACE, ProgressListener.NONE).toJson());
        }
        helloRecipe = Files.writeString(tmp.resolve("hello.json"),
                "{ \"version\" : 5, \"source\" : \"demo\", \"packages\" : [ \"hello\" ] }\n");
        helloGitRecipe = Files.writeString(tmp.resolve("hello-git.json"),
                "{ \"version\" : 5, \"source\" : \"demo\", \"packages\" : [ \"hello\", \"git\" ] }\n");
    }

    @Test
    void aBuiltRecipeInspectsAsItsImageStoreLayersWithTheirCachedDigests() throws Exception {
        JsonNode i = json("inspect", helloRecipe.toString(), "--json");
        assertTrue(i.path("planned").asBoolean());
        assertTrue(i.path("manifestDigest").isNull() && i.path("configDigest").isNull(), i.toString());
        assertEquals("linux/amd64", i.path("platform").asText());
        JsonNode built = helloBuilt.path("layers");
        // the plan has the store layers; the build adds the symlink layer on top
        assertEquals(built.size() - 1, i.path("layers").size());
        for (int n = 0; n < i.path("layers").size(); n++) {
            JsonNode l = i.path("layers").get(n);
            JsonNode b = built.get(n);
            assertEquals(b.path("digest").asText(), l.path("digest").asText());
            assertEquals(b.path("diffId").asText(), l.path("diffId").asText());
            assertEquals(b.path("size").asLong(), l.path("size").asLong());
            assertEquals(false, l.path("estimated").asBoolean());
            assertEquals(b.path("paths").toString(), l.path("storePaths").toString());
            assertEquals(0, l.path("files").size());
        }
        List<String> names = new ArrayList<>();
        i.path("packages").forEach(p -> names.add(p.path("name").asText()));
        assertTrue(names.contains("hello"), names.toString());
    }

    @Test
    void layersNotInTheCacheAreEstimatedWithTheirDigestsUnknown() throws Exception {
        JsonNode i = json("inspect", helloGitRecipe.toString(), "--json");
        Set<String> helloDigests = new HashSet<>();
        helloBuilt.path("layers").forEach(l -> helloDigests.add(l.path("digest").asText()));
        int unknown = 0;
        int known = 0;
        for (JsonNode l : i.path("layers")) {
            if (l.path("digest").isNull()) {
                unknown++;
                assertTrue(l.path("diffId").isNull());
                assertTrue(l.path("estimated").asBoolean());
                assertTrue(l.path("size").asLong() > 0 && l.path("uncompressedSize").asLong() > 0, l.toString());
            } else {
                known++;
                assertTrue(helloDigests.contains(l.path("digest").asText()), "a cached layer is one hello's build wrote");
                assertEquals(false, l.path("estimated").asBoolean());
            }
        }
        assertTrue(unknown > 0 && known > 0, i.toString());
        CliRunner human = strata("inspect", helloGitRecipe.toString());
        assertEquals(0, human.exit(), human.err());
        assertTrue(human.out().contains("a plan, not built") && human.out().contains("digest unknown (not built)"),
                human.out());
    }

    @Test
    void diffOfABuiltImageAgainstARecipeCountsTheLayersNotBuiltAsPulled() throws Exception {
        JsonNode planned = json("inspect", helloGitRecipe.toString(), "--json");
        JsonNode d = json("diff", "oci-archive:" + hello, helloGitRecipe.toString(), "--json");
        Set<String> have = new HashSet<>();
        helloBuilt.path("layers").forEach(l -> have.add(l.path("digest").asText()));
        long expected = 0;
        for (JsonNode l : planned.path("layers")) {
            if (l.path("digest").isNull() || !have.contains(l.path("digest").asText())) {
                expected += l.path("size").asLong();
            }
        }
        assertEquals(expected, d.path("pullBytesByDigest").asLong());
        assertTrue(expected > 0);
        List<String> added = new ArrayList<>();
        d.path("packages").path("added").forEach(n -> added.add(n.asText()));
        assertTrue(added.contains("git") && !added.contains("hello"), added.toString());
        boolean unknownAdded = false;
        for (JsonNode l : d.path("layers")) {
            if (l.path("digest").isNull()) {
                unknownAdded |= l.path("change").asText().equals("added");
            }
        }
        assertTrue(unknownAdded, d.toString());
        CliRunner human = strata("diff", "oci-archive:" + hello, helloGitRecipe.toString());
        assertEquals(0, human.exit(), human.err());
        assertTrue(human.out().contains("planned, not built"), human.out());
    }

    @Test
    void diffOfARecipeAgainstItsBuiltImagePullsOnlyTheSymlinkLayer() throws Exception {
        JsonNode d = json("diff", helloRecipe.toString(), "oci-archive:" + hello, "--json");
        JsonNode top = helloBuilt.path("layers").get(helloBuilt.path("layers").size() - 1);
        assertEquals(top.path("size").asLong(), d.path("pullBytesByDigest").asLong());
        assertEquals(top.path("size").asLong(), d.path("pullBytesByChain").asLong());
        assertEquals(0, d.path("packages").path("added").size());
        assertEquals(0, d.path("packages").path("removed").size());
        JsonNode other = json("diff", helloRecipe.toString(), helloGitRecipe.toString(), "--json");
        assertNotEquals(0, other.path("pullBytesByDigest").asLong());
    }

    @Test
    void aRecipeWithoutPackagesIsRefusedInOneSentence() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.json"), "{ \"version\" : 5, \"source\" : \"demo\" }\n");
        CliRunner r = strata("inspect", empty.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("the recipe " + empty + " names no packages"), r.err());
    }
}
