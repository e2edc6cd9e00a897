package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Composer;
import dev.strata.sbom.InventoryLabel;
import dev.strata.sbom.SbomFormat;
import dev.strata.sbom.SbomSchemas;
import dev.strata.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SBOMs of real Nix builds of the demo set: git's closure (17 paths) with the set's names,
 * versions, licences and homepages, its references as dependencies, valid against the official
 * schemas; {@code build --sbom} writes what {@code strata sbom} says of the same recipe, and the
 * built image's config carries the inventory both come from.
 */
class SbomCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static Composer composer;
    static JsonNode built;
    static Path spdxOfBuild;
    static Path cdxOfBuild;

    @BeforeAll
    static void buildGitWithItsSboms() throws Exception {
        composer = TestImages.composer(tmp.resolve("cache"));
        spdxOfBuild = tmp.resolve("git.spdx.json");
        cdxOfBuild = tmp.resolve("git.cdx.json");
        CliRunner r = CliRunner.run(composer, "build", "git", "--source", "demo", "-t", "demo/git:1", "-o",
                tmp.resolve("git").toString(), "--sbom", spdxOfBuild.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        built = JSON.readTree(r.out());
        CliRunner again = CliRunner.run(composer, "build", "git", "--source", "demo", "-t", "demo/git:1", "-o",
                tmp.resolve("git2").toString(), "--sbom", cdxOfBuild.toString(), "--sbom-format", "cyclonedx");
        assertEquals(0, again.exit(), again.err());
    }

    @Test
    void theSpdxOfABuildValidatesAndDescribesTheClosure() throws Exception {
        JsonNode spdx = JSON.readTree(spdxOfBuild.toFile());
        assertEquals(java.util.List.of(), SbomSchemas.errors(SbomFormat.SPDX, spdx));
        assertEquals("demo/git:1", spdx.path("name").asText());
        Map<String, JsonNode> byName = new HashMap<>();
        spdx.path("packages").forEach(p -> byName.put(p.path("name").asText(), p));
        assertEquals(18, spdx.path("packages").size(), "the image and git's 17 store paths");
        JsonNode git = byName.get("git");
        assertEquals("2.44.0", git.path("versionInfo").asText());
        assertEquals("GPL-2.0-only", git.path("licenseDeclared").asText());
        assertEquals("https://git-scm.com/", git.path("homepage").asText());
        assertEquals("pkg:nix/git@2.44.0", git.path("externalRefs").get(0).path("referenceLocator").asText());
        assertEquals("Apache-2.0", byName.get("openssl").path("licenseDeclared").asText());
        assertEquals("Artistic-1.0 AND GPL-1.0-or-later", byName.get("perl").path("licenseDeclared").asText());
        Set<String> gitDependsOn = new HashSet<>();
        String gitId = git.path("SPDXID").asText();
        Map<String, String> names = new HashMap<>();
        spdx.path("packages").forEach(p -> names.put(p.path("SPDXID").asText(), p.path("name").asText()));
        for (JsonNode rel : spdx.path("relationships")) {
            if (rel.path("spdxElementId").asText().equals(gitId) && rel.path("relationshipType").asText().equals("DEPENDS_ON")) {
                gitDependsOn.add(names.get(rel.path("relatedSpdxElement").asText()));
            }
        }
        assertEquals(Set.of("glibc", "busybox", "bash", "perl", "python3", "curl", "openssl", "zlib", "pcre2", "expat"),
                gitDependsOn, "git's references, as nix path-info gives them");
    }

    @Test
    void theCycloneDxOfABuildValidatesAndDescribesTheClosure() throws Exception {
        JsonNode cdx = JSON.readTree(cdxOfBuild.toFile());
        assertEquals(java.util.List.of(), SbomSchemas.errors(SbomFormat.CYCLONEDX, cdx));
        assertEquals(17, cdx.path("components").size());
        JsonNode curl = null;
        for (JsonNode c : cdx.path("components")) {
            if (c.path("name").asText().equals("curl")) {
                curl = c;
            }
        }
        assertEquals("curl", curl.path("licenses").get(0).path("license").path("id").asText());
        assertEquals("8.6.0", curl.path("version").asText());
        assertEquals("https://curl.se/", curl.path("externalReferences").get(0).path("url").asText());
        assertEquals(18, cdx.path("dependencies").size(), "the image and each store path");
    }

    @Test
    void strataSbomOfTheRecipeSaysWhatTheBuildWrote() throws Exception {
        Path recipe = tmp.resolve("git.recipe.json");
        Files.writeString(recipe, "{\"version\":3,\"source\":\"demo\",\"packages\":[\"git\"],\"tag\":\"demo/git:1\"}");
        CliRunner r = CliRunner.run(composer, "sbom", recipe.toString(), "--format", "spdx");
        assertEquals(0, r.exit(), r.err());
        assertEquals(Files.readString(spdxOfBuild), r.out());
        Path out = tmp.resolve("sbom-o.json");
        CliRunner o = CliRunner.run(composer, "sbom", recipe.toString(), "--format", "cyclonedx", "-o", out.toString());
        assertEquals(0, o.exit(), o.err());
        assertEquals(Files.readString(cdxOfBuild), Files.readString(out));
    }

    @Test
    void theImageConfigCarriesTheInventory() throws Exception {
        Path layout = tmp.resolve("git");
        String hex = built.path("configDigest").asText().substring("sha256:".length());
        JsonNode config = JSON.readTree(layout.resolve("blobs/sha256/" + hex).toFile());
        String label = config.path("config").path("Labels").path(InventoryLabel.KEY).asText();
        assertEquals(17, InventoryLabel.decode(label).items().size());
        assertTrue(label.length() < 4096, "kept small: " + label.length() + " characters");
    }
}
