package dev.strata.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.StrataException;
import dev.strata.cli.CliRunner;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.serve.PipelineImages;
import dev.strata.serve.RegistryServer;
import dev.strata.source.PackageSource;
import dev.strata.source.ResolvedSource;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unfree and broken packages are refused in every package set, not only in sets that check their
 * own meta as nixpkgs does, unless allowed; the refusal follows the same rule as the search flags.
 * {@code nixsets/meta-checks} checks nothing itself and builds everything.
 */
class UnfreeAndBrokenTest {
    static final Map<String, String> UNFREE = Map.of("closed-tool", "unfree", "string-licence", "unfree",
            "listed-licence", "MIT, unfreeRedistributable", "short-name-only", "unfree");

    @TempDir
    static Path tmp;
    static Nix nix;
    static Path setDir;
    static ResolvedSource set;

    @BeforeAll
    static void setUp() {
        nix = TestNix.create(tmp.resolve("cache"));
        setDir = TestNix.resourceSet("nixsets/meta-checks");
        set = nix.resolve(new PackageSource.LocalPath(setDir));
    }

    static Nix allowing(boolean unfree, boolean broken) {
        return nix.withOptions(nix.options().withAllowUnfree(unfree).withAllowBroken(broken));
    }

    @Test
    void everyShapeOfUnfreeLicenceIsRefusedUnlessAllowedAndTheSearchFlagsAgree() {
        PackageIndex index = nix.index(set, NixProgress.Listener.NONE);
        for (PackageInfo p : index.all()) {
            assertEquals(UNFREE.containsKey(p.attrPath()), p.unfree(), p.attrPath() + " is flagged unfree");
        }
        for (var e : UNFREE.entrySet()) {
            var refused = assertThrows(StrataException.class,
                    () -> nix.realise(set, List.of(e.getKey()), NixProgress.Listener.NONE));
            assertEquals("'" + e.getKey() + "' (licence " + e.getValue() + ") has an unfree licence in the package set at "
                    + setDir + "; allow unfree packages with --allow-unfree (in the window: tick \u201cAllow unfree "
                    + "packages\u201d)", refused.getMessage());
            try (Realisation r = allowing(true, false).realise(set, List.of(e.getKey()), NixProgress.Listener.NONE)) {
                assertTrue(Files.isRegularFile(Path.of(r.roots().get(0).path(), "bin", e.getKey())), "it was built");
            }
        }
        try (Realisation r = nix.realise(set, List.of("free-tool"), NixProgress.Listener.NONE)) {
            assertEquals("free-tool", r.packages().get(0).attrPath());
        }
    }

    @Test
    void aBrokenPackageIsRefusedUnlessAllowedAndEveryRefusalIsOneSentence() {
        assertTrue(nix.index(set, NixProgress.Listener.NONE).get("flaky-tool").orElseThrow().broken());
        var refused = assertThrows(StrataException.class,
                () -> nix.realise(set, List.of("flaky-tool", "closed-tool", "free-tool"), NixProgress.Listener.NONE));
        assertEquals("'closed-tool' (licence unfree) has an unfree licence in the package set at " + setDir
                + "; allow unfree packages with --allow-unfree (in the window: tick \u201cAllow unfree packages\u201d); "
                + "and 'flaky-tool' is marked broken in the package set at " + setDir + "; build it anyway with "
                + "--allow-broken (in the window: tick \u201cAllow broken packages\u201d)", refused.getMessage());
        assertThrows(StrataException.class,
                () -> allowing(true, false).realise(set, List.of("flaky-tool"), NixProgress.Listener.NONE));
        try (Realisation r = allowing(false, true).realise(set, List.of("flaky-tool"), NixProgress.Listener.NONE)) {
            assertEquals("flaky-tool", r.packages().get(0).attrPath());
        }
    }

