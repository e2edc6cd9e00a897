package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.layering.Layer;
import dev.strata.closure.StorePath;
import dev.strata.testsupport.LayeringTestSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata plan} on saved closures (both JSON shapes) and on real packages built by Nix. */
class PlanCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path arrayShape;
    static Path objectShape;
    static Set<String> closurePaths;

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }

        /** The error line (progress lines come before it on stderr). */
        String error() {
            List<String> lines = err.lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    static Run strata(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StrataCli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void saveClosures() throws Exception {
        List<String> outs = LayeringTestSet.build(dir, "app1", "app2", "tool");
        String array = LayeringTestSet.pathInfoJson(outs);
        arrayShape = dir.resolve("closure-array.json");
        LayeringTestSet.write(arrayShape, array);
        // The object shape of Nix >= 2.19: keyed by store path, no "path" field.
        ObjectNode object = JSON.createObjectNode();
        closurePaths = new HashSet<>();
        for (JsonNode n : JSON.readTree(array)) {
            ObjectNode copy = ((ObjectNode) n).deepCopy();
            copy.remove("path");
            object.set(n.get("path").asText(), copy);
            closurePaths.add(n.get("path").asText());
        }
        objectShape = dir.resolve("closure-object.json");
        LayeringTestSet.write(objectShape, JSON.writeValueAsString(object));
        assertEquals(5, closurePaths.size());
    }

    static Set<String> coveredOnce(JsonNode plan) {
        Set<String> seen = new HashSet<>();
        for (JsonNode layer : plan.get("layers")) {
            List<StorePath> paths = new ArrayList<>();
            for (JsonNode p : layer.get("paths")) {
                assertTrue(seen.add(p.asText()), "path in two layers: " + p.asText());
                paths.add(StorePath.of(p.asText()));
            }
            assertEquals(Layer.keyOf(paths.stream().sorted().toList()), layer.get("key").asText());
            assertTrue(layer.get("narSize").asLong() > 0);
            assertTrue(layer.has("reason") && layer.has("rating"));
        }
        return seen;
    }

    @Test
    void planOfASavedClosureInEitherShapeCoversItExactly() throws Exception {
        for (String strategy : List.of("strata", "nixery", "popularity", "size")) {
            Run a = strata("plan", "--closure", arrayShape.toString(), "--json", "--strategy", strategy);
            Run o = strata("plan", "--closure", objectShape.toString(), "--json", "--strategy", strategy);
            assertEquals(0, a.code(), a.err());
            assertEquals(0, o.code(), o.err());
            JsonNode plan = a.json();
            assertEquals(closurePaths, coveredOnce(plan));
            assertEquals(a.out(), o.out(), "both shapes give the same plan");
            assertEquals(strategy, plan.get("strategy").asText());
            assertEquals(100, plan.get("maxLayers").asInt());
            assertEquals(100, plan.get("storeLayerBudget").asInt()); // no symlink layer with --closure
            assertEquals(false, plan.get("symlinkLayer").asBoolean());
            long total = 0;
            for (JsonNode l : plan.get("layers")) {
                total += l.get("narSize").asLong();
            }
            assertEquals(total, plan.get("totalNarSize").asLong());
            assertEquals(total, plan.get("closure").get("narSize").asLong());
            assertEquals(3, plan.get("closure").get("roots").size());
        }
    }

    @Test
    void closureModeCountsStoreLayersAloneFromOneTo125() throws Exception {
        Run one = strata("plan", "--closure", arrayShape.toString(), "--json", "--max-layers", "1");
        assertEquals(0, one.code(), one.err());
        assertEquals(1, one.json().get("layers").size());
        Run two = strata("plan", "--closure", arrayShape.toString(), "--json", "--max-layers", "2", "--strategy",
                "popularity");
        assertEquals(2, two.json().get("layers").size());
        Run tooMany = strata("plan", "--closure", arrayShape.toString(), "--max-layers", "126");
        assertEquals(1, tooMany.code());
        assertEquals("strata: --max-layers 126 is out of range; with --closure it counts store layers alone (there is "
                + "no symlink layer): choose 1 to 125", tooMany.error());
    }

    @Test
    void pinsByNameAndByPathGetTheirOwnLayersOnTop() throws Exception {
        String libx = closurePaths.stream().filter(p -> p.endsWith("-libx-2.1")).findFirst().orElseThrow();
        Run r = strata("plan", "--closure", arrayShape.toString(), "--json", "--max-layers", "3", "--pin", "base-1.0",
                "--pin", libx);
        assertEquals(0, r.code(), r.err());
        JsonNode layers = r.json().get("layers");
        assertEquals(3, layers.size());
        assertEquals("pinned: base-1.0", layers.get(1).get("reason").asText());
        assertTrue(layers.get(1).get("paths").get(0).asText().endsWith("-base-1.0"));
        assertEquals("pinned: " + libx, layers.get(2).get("reason").asText());
        assertEquals(closurePaths, coveredOnce(r.json()));
    }

    @Test
    void mistakesAreOneSentenceWithTheFix() {
        Run unknownPin = strata("plan", "--closure", arrayShape.toString(), "--pin", "libz-2.1");
        assertEquals(1, unknownPin.code());
        assertEquals("strata: --pin 'libz-2.1' matches no requested package and no store path of this image (did you "
                + "mean libx-2.1?); pin a requested package, a store path or a store path name such as app1-0.3",
                unknownPin.error());
        Run unknownStrategy = strata("plan", "--closure", arrayShape.toString(), "--strategy", "best");
        assertEquals("strata: unknown layering strategy 'best'; choose one of strata, nixery, popularity, size "
                + "(default strata)", unknownStrategy.error());
        Run badPopularity = strata("plan", "--closure", arrayShape.toString(), "--popularity",
                arrayShape.toString());
        assertTrue(badPopularity.error().startsWith("strata: the popularity file " + arrayShape
                + " is not popularity data: it starts with an array, not an object;"), badPopularity.err());
    }

    @Test
    void humanOutputIsATableOfLayers() {
        Run r = strata("plan", "--closure", arrayShape.toString(), "--strategy", "nixery");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("nixery layers 5 store paths ("), lines.get(0));
        assertTrue(lines.get(1).matches("\\s+#\\s+paths\\s+NAR size\\s+share\\s+contents"), lines.get(1));
        assertTrue(lines.get(2).matches("\\s+1\\s+\\d+ paths?\\s+.*%\\s+.*"), lines.get(2));
        assertTrue(lines.get(3).strip().startsWith("why: "), lines.get(3));
    }

    @Test
    void planOfRealPackagesCoversTheirClosureExactly() throws Exception {
        Run r = strata("plan", "--source", LayeringTestSet.source(), "app1", "app2", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode plan = r.json();
        Set<String> closure = new HashSet<>();
        plan.get("closure").get("paths").forEach(p -> closure.add(p.get("path").asText()));
        assertEquals(4, closure.size()); // base, libx, app1, app2
        assertEquals(closure, coveredOnce(plan));
        assertEquals("strata", plan.get("strategy").asText());
        assertEquals(100, plan.get("maxLayers").asInt());
        assertEquals(99, plan.get("storeLayerBudget").asInt());
        assertEquals(true, plan.get("symlinkLayer").asBoolean());
        assertEquals("app1", plan.get("packages").get(0).get("requested").asText());

        // A requested package can be pinned by its name; --max-layers counts the symlink layer.
        Run pinned = strata("plan", "--source", LayeringTestSet.source(), "app1", "app2", "--json", "--max-layers",
                "3", "--pin", "app2", "--strategy", "size");
        assertEquals(0, pinned.code(), pinned.err());
        JsonNode layers = pinned.json().get("layers");
        assertEquals(2, layers.size());
        assertEquals("pinned: app2", layers.get(1).get("reason").asText());
        assertEquals(closure, coveredOnce(pinned.json()));
    }

    @Test
    void localPopularityBuildsEachPackageSkippingBrokenAndFailing() throws Exception {
        Path out = dir.resolve("pop.json");
        Run r = strata("popularity", "--source", LayeringTestSet.source(), "-o", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("{\n  \"base-1.0\": 3,\n  \"libx-2.1\": 2\n}\n", Files.readString(out));
        JsonNode summary = r.json();
        assertEquals(5, summary.get("packages").asInt());
        assertEquals("marked broken", summary.get("skipped").get("broken").asText());
        assertTrue(summary.get("skipped").get("failing").asText().startsWith("Nix could not build failing-0"),
                summary.get("skipped").toString());
        // The file feeds --popularity.
        Run plan = strata("plan", "--closure", arrayShape.toString(), "--json", "--popularity", out.toString());
        assertEquals(0, plan.code(), plan.err());
    }
}
