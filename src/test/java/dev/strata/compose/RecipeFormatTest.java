package dev.strata.compose;

import static dev.strata.testing.Gens.from;
import static dev.strata.testing.Gens.listOf;
import static dev.strata.testing.Gens.mapOf;
import static dev.strata.testing.Gens.oneOf;
import static dev.strata.testing.Gens.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.StrataException;
import dev.strata.image.AddedFiles;
import dev.strata.image.Compression;
import dev.strata.image.CreationTime;
import dev.strata.image.ImageConfig;
import dev.strata.image.ManifestFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe file as outside input: files of the first Strata still open, every valid recipe
 * survives save and open bit for bit, and every invalid one is one sentence naming the setting.
 *
 * <p>src/test/resources/recipes/version-1 holds files saved by the code before the {@code "version"}
 * key: the window's save of a fresh recipe and of one with every setting it edits (794ebb0, and
 * ad8e15f with allowBroken), recipes written as the CLI tests wrote them for {@code --recipe}, and
 * a hand-written one.
 */
class RecipeFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path VERSION_1 = Path.of("src/test/resources/recipes/version-1");

    @TempDir
    Path tmp;

    @Test
    void recipesOfTheFirstVersionOpenWithTheirMeaning() {
        Recipe defaults = Recipe.read(VERSION_1.resolve("gui-defaults.json"));
        assertEquals(Recipe.builder().source("demo").packages(List.of("hello", "tree")).build(), defaults);

        Recipe every = Recipe.read(VERSION_1.resolve("gui-every-setting.json"));
        Recipe expected = Recipe.builder()
                .source("git:https://example.org/pkgs.git#0123456789abcdef0123456789abcdef01234567")
                .packages(List.of("hello", "python3Packages.requests", "curl")).strategy("popularity").maxLayers(20)
                .pins(List.of("curl"))
                .config(new ImageConfig(List.of("/bin/hello"), List.of("--greeting", "hi all"),
                        List.of("PATH=/bin", "LANG=C.UTF-8"), "/srv", "nobody", List.of("8080", "53/udp"),
                        Map.of("org.opencontainers.image.title", "hello")))
                .tag("registry.local:5000/team/hello:1.0").allowUnfree(true).build();
        assertEquals(expected, every);
        assertEquals(expected.toBuilder().allowBroken(true).build(),
                Recipe.read(VERSION_1.resolve("gui-every-setting-with-allow-broken.json")));

        Recipe zstd = Recipe.read(VERSION_1.resolve("cli-zstd-now.json"));
        assertEquals(Compression.ZSTD, zstd.compression());
        assertEquals(CreationTime.NOW, zstd.created());
        assertEquals("popularity.json", zstd.popularity());
        assertEquals("demo/from-recipe:1", zstd.tag());
        Recipe docker = Recipe.read(VERSION_1.resolve("cli-docker-epoch.json"));
        assertEquals(ManifestFormat.DOCKER, docker.manifestFormat());
        assertEquals(CreationTime.EPOCH, docker.created());
        assertEquals(Recipe.of(null, List.of("hello")), Recipe.read(VERSION_1.resolve("handwritten-minimal.json")));
    }

    @Test
    void anOldRecipeSavedAgainSaysVersion2AndKeepsEveryValue() throws IOException {
        Path old = VERSION_1.resolve("gui-every-setting.json");
        Path again = tmp.resolve("again.json");
        Recipe.read(old).write(again);
        ObjectNode before = (ObjectNode) JSON.readTree(old.toFile());
        ObjectNode after = (ObjectNode) JSON.readTree(again.toFile());
        assertEquals(1, before.remove("format").intValue());
        assertEquals(Recipe.VERSION, after.remove("version").intValue());
        assertEquals(0, after.remove("expressions").size(), "a setting newer than the file: none");
        assertEquals(0, after.remove("adds").size(), "a setting newer than the file: none");
        assertEquals("epoch", after.remove("created").textValue(), "the default creation time is written out");
        assertFalse(after.remove("allowBroken").booleanValue(), "a setting newer than the file: its default");
        assertEquals(before, after);
        assertTrue(Files.readString(again).startsWith("{\n  \"version\" : " + Recipe.VERSION + ",\n  \"source\" : "), "version first");
        // The image they describe is the same: same key, so a cached image of the old file is reused.
        assertEquals(Recipe.read(old).imageSettings(), Recipe.read(again).imageSettings());
    }

    @Test
    void aRecipeOfANewerStrataSaysSo() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> Recipe.fromJson("{\"version\": " + (Recipe.VERSION + 1) + ", \"packages\": [\"hello\"], \"baseImage\": \"oci:x\"}", "new.json"));
        assertEquals("new.json: the recipe's version " + (Recipe.VERSION + 1) + " is newer than this Strata reads (1 to "
                + Recipe.VERSION + "): the recipe was written by "
                + "a newer Strata; upgrade Strata to open it", e.getMessage());
        assertTrue(assertThrows(RecipeException.class, () -> Recipe.fromJson("{\"format\": 2}", "f.json")).getMessage()
                .contains("written by a newer Strata"));
    }

    @Test
    void anUnknownSettingIsRefusedByName() {
        RecipeException top = assertThrows(RecipeException.class,
                () -> Recipe.fromJson("{\"version\": 2, \"maxlayers\": 20}", "typo.json"));
        assertEquals("typo.json: the recipe's maxlayers is not a setting Strata knows; remove it or correct its name (the "
                + "recipe's settings are version, source, packages, expressions, from, adds, strategy, maxLayers, popularity, pins, config, tag, "
                + "compression, manifestFormat, allowUnfree, allowBroken, created)", top.getMessage());
        RecipeException nested = assertThrows(RecipeException.class,
                () -> Recipe.fromJson("{\"config\": {\"workdir\": \"/srv\"}}", "typo.json"));
        assertTrue(nested.getMessage().startsWith("typo.json: the recipe's config.workdir is not a setting Strata knows"),
                nested.getMessage());
        assertTrue(nested.getMessage().contains("workingDir"), nested.getMessage());
    }

    @Test
    void wrongTypesAndValuesAreOneSentenceNamingTheSetting() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"compression\": \"lz4\"}", "the recipe's compression 'lz4' is not one of gzip, zstd, none");
        cases.put("{\"maxLayers\": \"12\"}", "the recipe's maxLayers must be a whole number, not the text \"12\"");
        cases.put("{\"maxLayers\": 1.5}", "the recipe's maxLayers must be a whole number, not the number 1.5");
        cases.put("{\"maxLayers\": 99999999999}", "the recipe's maxLayers");
        cases.put("{\"maxLayers\": 1" + "0".repeat(400) + "}", "the recipe's maxLayers");
        cases.put("{\"maxLayers\": 500}", "the recipe's maxLayers 500 is out of range; choose 2 to 125");
        cases.put("{\"packages\": \"hello\"}", "the recipe's packages must be a list of texts in quotes, not the text \"hello\"");
        cases.put("{\"packages\": [\"hello\", null]}", "the recipe's packages[1] is null");
        cases.put("{\"packages\": [\"hello\", 5]}", "the recipe's packages[1] must be text in quotes, not the number 5");
        cases.put("{\"allowUnfree\": \"yes\"}", "the recipe's allowUnfree must be true or false, not the text \"yes\"");
        cases.put("{\"created\": 0}", "the recipe's created must be one of epoch, now, not the number 0");
        cases.put("{\"compression\": \"zstd\", \"manifestFormat\": \"docker\"}",
                "the recipe's compression zstd needs the oci manifest format, not docker");
        cases.put("{\"config\": {\"exposedPorts\": [\"99999\"]}}", "the recipe's config is not valid: port '99999'");
        cases.put("{\"config\": {\"env\": [1]}}", "the recipe's config.env[0] must be text in quotes, not the number 1");
        cases.put("{\"config\": []}", "the recipe's config must be an object of settings, not a list");
        cases.put("{\"version\": \"2\"}", "the recipe's version must be a whole number from 1 to " + Recipe.VERSION + ", not the text \"2\"");
        cases.put("{\"tag\": \"a\", \"tag\": \"b\"}", "shared.json is not a Strata recipe: it is not valid JSON (Duplicate");
        cases.put("[\"hello\"]", "shared.json is not a Strata recipe: it holds a list, not a JSON object of settings");
        cases.put("{\"packages\": [\"hello\"]} trailing", "shared.json is not a Strata recipe: it is not valid JSON");
        cases.put("{\"packages\": [\"hel", "shared.json is not a Strata recipe: it is not valid JSON");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            StrataException e = assertThrows(StrataException.class, () -> Recipe.fromJson(c.getKey(), "shared.json"),
                    c.getKey());
            String m = e.getMessage();
            assertTrue(m.startsWith(c.getValue().startsWith("shared.json") ? c.getValue() : "shared.json: " + c.getValue()),
                    c.getKey() + " -> " + m);
            assertOneSentence(m);
        }
    }

    @Test
    void nullOrAnAbsentKeyMeansTheDefault() {
        assertEquals(Recipe.of(null, List.of()), Recipe.fromJson("{\"version\": 2, \"maxLayers\": null, \"allowUnfree\": null, "
                + "\"compression\": null, \"packages\": null, \"config\": null, \"tag\": null}", "nulls.json"));
        assertEquals(Recipe.DEFAULT_MAX_LAYERS, Recipe.fromJson("{}", "empty.json").maxLayers());
    }

    @Test
    void aHugeFileIsRefusedBeforeItIsRead() throws IOException {
        Path big = tmp.resolve("big.json");
        Files.write(big, ("{\"packages\": [" + "\"hello\",".repeat(700_000) + "\"hello\"]}").getBytes(StandardCharsets.UTF_8));
        StrataException e = assertThrows(StrataException.class, () -> Recipe.read(big));
        assertEquals(big + " is not a Strata recipe: it has " + Files.size(big) + " bytes, and a recipe has at most 4194304; "
                + "is it the right file?", e.getMessage());
        Path binary = tmp.resolve("image.tar");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertEquals(binary + " is not a Strata recipe: it is not UTF-8 text; is it the right file?",
                assertThrows(StrataException.class, () -> Recipe.read(binary)).getMessage());
    }

    @Test
    void aRecipeBuiltInCodeIsCheckedAsAFileIs() {
        RecipeException e = assertThrows(RecipeException.class, () -> Recipe.builder().maxLayers(1).build());
        assertEquals("the recipe's maxLayers 1 is out of range; choose 2 to 125 (Docker and most registries refuse images "
                + "of more than 125 layers; one layer is the symlink layer)", e.getMessage());
        assertEquals("maxLayers", e.setting());
        assertEquals("--max-layers 1 is out of range; choose 2 to 125 (Docker and most registries refuse images of more "
                + "than 125 layers; one layer is the symlink layer)", e.as("--max-layers").getMessage());
    }

    @Test
    void theImageKeyLeavesOutWhatDoesNotChangeTheImage() {
        Recipe a = Recipe.builder().source("demo").packages(List.of("hello")).tag("a:1").build();
        Recipe b = a.toBuilder().source("path:/other").packages(List.of("tree")).tag("b:2").build();
        assertEquals(a.imageSettings(), b.imageSettings());
        assertFalse(a.imageSettings().equals(a.toBuilder().maxLayers(20).build().imageSettings()));
        assertFalse(a.imageSettings().equals(a.toBuilder().created(CreationTime.NOW).build().imageSettings()));
    }

    @Test
    void addedFilesAndAFileBaseAreFoundFromTheRecipesDirectory() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Recipe recipe = Recipe.builder().packages(List.of("hello")).from("oci:" + project.resolve("base") + ":1")
                .adds(List.of(AddedFiles.parse("conf/app.conf:/etc/app.conf:uid=1000,mode=0640", project))).build();
        Path file = project.resolve("recipe.json");
        recipe.write(file);
        JsonNode saved = JSON.readTree(file.toFile());
        assertEquals("oci:base:1", saved.path("from").textValue());
        assertEquals("conf/app.conf", saved.path("adds").path(0).path("source").textValue());
        assertEquals("0640", saved.path("adds").path(0).path("mode").textValue());
        // Moved elsewhere with its files, it still finds them.
        Path moved = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.move(file, moved.resolve("recipe.json"));
        Recipe opened = Recipe.read(moved.resolve("recipe.json"));
        assertEquals(moved.resolve("conf/app.conf").toString(), opened.adds().get(0).source());
        assertEquals("oci:" + moved.resolve("base") + ":1", opened.from());
        assertEquals(1000, opened.adds().get(0).owner().uid());
    }

    @Test
    void aBadBaseOrAddInAFileIsNamed() {
        RecipeException from = assertThrows(RecipeException.class,
                () -> Recipe.fromJson("{\"from\": \"no such:image\"}", "r.json"));
        assertTrue(from.getMessage().startsWith("r.json: the recipe's from 'no such:image' is not an image reference"),
                from.getMessage());
        RecipeException add = assertThrows(RecipeException.class,
                () -> Recipe.fromJson("{\"adds\": [{\"source\": \"a\", \"destination\": \"/x/../../etc\"}]}", "r.json"));
        assertTrue(add.getMessage().startsWith("r.json: the recipe's adds[0]") && add.getMessage().contains("'..'"),
                add.getMessage());
        RecipeException none = assertThrows(RecipeException.class,
                () -> Recipe.fromJson("{\"adds\": [null]}", "r.json"));
        assertTrue(none.getMessage().startsWith("r.json: the recipe's adds[0] is null"), none.getMessage());
    }

    // ---- properties over thousands of generated recipes ----

    @Test
    void everyValidRecipeSurvivesSaveAndOpenBitForBit() {
        qt().withExamples(2000).forAll(recipes()).checkAssert(recipe -> {
            String json = recipe.toJson();
            Recipe back = Recipe.fromJson(json, "generated.json");
            assertEquals(recipe, back);
            assertEquals(json, back.toJson());
        });
    }

    /** The same through a file, as the window saves and opens it (fewer examples: files are slow on a busy disk). */
    @Test
    void everyValidRecipeSurvivesAFile() {
        qt().withExamples(200).forAll(recipes()).checkAssert(recipe -> {
            try {
                Path file = Files.createTempFile(tmp, "recipe-", ".json");
                recipe.write(file);
                // Added files and a base in a file are written relative to the recipe's directory.
                assertEquals(recipe.withPathsFrom(tmp, false).toJson(), Files.readString(file, StandardCharsets.UTF_8));
                assertEquals(recipe, Recipe.read(file));
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void everyInvalidRecipeIsOneSentenceNamingTheSetting() {
        qt().withExamples(2000).forAll(recipes(), breakages()).checkAssert((recipe, breakage) -> {
            ObjectNode settings;
            String text;
            try {
                settings = (ObjectNode) JSON.readTree(recipe.toJson());
                String setting = breakage.apply(settings);
                text = JSON.writeValueAsString(settings);
                RecipeException e = assertThrows(RecipeException.class, () -> Recipe.fromJson(text, "shared.json"), text);
                assertTrue(e.getMessage().startsWith("shared.json: the recipe's " + setting), setting + ": " + e.getMessage());
                assertTrue(e.setting().startsWith(setting), e.setting());
                assertOneSentence(e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void anyTextIsARecipeOrOneSentence() {
        qt().withExamples(2000).forAll(texts()).checkAssert(RecipeFormatTest::recipeOrOneSentence);
    }

    @Test
    void anyJsonObjectIsARecipeOrOneSentence() {
        qt().withExamples(2000).forAll(objects()).checkAssert(o -> recipeOrOneSentence(o.toString()));
    }

    private static void recipeOrOneSentence(String text) {
        try {
            Recipe.fromJson(text, "shared.json");
        } catch (StrataException e) {
            assertTrue(e.getMessage().startsWith("shared.json"), e.getMessage());
            assertOneSentence(e.getMessage());
        }
    }

    private static void assertOneSentence(String m) {
        assertFalse(m.contains("\n"), "one line: " + m);
        assertFalse(m.contains("Exception") || m.contains("jackson") || m.contains("dev.strata"), "for people: " + m);
    }

    // ---- generators ----

    /** Any text without lone surrogates (which no UTF-8 file can hold). */
    static Gen<String> text(int max) {
        return strings().betweenCodePoints(0, 0xd7ff).ofLengthBetween(0, max);
    }

    /** The generated value, or null about {@code percent} times in a hundred. */
    static <T> Gen<T> orNull(Gen<T> gen, int percent) {
        return integers().between(1, 100).flatMap(x -> x <= percent ? Generate.constant((T) null) : gen);
    }

    static Gen<Recipe> recipes() {
        Gen<String> name = from("abcdefghijklmnopqrstuvwxyz.-_", 1, 20);
        Gen<Recipe.Builder> what = orNull(text(40), 30).zip(listOf(text(30), 0, 8),
                        orNull(pick("strata", "nixery", "popularity", "size"), 30),
                        integers().between(2, Recipe.MAX_LAYERS_LIMIT),
                        (source, packages, strategy, maxLayers) -> Recipe.builder().source(source).packages(packages)
                                .strategy(strategy).maxLayers(maxLayers))
                .zip(orNull(text(30), 50), listOf(name, 0, 4), orNull(text(30), 40),
                        (b, popularity, pins, tag) -> b.popularity(popularity).pins(pins).tag(tag))
                .zip(listOf(name, 0, 3), (b, expressions) -> b.expressions(expressions))
                .zip(orNull(pick("oci:/srv/base:1", "docker://127.0.0.1:5000/base:1", "docker-archive:/srv/b.tar",
                        "registry.local/team/base@sha256:" + "a".repeat(64)), 50), listOf(adds(name), 0, 3),
                        (b, from, adds) -> b.from(from).adds(adds));
        // zstd only with OCI manifests: the one combination a recipe refuses.
        Gen<List<Object>> how = pick(List.of(Compression.GZIP, ManifestFormat.OCI),
                List.of(Compression.GZIP, ManifestFormat.DOCKER), List.of(Compression.ZSTD, ManifestFormat.OCI),
                List.of(Compression.NONE, ManifestFormat.OCI), List.of(Compression.NONE, ManifestFormat.DOCKER));
        Gen<List<Boolean>> allow = listOf(booleans().all(), 2, 2);
        return what.zip(configs(), how, allow, (b, config, h, a) -> b.config(config)
                        .compression((Compression) h.get(0)).manifestFormat((ManifestFormat) h.get(1))
                        .allowUnfree(a.get(0)).allowBroken(a.get(1)))
                .zip(Generate.enumValues(CreationTime.class), (b, created) -> b.created(created).build());
    }

    /** An {@code --add}: an absolute source, a destination in the image, and some of the options. */
    static Gen<AddedFiles> adds(Gen<String> name) {
        return name.zip(name, orNull(integers().between(0, 65535), 50), orNull(pick("0644", "0755", "0600"), 50),
                (src, dest, uid, mode) -> new AddedFiles("/srv/files/f" + src, "/app-" + dest, uid, null, mode, null));
    }

    static Gen<ImageConfig> configs() {
        Gen<String> env = from("ABCDEFGHIJKLMNOPQRSTUVWXYZ_", 1, 8).zip(text(20), (k, v) -> k + "=" + v);
        Gen<String> port = integers().between(1, 65535).zip(pick("", "/tcp", "/udp", "/sctp"), (p, proto) -> p + proto);
        Gen<String> labelKey = from("abcdefghijklmnopqrstuvwxyz", 1, 1).zip(from("abcdefghijklmnopqrstuvwxyz./-", 0, 19),
                String::concat);
        Gen<String> dir = from("abcdefghijklmnopqrstuvwxyz", 0, 10).map(s -> s.isEmpty() ? "" : "/" + s);
        return listOf(text(20), 0, 3).zip(listOf(text(20), 0, 3), listOf(env, 0, 4), dir,
                        (entrypoint, cmd, environment, workingDir) -> List.of(entrypoint, cmd, environment, workingDir))
                .zip(pick("", "nobody", "1000", "app:staff", "0:0"), listOf(port, 0, 3), mapOf(labelKey, text(20), 3),
                        (a, user, ports, labels) -> new ImageConfig(list(a.get(0)), list(a.get(1)), list(a.get(2)),
                                (String) a.get(3), user, ports, labels));
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object o) {
        return (List<String>) o;
    }

    /** A change that makes a valid recipe's settings invalid; returns the setting it broke. */
    interface Breakage {
        String apply(ObjectNode settings);
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static Gen<Breakage> breakages() {
        Gen<JsonNode> notText = pick(NODES.numberNode(7), NODES.numberNode(1.5), NODES.booleanNode(true),
                NODES.arrayNode().add("x"), NODES.objectNode().put("a", "b"));
        Gen<JsonNode> notNumber = pick(NODES.textNode("12"), NODES.numberNode(2.5), NODES.booleanNode(false),
                NODES.arrayNode().add(3), NODES.objectNode(), NODES.numberNode(new BigInteger("1" + "0".repeat(60))),
                NODES.numberNode(1L << 40), NODES.numberNode(1e300));
        Gen<JsonNode> notList = pick(NODES.textNode("hello"), NODES.numberNode(1), NODES.objectNode(),
                NODES.arrayNode().add(1), NODES.arrayNode().add(NODES.arrayNode()), NODES.arrayNode().add(NODES.objectNode()),
                NODES.booleanNode(true), NODES.arrayNode().add("ok").addNull());
        Gen<JsonNode> notBoolean = pick(NODES.textNode("true"), NODES.numberNode(1), NODES.arrayNode());
        List<String> words = List.of("gzip", "zstd", "none", "oci", "docker", "epoch", "now");
        Gen<JsonNode> notChoice = oneOf(from("abcdefghijklmnopqrstuvwxyzGZIP", 1, 10)
                        .assuming(s -> !words.contains(s)).map(s -> (JsonNode) NODES.textNode(s)),
                pick(NODES.numberNode(0), NODES.numberNode(1), NODES.arrayNode().add("gzip"), NODES.booleanNode(true)));
        Gen<String> unknownKey = from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 12)
                .assuming(k -> Arrays.stream(Recipe.class.getRecordComponents()).noneMatch(c -> c.getName().equals(k)));
        Gen<Breakage> wrongType = oneOf(
                pick("source", "strategy", "popularity", "tag").zip(notText, (s, v) -> r -> put(r, s, v)),
                pick("packages", "pins").zip(notList, (s, v) -> r -> put(r, s, v)),
                notNumber.map(v -> r -> put(r, "maxLayers", v)),
                pick("allowUnfree", "allowBroken").zip(notBoolean, (s, v) -> r -> put(r, s, v)),
                pick("compression", "manifestFormat", "created").zip(notChoice, (s, v) -> r -> put(r, s, v)),
                pick(NODES.textNode("x"), NODES.numberNode(1), NODES.arrayNode()).map(v -> r -> put(r, "config", v)));
        Gen<Breakage> outOfRange = oneOf(integers().between(Integer.MIN_VALUE, -1), integers().between(1, 1),
                        integers().between(Recipe.MAX_LAYERS_LIMIT + 1, Integer.MAX_VALUE))
                .map(n -> r -> put(r, "maxLayers", NODES.numberNode(n)));
        Gen<Breakage> nullEntry = pick("packages", "pins").zip(integers().between(0, 20), (s, at) -> r -> {
            ArrayNode list = r.withArray(s);
            int i = Math.min(at, list.size());
            list.insertNull(i);
            return s + "[" + i + "]";
        });
        Gen<Breakage> unknown = unknownKey.zip(booleans().all(), (k, nested) -> r -> {
            if (nested) {
                r.withObject("config").put(k, "value");
                return "config." + k;
            }
            r.put(k, "value");
            return k;
        });
        Gen<Breakage> badConfig = pick(
                inConfig("workingDir", NODES.textNode("relative/dir"), "config"),
                inConfig("exposedPorts", NODES.arrayNode().add("70000"), "config"),
                inConfig("env", NODES.arrayNode().add("NO_EQUALS"), "config"),
                inConfig("user", NODES.textNode("a b"), "config"),
                inConfig("env", NODES.textNode("A=1"), "config.env"),
                inConfig("labels", NODES.arrayNode(), "config.labels"),
                inConfig("env", NODES.arrayNode().addNull(), "config"),
                inConfig("entrypoint", NODES.arrayNode().add("/bin/sh").addNull(), "config"));
        Gen<Breakage> version = oneOf(integers().between(Recipe.VERSION + 1, 1_000_000)
                        .map(v -> r -> put(r, "version", NODES.numberNode(v))),
                pick(NODES.numberNode(0), NODES.numberNode(-1), NODES.textNode("2"), NODES.numberNode(2.0), NODES.nullNode())
                        .map(v -> r -> put(r, "version", v)));
        Gen<Breakage> zstdDocker = Generate.constant(r -> {
            r.put("compression", "zstd");
            r.put("manifestFormat", "docker");
            return "compression";
        });
        return Generate.frequency(List.of(Pair.of(6, wrongType), Pair.of(2, outOfRange), Pair.of(2, nullEntry),
                Pair.of(2, unknown), Pair.of(2, badConfig), Pair.of(2, version), Pair.of(1, zstdDocker)));
    }

    private static String put(ObjectNode node, String key, JsonNode value) {
        node.set(key, value);
        return key;
    }

    /** Sets a key of the image config; a value ImageConfig refuses is blamed on {@code config} as a whole. */
    private static Breakage inConfig(String key, JsonNode value, String blamed) {
        return r -> {
            r.withObject("config").set(key, value);
            return blamed;
        };
    }

    static Gen<String> texts() {
        return oneOf(text(200), from("{}[]\":,0123456789.eE-+ntrufalsx\\ ", 0, 80),
                pick("", "null", "{}", "[]", "\"x\"", "1e999999", "{\"version\": 1e999}"));
    }

    static Gen<JsonNode> objects() {
        List<String> keys = new ArrayList<>(Arrays.stream(Recipe.class.getRecordComponents()).map(c -> c.getName()).toList());
        keys.addAll(List.of("format", "entrypoint", "env", "labels", "x"));
        Gen<String> key = Generate.pick(keys);
        Gen<JsonNode> leaf = oneOf(text(10).map(s -> (JsonNode) NODES.textNode(s)),
                integers().all().map(i -> (JsonNode) NODES.numberNode(i)),
                doubles().any().map(d -> (JsonNode) NODES.numberNode(d)),
                pick(NODES.booleanNode(true), NODES.nullNode(), NODES.textNode("gzip"), NODES.textNode("docker")));
        Gen<JsonNode> list = listOf(leaf, 0, 3).map(l -> {
            ArrayNode a = NODES.arrayNode();
            l.forEach(a::add);
            return a;
        });
        Gen<JsonNode> object = mapOf(key, leaf, 3).map(RecipeFormatTest::object);
        return mapOf(key, oneOf(leaf, list, object), 6).map(RecipeFormatTest::object);
    }

    private static JsonNode object(Map<String, JsonNode> m) {
        ObjectNode o = NODES.objectNode();
        m.forEach(o::set);
        return o;
    }
}
