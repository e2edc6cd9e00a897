package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.image.Compression;
import dev.strata.image.ImageConfig;
import dev.strata.testing.TestImages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata build} and {@code strata cache}: options, JSON, recipes, errors, reproducibility. */
class BuildCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static Composer composer;

    @BeforeAll
    static void setUp() {
        composer = TestImages.composer(tmp.resolve("cache"));
    }

    record Result(int exit, String out, String err) { }

    static Result strata(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = StrataCli.commandLine(new PrintWriter(out), new PrintWriter(err), TestCli.factory(composer)).execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static String source() {
        return "path:" + TestImages.set();
    }

    static JsonNode blob(Path layout, String digest) throws IOException {
        return JSON.readTree(layout.resolve("blobs/sha256/" + digest.substring("sha256:".length())).toFile());
    }

    @Test
    void buildPrintsTheResultObjectAndSavesTheImage() throws IOException {
        Path out = tmp.resolve("hello.tar");
        Result r = strata("build", "--source", source(), "hello", "-o", out.toString(), "--format", "docker-archive",
                "-t", "demo/hello:1", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = JSON.readTree(r.out());
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("manifestDigest", "configDigest", "layers", "output"), keys);
        assertEquals(out.toString(), json.path("output").asText());
        assertEquals(3, json.path("layers").size(), "busybox, hello, top");
        JsonNode hello = json.path("layers").get(1);
        List<String> layerKeys = new ArrayList<>();
        hello.fieldNames().forEachRemaining(layerKeys::add);
        assertEquals(List.of("digest", "diffId", "size", "paths"), layerKeys);
        assertTrue(hello.path("paths").get(0).asText().endsWith("-hello-2.12"));
        assertEquals(0, json.path("layers").get(2).path("paths").size(), "the top layer holds no store path");
        String manifestJson = TestImages.run("tar", "-xOf", out.toString(), "index.json").ok("tar").out();
        assertEquals(json.path("manifestDigest").asText(),
                JSON.readTree(manifestJson).path("manifests").get(0).path("digest").asText());
        String dockerManifest = TestImages.run("tar", "-xOf", out.toString(), "manifest.json").ok("tar").out();
        assertEquals("demo/hello:1", JSON.readTree(dockerManifest).get(0).path("RepoTags").get(0).asText());
        assertTrue(r.err().isEmpty(), "--json keeps stderr quiet: " + r.err());

        Result human = strata("build", "--source", source(), "hello", "-o", tmp.resolve("hello-dir").toString());
        assertEquals(0, human.exit(), human.err());
        assertTrue(human.out().startsWith(json.path("manifestDigest").asText()), human.out());
        assertTrue(human.err().contains("reused from the cache"), human.err());
        assertTrue(Files.isRegularFile(tmp.resolve("hello-dir/index.json")), "a path without .tar is a layout directory");
    }

    @Test
    void withoutATestGroupingTheRecipesLayeringIsBuilt() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = StrataCli.commandLine(new PrintWriter(out), new PrintWriter(err), TestCli.factory(composer, TestCli.BY_RECIPE));
        assertEquals(0, cl.execute("build", "--source", source(), "greeter", "oddities", "-o",
                tmp.resolve("planned").toString(), "--json", "--max-layers", "3"), err.toString());
        JsonNode layers = JSON.readTree(out.toString()).path("layers");
        assertEquals(3, layers.size(), "--max-layers counts the top layer");
        List<String> paths = new ArrayList<>();
        layers.forEach(l -> l.path("paths").forEach(p -> paths.add(p.asText())));
        assertEquals(4, paths.size(), "busybox, hello, greeter and oddities, each in one layer");
        assertEquals(4, paths.stream().distinct().count());
    }

    @Test
    void imageConfigOptionsReachTheConfig() throws IOException {
        Path out = tmp.resolve("configured");
        Result r = strata("build", "--source", source(), "greeter", "-o", out.toString(), "--json",
                "--entrypoint", "/bin/sh", "--entrypoint", "-c", "--cmd", "greeter x",
                "--env", "A=1", "--env", "PATH=/bin:/usr/bin", "--workdir", "/srv", "--user", "app",
                "--port", "8080", "--port", "53/udp", "--label", "org.example.a=b", "--label", "x=y=z");
        assertEquals(0, r.exit(), r.err());
        JsonNode config = blob(out, JSON.readTree(r.out()).path("configDigest").asText()).path("config");
        assertEquals("[\"/bin/sh\",\"-c\"]", config.path("Entrypoint").toString());
        assertEquals("[\"greeter x\"]", config.path("Cmd").toString());
        assertEquals("[\"PATH=/bin:/usr/bin\",\"A=1\"]", config.path("Env").toString(), "PATH replaces the default in place");
        assertEquals("/srv", config.path("WorkingDir").asText());
        assertEquals("app", config.path("User").asText());
        assertEquals("{\"53/udp\":{},\"8080/tcp\":{}}", config.path("ExposedPorts").toString());
        ObjectNode labels = ((ObjectNode) config.path("Labels")).deepCopy();
        assertTrue(labels.remove(dev.strata.sbom.InventoryLabel.KEY).isTextual(), "Strata's inventory label beside them");
        assertEquals("{\"org.example.a\":\"b\",\"x\":\"y=z\"}", labels.toString());

        Result array = strata("build", "--source", source(), "greeter", "-o", tmp.resolve("array").toString(), "--json",
                "--entrypoint", "[\"/bin/greeter\",\"--loud\"]", "--created", "now");
        assertEquals(0, array.exit(), array.err());
        JsonNode c = blob(tmp.resolve("array"), JSON.readTree(array.out()).path("configDigest").asText());
        assertEquals("[\"/bin/greeter\",\"--loud\"]", c.path("config").path("Entrypoint").toString());
        assertNotEquals("1970-01-01T00:00:00Z", c.path("created").asText());
    }

    @Test
    void recipeFileGivesPackagesAndSettingsAndOptionsOverrideIt() throws IOException {
        Path file = tmp.resolve("recipe.json");
        Recipe.builder().source(source()).packages(List.of("hello")).tag("demo/from-recipe:1").compression(Compression.ZSTD)
                .config(ImageConfig.empty().withCmd(List.of("hello"))).build().write(file);
        Path out = tmp.resolve("recipe-out");
        Result r = strata("build", "--recipe", file.toString(), "-o", out.toString(), "--json", "--env", "B=2");
        assertEquals(0, r.exit(), r.err());
        JsonNode result = JSON.readTree(r.out());
        JsonNode manifest = blob(out, result.path("manifestDigest").asText());
        assertEquals("application/vnd.oci.image.layer.v1.tar+zstd", manifest.path("layers").get(0).path("mediaType").asText());
        JsonNode config = blob(out, result.path("configDigest").asText()).path("config");
        assertEquals("[\"hello\"]", config.path("Cmd").toString());
        assertEquals("[\"PATH=/bin\",\"B=2\"]", config.path("Env").toString());
        JsonNode index = JSON.readTree(out.resolve("index.json").toFile());
        assertEquals("demo/from-recipe:1", index.path("manifests").get(0).path("annotations")
                .path("org.opencontainers.image.ref.name").asText());

        Result override = strata("build", "--recipe", file.toString(), "-o", tmp.resolve("override").toString(), "--json",
                "--compression", "gzip", "-t", "demo/other:2");
        assertEquals(0, override.exit(), override.err());
        JsonNode m2 = blob(tmp.resolve("override"), JSON.readTree(override.out()).path("manifestDigest").asText());
        assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", m2.path("layers").get(0).path("mediaType").asText());
    }

    @Test
    void badOptionsGiveOneSentenceAndANonZeroExit() {
        Map<List<String>, String> cases = Map.of(
                List.of("--format", "zip"), "--format 'zip' is not one of oci, oci-archive, docker-archive",
                List.of("--compression", "xz"), "--compression 'xz' is not one of gzip, zstd, none",
                List.of("--compression", "zstd", "--manifest-format", "docker"), "--compression zstd needs the oci manifest format",
                List.of("-t", "Demo/Hello:1"), "is not an image name",
                List.of("--env", "NOEQUALS"), "is not KEY=VALUE",
                List.of("--workdir", "srv"), "is not absolute",
                List.of("--created", "yesterday"), "--created 'yesterday' is not one of epoch, now",
                List.of("--max-layers", "200"), "--max-layers 200 is out of range; choose 2 to 125",
                List.of("--manifest-format", "docker", "--format", "oci"), "use --manifest-format oci");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of("build", "--source", source(), "hello", "-o",
                    tmp.resolve("bad").toString()));
            args.addAll(c.getKey());
            Result r = strata(args.toArray(String[]::new));
            assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), c.getKey() + ": " + r.err());
            assertTrue(r.err().startsWith("strata: ") && r.err().contains(c.getValue()), c.getKey() + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        }
        Result noOutput = strata("build", "--source", source(), "hello");
        assertEquals(StrataCli.EXIT_USAGE, noOutput.exit());
        assertTrue(noOutput.err().contains("--output"), noOutput.err());
        Result noPackages = strata("build", "--source", source(), "-o", tmp.resolve("none").toString());
        assertEquals(StrataCli.EXIT_USER_ERROR, noPackages.exit());
        assertTrue(noPackages.err().contains("no packages given"), noPackages.err());
    }

    @Test
    void cacheVerifyAndGcReportWhatTheyDid() throws IOException {
        Composer own = TestImages.composer(tmp.resolve("own-cache"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = StrataCli.commandLine(new PrintWriter(out), new PrintWriter(err), TestCli.factory(own));
        assertEquals(0, cl.execute("build", "--source", source(), "hello", "-o", tmp.resolve("gc-out").toString(), "--json"),
                err.toString());
        JsonNode built = JSON.readTree(out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, cl.execute("cache", "verify", "--json"), err.toString());
        JsonNode verify = JSON.readTree(out.toString());
        assertEquals(5, verify.path("blobs").asInt(), "3 layers, config, manifest");
        assertEquals(0, verify.path("corrupt").size());

        Path layerBlob = tmp.resolve("own-cache/blobs/sha256/"
                + built.path("layers").get(0).path("digest").asText().substring(7));
        layerBlob.toFile().setWritable(true);
        Files.write(layerBlob, "damaged".getBytes());
        out.getBuffer().setLength(0);
        assertEquals(1, cl.execute("cache", "verify", "--json"));
        assertEquals(built.path("layers").get(0).path("digest").asText(),
                JSON.readTree(out.toString()).path("corrupt").get(0).asText());

        out.getBuffer().setLength(0);
        assertEquals(0, cl.execute("cache", "gc", "--json"), err.toString());
        JsonNode gc = JSON.readTree(out.toString());
        assertEquals(0, gc.path("blobsRemoved").asInt(), "everything is recent");
        assertEquals(4, gc.path("blobsKept").asInt());
        out.getBuffer().setLength(0);
        assertEquals(StrataCli.EXIT_USER_ERROR, cl.execute("cache", "gc", "--max-age", "-1"));
    }

    @Test
    void sameDigestsFromSeparateProcessesWithOtherCacheUmaskTimeZoneAndLocale() throws IOException {
        List<String> digests = new ArrayList<>();
        List<Path> archives = new ArrayList<>();
        String[][] settings = {{"022", "UTC", "C.UTF-8"}, {"077", "Pacific/Kiritimati", "C.utf8"}};
        for (int i = 0; i < settings.length; i++) {
            Path cache = tmp.resolve("process-cache-" + i);
            Path out = tmp.resolve("process-out-" + i + ".tar");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cmd = "umask " + settings[i][0] + " && exec \"$0\" -cp \"$1\" " + TestCli.class.getName()
                    + " build --source \"$2\" greeter oddities -o \"$3\" --format oci-archive -t demo/app:1 --json";
            TestImages.Run r = TestImages.run(null, List.of("sh", "-c", cmd, java, System.getProperty("java.class.path"),
                    source(), out.toString()), Map.of("STRATA_CACHE_DIR", cache.toString(), "TZ", settings[i][1],
                    "LC_ALL", settings[i][2]), 300).ok("strata build in a separate process");
            digests.add(JSON.readTree(r.out()).path("manifestDigest").asText());
            archives.add(out);
        }
        assertEquals(digests.get(0), digests.get(1));
        assertEquals(-1, Files.mismatch(archives.get(0), archives.get(1)), "the archives are the same bytes");
    }

    @Test
    void aLocaleThatCannotSpellTheFileNamesIsRefusedWithTheFix() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        TestImages.Run r = TestImages.run(null, List.of(java, "-cp", System.getProperty("java.class.path"),
                TestCli.class.getName(), "build", "--source", source(), "oddities", "-o",
                tmp.resolve("posix.tar").toString(), "--json"), Map.of("STRATA_CACHE_DIR", tmp.resolve("posix-cache")
                .toString(), "LC_ALL", "POSIX"), 300);
        assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("run Strata with a UTF-8 locale, e.g. LC_ALL=C.UTF-8"), r.err());
    }

}
