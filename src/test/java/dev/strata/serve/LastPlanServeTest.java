package dev.strata.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.nix.TestNix;
import dev.strata.output.fixtures.Commands;
import dev.strata.testing.Requirements;
import dev.strata.testsupport.LayeringTestSet;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server plans each build of an image name against its own last plan of that name: a real
 * server on a path source that the test changes between two pulls, restarted in between (the
 * memory is in the cache directory), and a server without that memory to show what it saves.
 */
class LastPlanServeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    /** Pulls the OCI manifest of NAME:latest from a fresh server on {@code cache}; the layers' digests, base first. */
    static List<String> pull(Path cache, Path set, String name, List<String> log) throws Exception {
        Composer composer = new Composer(TestNix.create(cache), cache);
        // Three layers: two for store paths, one symlink layer; small enough that a new path regroups.
        Recipe template = Recipe.builder().source("path:" + set).maxLayers(3).build();
        try (RegistryServer server = RegistryServer.start(new PipelineImages(composer, "path:" + set, template, log::add),
                RegistryServer.Options.defaults(new InetSocketAddress("127.0.0.1", 0)), log::add)) {
            String registry = "127.0.0.1:" + server.address().getPort();
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + name
                    + "/manifests/latest")).header("Accept", RegistryServer.OCI_MANIFEST).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode(), new String(r.body()));
            // skopeo checks every blob's digest and size on the way.
            Commands.run(List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + registry + "/" + name
                    + ":latest", "oci:" + cache.resolveSibling(cache.getFileName() + "-copy") + ":" + name), Map.of(), 300)
                    .ok();
            List<String> out = new ArrayList<>();
            JSON.readTree(r.body()).get("layers").forEach(l -> out.add(l.get("digest").asText()));
            return out;
        }
    }

    @Test
    void theNextBuildOfANameKeepsTheLayersOfTheLastThatAreStillValid() throws Exception {
        Requirements.require("skopeo");
        Path set = work.resolve("set");
        Files.createDirectories(set);
        Path nix = set.resolve("default.nix");
        Files.copy(LayeringTestSet.dir().resolve("default.nix"), nix);
        Path cache = work.resolve("cache");
        List<String> log = new CopyOnWriteArrayList<>();

        List<String> first = pull(cache, set, "app1", log);
        assertEquals(3, first.size(), "two store layers and the symlink layer");

        // app1 0.4 also needs tool: planned afresh, tool joins base and libx in the lower layer.
        String text = Files.readString(nix);
        String updated = text.replace("app1 = mk { name = \"app1-0.3\"; deps = [ libx ];",
                "app1 = mk { name = \"app1-0.4\"; deps = [ libx tool ];");
        assertNotEquals(text, updated);
        Files.writeString(nix, updated);

        List<String> fresh = pull(work.resolve("other-cache"), set, "app1", new CopyOnWriteArrayList<>());
        assertNotEquals(first.get(0), fresh.get(0), "without the last plan the lower layer changes");

        List<String> next = pull(cache, set, "app1", log);
        assertEquals(first.get(0), next.get(0), "the lower layer (base, libx) keeps its digest: " + log);
        assertNotEquals(first.get(1), next.get(1), "app1 changed");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("built app1:latest") && l.endsWith(
                "; 1 of 2 store layers as in the last build of this name")), String.join("\n", log));

        // Another name of the same source and settings has no last build: it is planned afresh.
        List<String> tool = pull(cache, set, "tool", log);
        assertEquals(3, tool.size());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("built tool:latest") && !l.contains("last build")),
                String.join("\n", log));
    }
}
