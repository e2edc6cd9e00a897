package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Composer;
import dev.strata.sbom.SbomFormat;
import dev.strata.sbom.SbomSchemas;
import dev.strata.testing.Requirements;
import dev.strata.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SBOM of an image built {@code --from} a base covers the base as far as it can be known
 * (docs/sbom.md): a base Strata built is merged from its recorded inventory; store paths found
 * in another base's layers are listed by name; a base with none (made by umoci) is named by its
 * digest and said to be not inventoried. Both documents validate against the official schemas.
 */
class SbomOfBaseImageTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FOO = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-foo-1.0";

    @TempDir
    static Path tmp;

    static Composer composer;
    static Path plainBase;
    static Path nixBase;
    static Path strataBase;

    static CliRunner strata(String... args) {
        return CliRunner.run(composer, args);
    }

    static JsonNode sbom(String image, SbomFormat format) throws Exception {
        CliRunner r = strata("sbom", image, "--format", format.id());
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals(List.of(), SbomSchemas.errors(format, doc));
        return doc;
    }

    static String manifestDigest(Path layout) {
        return FilesAndBaseImagesCliTest.run("sh", "-c", "skopeo inspect --raw oci:" + layout + ":1 | sha256sum")
                .strip().split(" ")[0];
    }

    @BeforeAll
    static void setUp() throws Exception {
        Requirements.require("umoci", "skopeo", "busybox");
        composer = TestImages.composer(tmp.resolve("cache"));
        plainBase = tmp.resolve("plain");
        FilesAndBaseImagesCliTest.makeBase(plainBase, "amd64");
        // the same kind of base with a store path in it, as another Nix tool would leave it
        nixBase = tmp.resolve("nixbase");
        FilesAndBaseImagesCliTest.makeBase(nixBase, "amd64");
        Path bundle = tmp.resolve("nixbase-bundle2");
        FilesAndBaseImagesCliTest.run("umoci", "unpack", "--rootless", "--image", nixBase + ":1", bundle.toString());
        Files.createDirectories(bundle.resolve("rootfs" + FOO + "/bin"));
        Files.writeString(bundle.resolve("rootfs" + FOO + "/bin/foo"), "#!/busybox sh\n");
        FilesAndBaseImagesCliTest.run("umoci", "repack", "--image", nixBase + ":1", bundle.toString());
        strataBase = tmp.resolve("hello.tar");
        assertEquals(0, strata("build", "hello", "--source", "demo", "-o", strataBase.toString()).exit());
    }

    @Test
    void aBaseWithoutStorePathsIsNamedByDigestAndSaidNotInventoried() throws Exception {
        Path out = tmp.resolve("on-plain.tar");
        CliRunner b = strata("build", "hello", "--source", "demo", "--from", "oci:" + plainBase + ":1", "-o", out.toString());
        assertEquals(0, b.exit(), b.err());
        String digest = "sha256:" + manifestDigest(plainBase);
        JsonNode spdx = sbom("oci-archive:" + out, SbomFormat.SPDX);
        JsonNode base = null;
        List<String> names = new ArrayList<>();
        for (JsonNode p : spdx.path("packages")) {
            names.add(p.path("name").asText());
            if (p.path("SPDXID").asText().equals("SPDXRef-base")) {
                base = p;
            }
        }
        assertTrue(base != null, spdx.toString());
        assertEquals("oci:" + plainBase + ":1", base.path("name").asText());
        assertEquals(digest, base.path("versionInfo").asText());
        assertTrue(base.path("comment").asText().contains("not inventoried"), base.toString());
        assertTrue(names.contains("hello"), names.toString());
        boolean descendant = false;
        for (JsonNode r : spdx.path("relationships")) {
            descendant |= r.path("relationshipType").asText().equals("DESCENDANT_OF")
                    && r.path("relatedSpdxElement").asText().equals("SPDXRef-base");
        }
        assertTrue(descendant);
        JsonNode cdx = sbom("oci-archive:" + out, SbomFormat.CYCLONEDX);
        JsonNode component = cdx.path("components").get(0);
        assertEquals("base", component.path("bom-ref").asText());
        assertEquals(digest, component.path("version").asText());
        assertEquals("not_inventoried", component.path("properties").get(0).path("value").asText());
    }

    @Test
    void storePathsInAnotherBaseAreListedByName() throws Exception {
        Path out = tmp.resolve("on-nix.tar");
        CliRunner b = strata("build", "hello", "--source", "demo", "--from", "oci:" + nixBase + ":1", "-o", out.toString());
        assertEquals(0, b.exit(), b.err());
        JsonNode cdx = sbom("oci-archive:" + out, SbomFormat.CYCLONEDX);
        JsonNode foo = null;
        for (JsonNode c : cdx.path("components")) {
            if (c.path("bom-ref").asText().equals(FOO)) {
                foo = c;
            }
        }
        assertTrue(foo != null, cdx.toString());
        assertEquals("foo", foo.path("name").asText());
        assertEquals("1.0", foo.path("version").asText());
        assertEquals("store_names", cdx.path("components").get(0).path("properties").get(0).path("value").asText());
    }

    @Test
    void aBaseStrataBuiltIsMergedFromItsRecordedInventory() throws Exception {
        Path out = tmp.resolve("on-hello.tar");
        CliRunner b = strata("build", "git", "--source", "demo", "--from", "oci-archive:" + strataBase, "-o", out.toString());
        assertEquals(0, b.exit(), b.err());
        JsonNode spdx = sbom("oci-archive:" + out, SbomFormat.SPDX);
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        spdx.path("packages").forEach(p -> byName.put(p.path("name").asText(), p));
        assertTrue(byName.containsKey("git") && byName.containsKey("hello"), byName.keySet().toString());
        // hello came from the base's recorded inventory: described, with its licence
        assertEquals("GPL-3.0-or-later", byName.get("hello").path("licenseDeclared").asText());
        assertTrue(byName.get("oci-archive:" + strataBase).path("comment").asText().contains("recorded"));
    }
}
