package dev.strata.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.StrataException;
import dev.strata.closure.Licence;
import dev.strata.closure.PathMeta;
import dev.strata.closure.StorePath;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPDX and CycloneDX documents of inventories made here (no Nix): valid against the official
 * schemas in every corner (licences without SPDX ids, paths named from their names, no references),
 * reproducible, and the label that carries an inventory reads back exactly and refuses other text.
 */
class SbomDocumentsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final StorePath APP = StorePath.of("/nix/store/0c9v3n1w1q6w4gvy0f5i0p8g2jz3m9bx-app-1.2+git");
    static final StorePath LIB = StorePath.of("/nix/store/1a2b3c4d5f6g7h8i9j0k1l2m3n4p5q6r-libfoo-2.0");
    static final StorePath DATA = StorePath.of("/nix/store/2a2b3c4d5f6g7h8i9j0k1l2m3n4p5q6r-tzdata-2024a");

    static Inventory inventory() {
        PathMeta app = new PathMeta("app", "1.2+git", List.of(new Licence("MIT", "MIT License", true),
                new Licence("LicenseRef-unfree", "Unfree", false), new Licence("", "Some Vendor Licence", false)),
                "https://example.org/app");
        PathMeta lib = new PathMeta("libfoo", "2.0", List.of(new Licence("GPL-2.0-only", "GPL 2", true)), "");
        return new Inventory(List.of(APP), List.of(
                new Inventory.Item(APP, app, true, List.of(LIB, DATA)),
                new Inventory.Item(LIB, lib, true, List.of()),
                new Inventory.Item(DATA, PathMeta.fromName(DATA), false, List.of())), Inventory.Provenance.RECORDED);
    }

    static JsonNode doc(Sbom sbom, SbomFormat f) throws Exception {
        return JSON.readTree(sbom.bytes(f));
    }

    @Test
    void bothFormatsValidateAgainstTheOfficialSchemas() throws Exception {
        Sbom sbom = new Sbom(inventory(), "demo/app:1", Instant.EPOCH, "test");
        for (SbomFormat f : SbomFormat.values()) {
            assertEquals(List.of(), SbomSchemas.errors(f, doc(sbom, f)), f.id());
        }
        Sbom names = new Sbom(Inventory.ofStoreNames(List.of(LIB, DATA)), "other:1", Instant.EPOCH, "test");
        for (SbomFormat f : SbomFormat.values()) {
            assertEquals(List.of(), SbomSchemas.errors(f, doc(names, f)), f.id() + " of store names");
        }
    }

    @Test
    void theSchemasRejectABrokenDocument() throws Exception {
        Sbom sbom = new Sbom(inventory(), "demo/app:1", Instant.EPOCH, "test");
        ObjectNode spdx = (ObjectNode) doc(sbom, SbomFormat.SPDX);
        spdx.remove("creationInfo");
        assertFalse(SbomSchemas.errors(SbomFormat.SPDX, spdx).isEmpty());
        ObjectNode cdx = (ObjectNode) doc(sbom, SbomFormat.CYCLONEDX);
        ((ObjectNode) cdx.path("components").get(0)).putObject("licenses");
        ((ObjectNode) cdx.path("components").get(1).path("licenses").get(0).path("license")).put("id", "Not-A-Licence");
        assertFalse(SbomSchemas.errors(SbomFormat.CYCLONEDX, cdx).isEmpty());
    }

    @Test
    void spdxSaysLicencesAsExpressionsWithExtractedRefs() throws Exception {
        JsonNode spdx = doc(new Sbom(inventory(), "demo/app:1", Instant.EPOCH, "test"), SbomFormat.SPDX);
        JsonNode app = find(spdx.path("packages"), "name", "app");
        assertEquals("MIT AND LicenseRef-unfree AND LicenseRef-Some-Vendor-Licence", app.path("licenseDeclared").asText());
        assertEquals("pkg:nix/app@1.2%2Bgit", app.path("externalRefs").get(0).path("referenceLocator").asText());
        assertEquals(2, spdx.path("hasExtractedLicensingInfos").size());
        // A set's licence without spdxId may still be an SPDX licence (a foreign set's license = "MIT"):
        // the text says what the set did, not that SPDX lacks it.
        assertEquals("The package set names this licence \"Some Vendor Licence\" and gives no SPDX identifier for it.",
                find(spdx.path("hasExtractedLicensingInfos"), "name", "Some Vendor Licence").path("extractedText").asText());
        JsonNode tz = find(spdx.path("packages"), "name", "tzdata");
        assertEquals("2024a", tz.path("versionInfo").asText());
        assertEquals("NOASSERTION", tz.path("licenseDeclared").asText());
        assertTrue(tz.path("comment").asText().contains("read from the store path name"));
        long dependsOn = 0;
        for (JsonNode r : spdx.path("relationships")) {
            if (r.path("relationshipType").asText().equals("DEPENDS_ON")) {
                dependsOn++;
                assertEquals(Spdx.id(APP), r.path("spdxElementId").asText());
            }
        }
        assertEquals(2, dependsOn);
    }

    @Test
    void theSameInventoryGivesTheSameBytes() {
        for (SbomFormat f : SbomFormat.values()) {
            assertEquals(new String(new Sbom(inventory(), "a:1", Instant.EPOCH, "t").bytes(f)),
                    new String(new Sbom(inventory(), "a:1", Instant.EPOCH, "t").bytes(f)));
        }
    }

    @Test
    void theLabelReadsBackTheInventory() {
        Inventory inv = inventory();
        assertEquals(inv, InventoryLabel.decode(InventoryLabel.encode(inv)));
    }

    @Test
    void aLabelOfAnotherShapeIsRefusedInOneSentence() {
        for (String bad : List.of("", "[]", "{\"v\":2,\"paths\":[]}", "{\"v\":1,\"paths\":[{\"p\":\"/etc/passwd\"}]}",
                "{\"v\":1,\"roots\":[7],\"paths\":[]}", "{\"v\":1,\"paths\":[{\"p\":\"" + LIB + "\",\"n\":5}]}",
                "{\"v\":1,\"paths\":[{\"p\":\"" + LIB + "\",\"r\":[-1]}]}", "{\"v\":1,")) {
            StrataException e = assertThrows(StrataException.class, () -> InventoryLabel.decode(bad), bad);
            assertTrue(e.getMessage().startsWith("the image's dev.strata.sbom label cannot be read"), e.getMessage());
        }
    }

    @Test
    void namesSplitAsNixSplitsThem() {
        assertEquals(new PathMeta("glibc", "2.39-52", List.of(), ""), PathMeta.fromName(
                StorePath.of("/nix/store/nikl08c6yfw627g4rr5hznwlg4i8hadf-glibc-2.39-52")));
        assertEquals(new PathMeta("python3", "3.11.9-env", List.of(), ""), PathMeta.fromName(
                StorePath.of("/nix/store/nikl08c6yfw627g4rr5hznwlg4i8hadf-python3-3.11.9-env")));
        assertEquals(new PathMeta("strata-symlink-forest", "", List.of(), ""), PathMeta.fromName(
                StorePath.of("/nix/store/nikl08c6yfw627g4rr5hznwlg4i8hadf-strata-symlink-forest")));
    }

    static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode n : list) {
            if (n.path(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + list);
    }
}
