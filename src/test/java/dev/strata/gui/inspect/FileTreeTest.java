package dev.strata.gui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.inspect.LayerFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileTreeTest {
    static final List<LayerFile> EXAMPLE = List.of(
            new LayerFile("nix/store/a-hello/bin/hello", "file", 0555, 100, ""),
            new LayerFile("bin/hello", "symlink", 0777, 0, "/nix/store/a-hello/bin/hello"));

    @Test
    void theClassCommentsExample() {
        FileTree t = FileTree.of(EXAMPLE);
        FileTree.Entry root = t.root();
        assertEquals(100, root.size());
        assertEquals(2 - 1, root.files(), "one regular file; the link is no file");
        assertEquals(List.of("bin", "nix"), root.children().stream().map(FileTree.Entry::name).toList());
        for (String dir : List.of("nix", "nix/store", "nix/store/a-hello", "nix/store/a-hello/bin")) {
            assertEquals(100, t.find(dir).size(), dir);
            assertTrue(t.find(dir).isDirectory(), dir + " is made up as a directory");
        }
        assertEquals(0, t.find("bin").size());
        FileTree.Entry link = t.find("bin/hello");
        assertEquals("symlink", link.type());
        assertEquals("/nix/store/a-hello/bin/hello", link.linkTarget());
        assertEquals(0555, t.find("nix/store/a-hello/bin/hello").mode());
    }

    @Test
    void directoriesComeFirstThenNames() {
        FileTree t = FileTree.of(List.of(new LayerFile("z", "file", 0644, 1, ""), new LayerFile("a", "file", 0644, 1, ""),
                new LayerFile("m/x", "file", 0644, 1, "")));
        assertEquals(List.of("m", "a", "z"), t.root().children().stream().map(FileTree.Entry::name).toList());
        assertEquals(3, t.root().files());
    }

    @Test
    void aFilterKeepsMatchesAndTheirParentsOpen() {
        FileTree t = FileTree.of(EXAMPLE);
        FileTree f = t.filter("HELLO");
        assertEquals(2, f.matches(), "a-hello and bin/hello; a-hello is kept whole");
        FileTree.Entry store = f.find("nix/store");
        assertTrue(store.expanded(), "a parent of a match is open");
        FileTree.Entry pkg = f.find("nix/store/a-hello");
        assertTrue(pkg.match());
        assertFalse(pkg.expanded(), "a matching directory is kept whole, folded");
        assertEquals(1, pkg.children().size());
        assertTrue(f.find("bin/hello").match());
        assertTrue(f.find("bin").expanded());

        FileTree byPath = t.filter("a-hello/bin/");
        assertEquals(1, byPath.matches(), "a query with / is matched against whole paths");
        assertNull(byPath.find("bin"), "bin/hello's path does not hold it");
        assertEquals(0, t.filter("nothing-like-this").root().children().size());
        assertSame(t, t.filter("  "), "a blank query is the whole tree");
    }

    @Test
    void manyMatchesAreCapped() {
        List<LayerFile> files = new ArrayList<>();
        for (int i = 0; i < FileTree.MAX_MATCHES + 500; i++) {
            files.add(new LayerFile("d" + (i % 7) + "/lib" + i + ".so", "file", 0644, 10, ""));
        }
        FileTree f = FileTree.of(files).filter(".so");
        assertTrue(f.capped());
        assertEquals(FileTree.MAX_MATCHES, f.matches());
    }
}
