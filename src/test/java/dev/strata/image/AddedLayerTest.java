package dev.strata.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers of added files read back: what is in them, owned by whom, with which modes; what is refused. */
class AddedLayerTest {
    @TempDir
    Path tmp;

    Path tree() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho run\n");
        Files.setPosixFilePermissions(src.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(src.resolve("README"), "read me\n");
        Files.setPosixFilePermissions(src.resolve("README"), PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(src.resolve("cache/empty"));
        Files.createSymbolicLink(src.resolve("etc-passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(src.resolve("up"), Path.of("../../outside"));
        return src;
    }

    static Map<String, LayerTarTest.Read> write(AddedLayer layer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LayerTar(Path.of("/"), m -> { }, n -> { }).writeTree(layer.tree(), out);
        return LayerTarTest.read(out.toByteArray());
    }

    @Test
    void aDirectoryIsAddedSortedWithNormalisedModesOwnersAndLinksKept() throws IOException {
        Path src = tree();
        AddedLayer layer = AddedLayer.prepare(AddedFiles.parse(src + ":/srv/app:uid=1000,gid=1000", tmp),
                BaseTree.NONE, List.of());
        Map<String, LayerTarTest.Read> e = write(layer);
        assertEquals(List.of("/srv/", "/srv/app/", "/srv/app/README", "/srv/app/cache/", "/srv/app/cache/empty/",
                "/srv/app/etc-passwd", "/srv/app/run.sh", "/srv/app/up"), new ArrayList<>(e.keySet()));
        assertEquals(0755, e.get("/srv/").entry().getMode() & 07777);
        assertEquals(0, e.get("/srv/").entry().getLongUserId(), "a parent of DEST is root's");
        assertEquals(1000, e.get("/srv/app/").entry().getLongUserId(), "DEST itself is the given owner's");
        assertEquals(0755, e.get("/srv/app/run.sh").entry().getMode() & 07777, "executable here: 0755");
        assertEquals(0644, e.get("/srv/app/README").entry().getMode() & 07777, "not executable: 0644, whatever umask");
        assertTrue(e.get("/srv/app/cache/empty/").entry().isDirectory(), "empty directories are kept");
        assertEquals("/etc/passwd", e.get("/srv/app/etc-passwd").entry().getLinkName(), "links are not followed");
        assertEquals("../../outside", e.get("/srv/app/up").entry().getLinkName(), "a link out of SRC is just a link");
        for (var r : e.values()) {
            assertEquals(1000L, r.entry().getModTime().getTime(), "dated like every layer entry");
            if (!r.entry().getName().equals("srv/") && !r.entry().getName().equals("/srv/")) {
                assertEquals(1000, r.entry().getLongUserId(), r.entry().getName());
                assertEquals(1000, r.entry().getLongGroupId(), r.entry().getName());
            }
        }
        assertEquals("read me\n", new String(e.get("/srv/app/README").content(), StandardCharsets.UTF_8));
        assertEquals("read me\n".length() + "#!/bin/sh\necho run\n".length(), layer.bytes());
    }

    @Test
    void theSameFilesGiveTheSameBytesAndAChangeChangesTheKey() throws IOException {
        Path src = tree();
        AddedFiles add = AddedFiles.parse(src + ":/srv/app", tmp);
        AddedLayer a = AddedLayer.prepare(add, BaseTree.NONE, List.of());
        AddedLayer b = AddedLayer.prepare(add, BaseTree.NONE, List.of());
        assertEquals(a.key(), b.key());
        assertArrayEquals(bytes(a), bytes(b));
        Files.writeString(src.resolve("README"), "read me!\n");
        assertNotEquals(a.key(), AddedLayer.prepare(add, BaseTree.NONE, List.of()).key(), "a written file misses the cache");
        assertNotEquals(a.key(), AddedLayer.prepare(AddedFiles.parse(src + ":/srv/app:mode=0600", tmp), BaseTree.NONE,
                List.of()).key(), "the options are part of the key");
    }

    static byte[] bytes(AddedLayer l) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LayerTar(Path.of("/"), m -> { }, n -> { }).writeTree(l.tree(), out);
        return out.toByteArray();
    }

    @Test
    void aFileGoesIntoADirectoryDestinationUnderItsOwnName() throws IOException {
        Path f = Files.writeString(tmp.resolve("app.conf"), "x=1\n");
        Map<String, LayerTarTest.Read> e = write(AddedLayer.prepare(AddedFiles.parse(f + ":/etc/app/:mode=0600", tmp),
                BaseTree.NONE, List.of()));
        assertEquals(List.of("/etc/", "/etc/app/", "/etc/app/app.conf"), new ArrayList<>(e.keySet()));
        assertEquals(0600, e.get("/etc/app/app.conf").entry().getMode() & 07777);
    }

    @Test
    void parentsKeepWhatTheLayersBelowGiveThem() throws IOException {
        Path f = Files.writeString(tmp.resolve("profile"), "x\n");
        TreeNode.Dir top = TreeNode.Dir.empty(0755);
        TreeNode.Dir home = TreeNode.Dir.empty(0755);
        top.children().put("home", home);
        home.children().put("app", TreeNode.Dir.empty(0700, new TreeNode.Owner(1000, 1000)));
        BaseTree base = BaseTree.merge(List.of(new BaseScan("sha256:" + "0".repeat(64), new TreeMap<>(Map.of(
                "var", new BaseTree.Directory(0755, TreeNode.Owner.ROOT),
                "var/lib", new BaseTree.Directory(0755, TreeNode.Owner.ROOT),
                "var/lib/db", new BaseTree.Directory(0750, new TreeNode.Owner(999, 999)))),
                null, null, null, null, null)), "k");
        Map<String, LayerTarTest.Read> e = write(AddedLayer.prepare(AddedFiles.parse(f + ":/home/app/.profile", tmp),
                base, List.of(top)));
        assertEquals(0700, e.get("/home/app/").entry().getMode() & 07777, "Strata's own home stays the user's");
        assertEquals(1000, e.get("/home/app/").entry().getLongUserId());
        Map<String, LayerTarTest.Read> db = write(AddedLayer.prepare(AddedFiles.parse(f + ":/var/lib/db/profile", tmp),
                base, List.of(top)));
        assertEquals(999, db.get("/var/lib/db/").entry().getLongUserId(), "the base's directory keeps its owner");
        assertEquals(0750, db.get("/var/lib/db/").entry().getMode() & 07777);
    }

    @Test
    void specialFilesMissingSourcesAndTheRootAreRefusedNamingTheFile() throws IOException, InterruptedException {
        Path src = Files.createDirectories(tmp.resolve("with-fifo"));
        Path fifo = src.resolve("pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(), "mkfifo");
        StrataException e = assertThrows(StrataException.class, () -> AddedLayer.prepare(
                AddedFiles.parse(src + ":/x", tmp), BaseTree.NONE, List.of()));
        assertTrue(e.getMessage().contains(fifo + " is a named pipe (FIFO)"), e.getMessage());
        StrataException missing = assertThrows(StrataException.class, () -> AddedLayer.check(
                AddedFiles.parse(tmp.resolve("nope") + ":/x", tmp)));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Path f = Files.writeString(tmp.resolve("f"), "f");
        assertEquals(List.of("/f"), new ArrayList<>(write(AddedLayer.prepare(AddedFiles.parse(f + ":/", tmp),
                BaseTree.NONE, List.of())).keySet()), "a file added at / goes into the root under its own name");
    }
}
