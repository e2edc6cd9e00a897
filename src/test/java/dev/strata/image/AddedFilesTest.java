package dev.strata.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --add SRC:DEST[:OPTIONS]} as typed: what it means, and one sentence for each way it can be wrong. */
class AddedFilesTest {
    static final Path HERE = Path.of("/work/here");

    @Test
    void sourceDestinationAndOptions() {
        AddedFiles a = AddedFiles.parse("./conf/app.conf:/etc/app.conf:uid=1000,gid=100,mode=640", HERE);
        assertEquals("/work/here/conf/app.conf", a.source());
        assertEquals("/etc/app.conf", a.destination());
        assertEquals(new TreeNode.Owner(1000, 100), a.owner());
        assertEquals("0640", a.mode());
        assertEquals(0640, a.fileMode(true), "mode= wins over the execute bit");
        assertEquals(0755, a.directoryMode());
        assertEquals("uid=1000,gid=100,mode=0640", a.options());
        assertEquals("/work/here/conf/app.conf:/etc/app.conf:uid=1000,gid=100,mode=0640", a.toString());
    }

    @Test
    void defaultsAreRootAndTheExecuteBit() {
        AddedFiles a = AddedFiles.parse("/abs/dir:/srv/app", HERE);
        assertEquals(TreeNode.Owner.ROOT, a.owner());
        assertEquals(0755, a.fileMode(true));
        assertEquals(0644, a.fileMode(false));
        assertEquals(0755, a.directoryMode());
        assertNull(a.mode());
        assertEquals("", a.options());
    }

    @Test
    void uidAloneGivesTheGroupTooAndDirmodeSetsDirectories() {
        AddedFiles a = AddedFiles.parse("empty:/data:uid=1000,dirmode=0700", HERE);
        assertEquals(new TreeNode.Owner(1000, 1000), a.owner());
        assertEquals(0700, a.directoryMode());
    }

    @Test
    void destinationsAreNormalisedAndColonsInTheSourceKept() {
        assertEquals("/a/b/", AddedFiles.parse("x:/a//./b/", HERE).destination(), "a trailing slash is kept");
        AddedFiles colon = AddedFiles.parse("odd:name.txt:/etc/odd", HERE);
        assertEquals("/work/here/odd:name.txt", colon.source());
        assertEquals("/etc/odd", colon.destination());
    }

    @Test
    void badSpecsAreOneSentenceEach() {
        Map<String, String> bad = Map.of(
                "./app.conf", "names no destination",
                "./app.conf:etc/app.conf", "is not an absolute path in the image",
                "./app.conf:/etc/../app.conf", "contains '..'",
                "./app.conf:/etc/app.conf:owner=1", "'owner=1' is not an option",
                "./app.conf:/etc/app.conf:uid=abc", "uid=abc is not a number",
                "./app.conf:/etc/app.conf:mode=0999", "mode=0999 is not a mode",
                "./app.conf:/etc/app.conf:uid=1,uid=2", "gives uid= twice",
                ":/etc/app.conf", "needs a source file or directory",
                "./app.conf:/etc/app.conf:uid=99999999999", "is not a number from 0");
        bad.forEach((spec, said) -> {
            StrataException e = assertThrows(StrataException.class, () -> AddedFiles.parse(spec, HERE), spec);
            assertTrue(e.getMessage().contains(said), spec + ": " + e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        });
    }
}
