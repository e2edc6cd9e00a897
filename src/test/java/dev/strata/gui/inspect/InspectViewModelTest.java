package dev.strata.gui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.closure.Licence;
import dev.strata.closure.PathMeta;
import dev.strata.closure.StorePath;
import dev.strata.sbom.Inventory;
import java.util.List;
import org.junit.jupiter.api.Test;

class InspectViewModelTest {
    static StorePath p(String name) {
        return StorePath.of("/nix/store/" + "0123456789abcdfghijklmnpqrsvwxyz" + "-" + name);
    }

    static Inventory.Item item(String name, String version, List<Licence> licences, List<StorePath> refs) {
        return new Inventory.Item(p(name + "-" + version), new PathMeta(name, version, licences, ""), true, refs);
    }

    @Test
    void licencesAreCountedMostUsedFirstAndUnfreeOnesFlagged() {
        Licence gpl = new Licence("GPL-3.0-or-later", "GNU GPL v3 or later", true);
        Licence unfree = new Licence("LicenseRef-unfree", "Unfree", false);
        Inventory inv = new Inventory(List.of(), List.of(item("hello", "2.12.1", List.of(gpl), List.of()),
                item("grep", "3.11", List.of(gpl), List.of()), item("blob", "1", List.of(unfree), List.of()),
                new Inventory.Item(p("mystery"), PathMeta.fromName(p("mystery")), false, List.of())),
                Inventory.Provenance.RECORDED);
        List<InspectViewModel.LicenceRow> rows = InspectViewModel.licenceRows(inv);
        assertEquals("GPL-3.0-or-later", rows.get(0).licence());
        assertEquals(2, rows.get(0).packages());
        assertEquals("grep, hello", rows.get(0).names());
        assertFalse(rows.get(0).unfree());
        InspectViewModel.LicenceRow u = rows.stream().filter(r -> r.licence().equals("LicenseRef-unfree")).findFirst()
                .orElseThrow();
        assertTrue(u.unfree());
        assertTrue(rows.stream().anyMatch(r -> r.licence().equals(InspectViewModel.UNKNOWN_LICENCE) && r.packages() == 1));
    }

    @Test
    void theClosureListsTheRootsFirst() {
        Inventory.Item glibc = item("glibc", "2.39", List.of(), List.of());
        Inventory.Item hello = item("hello", "2.12.1", List.of(), List.of(glibc.path()));
        Inventory inv = new Inventory(List.of(), List.of(glibc, hello), Inventory.Provenance.RECORDED);
        List<InspectViewModel.ClosureRow> rows = InspectViewModel.closureRows(inv);
        assertEquals("hello", rows.get(0).name(), "nothing references hello: it is a root");
        assertTrue(rows.get(0).root());
        assertEquals(List.of(glibc.path()), rows.get(0).references());
        assertFalse(rows.get(1).root());
    }

    @Test
    void anErrorAboutTheReferenceSaysSoWithoutCapitalisingIt() {
        assertEquals("Cannot read oci-archive:/tmp/x.tar: /tmp/x.tar does not exist; give an image archive file.",
                InspectViewModel.aboutReference("Oci-archive:/tmp/x.tar: /tmp/x.tar does not exist; give an image archive file.",
                        "oci-archive:/tmp/x.tar"));
        assertEquals("The registry did not answer.", InspectViewModel.aboutReference("The registry did not answer.",
                "127.0.0.1:5000/a:b"));
    }

    @Test
    void theConfigShowsStratasInventoryLabelByNameOnly() {
        String shown = InspectViewModel.pretty("{\"Env\":[\"PATH=/bin\"],\"Labels\":{\"dev.strata.sbom\":\"" + "x".repeat(500)
                + "\",\"a\":\"b\"}}");
        assertTrue(shown.contains("\"PATH=/bin\""), shown);
        assertTrue(shown.contains("(Strata's package inventory, 500 characters: see Licences and Closure)"), shown);
        assertTrue(shown.contains("\"a\" : \"b\""), shown);
        assertFalse(shown.contains("xxxx"), shown);
    }
}
