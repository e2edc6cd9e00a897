package dev.strata.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackageIndexTest {
    static final String NIX_ENV = """
            {
              "hello": {"name": "hello-2.12.1", "pname": "hello", "version": "2.12.1", "system": "x86_64-linux",
                "meta": {"description": "A program that produces a familiar, friendly greeting",
                         "license": {"spdxId": "GPL-3.0-or-later", "shortName": "gpl3Plus", "free": true},
                         "mainProgram": "hello"}},
              "hello-wayland": {"name": "hello-wayland-0.1", "meta": {"description": "Hello world Wayland client"}},
              "python3Packages.flask": {"name": "python3.11-flask-3.0.0",
                "meta": {"description": "Micro web framework", "license": [{"spdxId": "BSD-3-Clause"}]}},
              "shellhello": {"name": "shellhello-1.0", "meta": {"description": "says hello from a shell script"}},
              "unrar": {"name": "unrar-6.2.12", "meta": {"description": "Utility for RAR archives",
                "license": {"shortName": "unfreeRedistributable", "free": false}, "unfree": true}},
              "frobnicate": {"name": "frobnicate-0.9", "meta": {"broken": true, "description": "broken tool"}}
            }
            """;

    static PackageIndex index() {
        return new PackageIndex(PackageIndexParser.parse(new StringReader(NIX_ENV)));
    }

    @Test
    void parsesFieldsAndFlags() {
        PackageIndex idx = index();
        PackageInfo hello = idx.get("hello").orElseThrow();
        assertEquals("2.12.1", hello.version());
        assertEquals("GPL-3.0-or-later", hello.license());
        assertEquals("hello", hello.mainProgram());
        assertFalse(hello.unfree());
        PackageInfo flask = idx.get("python3Packages.flask").orElseThrow();
        assertEquals("python3.11-flask", flask.pname());
        assertEquals("3.0.0", flask.version());
        assertEquals("BSD-3-Clause", flask.license());
        assertTrue(idx.get("unrar").orElseThrow().unfree());
        assertTrue(idx.get("frobnicate").orElseThrow().broken());
    }

    @Test
    void ranksExactThenPrefixThenNameThenDescription() {
        List<String> hits = index().search("hello", 10).stream().map(PackageInfo::attrPath).toList();
        assertEquals(List.of("hello", "hello-wayland", "shellhello"), hits);
        // "greeting" only appears in a description.
        assertEquals(List.of("hello"), index().search("greeting", 10).stream().map(PackageInfo::attrPath).toList());
        // The last component of a nested attribute path counts as a prefix match.
        assertEquals("python3Packages.flask", index().search("flask", 10).get(0).attrPath());
    }

    @Test
    void allWordsMustMatch() {
        assertEquals(List.of("hello-wayland"),
                index().search("hello wayland", 10).stream().map(PackageInfo::attrPath).toList());
        assertTrue(index().search("hello nothing-like-this", 10).isEmpty());
    }

    @Test
    void suggestsCloseNames() {
        assertEquals("hello", index().closest("helo", 3).get(0));
        assertTrue(index().closest("zzzzzz", 3).isEmpty());
    }

    @Test
    void splitsNamesLikeNix() {
        assertEquals(List.of("hello", "2.12"), List.of(PackageIndexParser.splitName("hello-2.12")));
        assertEquals(List.of("python3.11-flask", "3.0.0"), List.of(PackageIndexParser.splitName("python3.11-flask-3.0.0")));
        assertEquals(List.of("nover", ""), List.of(PackageIndexParser.splitName("nover")));
    }
}