    /**
     * A set that checks its own meta (the demo set, as nixpkgs) refuses an unfree or broken
     * dependency that nobody named, through the config Strata passes; the error says which option
     * allows it. A set that checks nothing cannot tell Strata about its dependencies.
     */
    @Test
    void anUnfreeDependencyIsRefusedWhereTheSetChecksItsDerivations() throws Exception {
        Path overlaid = tmp.resolve("demo-with-user");
        Files.createDirectories(overlaid);
        Files.writeString(overlaid.resolve("default.nix"), "args: import " + nix.files().demo() + " (args // {\n"
                + "  overlays = [ (final: prev: {\n"
                + "    unrar-user = final.stdenv.mkDerivation { pname = \"unrar-user\"; version = \"1\";\n"
                + "      runtimeDeps = [ final.unrar ]; buildCommand = \"mkdir -p $out\";\n"
                + "      meta.license = final.lib.licenses.mit; };\n"
                + "    frob-user = final.stdenv.mkDerivation { pname = \"frob-user\"; version = \"1\";\n"
                + "      runtimeDeps = [ final.libfrob ]; buildCommand = \"mkdir -p $out\"; };\n"
                + "  }) ];\n"
                + "})\n");
        ResolvedSource demo = nix.resolve(new PackageSource.LocalPath(overlaid));
        var unfree = assertThrows(NixFailure.class, () -> nix.realise(demo, List.of("unrar-user"), NixProgress.Listener.NONE));
        assertTrue(unfree.getMessage().contains("Package \u2018unrar-7.0.7\u2019") && unfree.getMessage().contains(
                "has an unfree license") && unfree.getMessage().endsWith("allow unfree packages with --allow-unfree "
                + "(in the window: tick \u201cAllow unfree packages\u201d)"), unfree.getMessage());
        var broken = assertThrows(NixFailure.class, () -> nix.realise(demo, List.of("frob-user"), NixProgress.Listener.NONE));
        assertTrue(broken.getMessage().contains("is marked as broken") && broken.getMessage().contains("--allow-broken"),
                broken.getMessage());
        try (Realisation r = allowing(true, false).realise(demo, List.of("unrar-user"), NixProgress.Listener.NONE)) {
            assertTrue(r.closure().paths().stream().anyMatch(p -> p.name().startsWith("unrar-7")), "unrar is in it");
        }

        try (Realisation r = nix.realise(set, List.of("uses-closed"), NixProgress.Listener.NONE)) {
            assertTrue(r.closure().paths().stream().anyMatch(p -> p.name().equals("closed-tool")),
                    "a set that checks nothing: its unfree dependency is not seen");
        }
    }

    @Test
    void theCommandLineAndRecipesCarryBothPermissions() throws Exception {
        String source = "path:" + setDir;
        var refused = CliRunner.run("plan", "--source", source, "flaky-tool", "--json");
        assertEquals(1, refused.exit(), refused.err());
        assertTrue(refused.err().startsWith("strata: 'flaky-tool' is marked broken") && refused.err().contains(
                "--allow-broken"), refused.err());
        var allowed = CliRunner.run("plan", "--source", source, "flaky-tool", "closed-tool", "--allow-broken",
                "--allow-unfree", "--json");
        assertEquals(0, allowed.exit(), allowed.err());

        Path recipe = tmp.resolve("recipe.json");
        Recipe.builder().source(source).packages(List.of("flaky-tool", "closed-tool")).allowBroken(true).allowUnfree(true).build()
                .write(recipe);
        assertTrue(new ObjectMapper().readTree(recipe.toFile()).path("allowBroken").asBoolean(), "saved in the recipe");
        assertTrue(Recipe.read(recipe).allowBroken());
        var fromRecipe = CliRunner.run("plan", "--recipe", recipe.toString(), "--json");
        assertEquals(0, fromRecipe.exit(), fromRecipe.err());
        assertFalse(Recipe.of(source, List.of("x")).allowBroken(), "refused unless asked for");
    }

    @Test
    void theServerRefusesThemUnlessStartedWithThePermission() throws Exception {
        Composer composer = new Composer(nix, tmp.resolve("cache"));
        String source = "path:" + setDir;
        for (boolean allow : List.of(false, true)) {
            Recipe template = Recipe.builder().source(source).allowBroken(allow).build();
            try (RegistryServer server = RegistryServer.start(new PipelineImages(composer, source, template, line -> { }),
                    RegistryServer.Options.defaults(new InetSocketAddress("127.0.0.1", 0)), line -> { })) {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + server.address().getPort() + "/v2/flaky-tool/manifests/latest")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(allow ? 200 : 404, r.statusCode(), r.body());
                assertEquals(!allow, r.body().contains("marked broken") && r.body().contains("--allow-broken"), r.body());
            }
        }
    }
}
