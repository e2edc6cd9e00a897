package dev.strata.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A base image's tree as Strata's layers meet it: links followed, whiteouts applied, accounts kept. */
class BaseTreeTest {
    @TempDir
    Path tmp;

    /** The worked example of BaseTree's comment, from real layer tars scanned by BaseScan. */
    @Test
    void theWorkedExample() throws IOException {
        Path one = layer("one", List.of(link("bin", "usr/bin"), dir("usr/", 0755, 0), dir("usr/bin/", 0755, 0),
                file("etc/passwd", "root:x:0:0::/root:/bin/sh\n")));
        Path two = layer("two", List.of(file("etc/.wh.passwd", "")));
        BaseTree t = BaseTree.merge(List.of(BaseScan.scan(one, Compression.NONE), BaseScan.scan(two, Compression.NONE)),
                "k");
        assertEquals(Optional.of("usr/bin/hello"), t.resolve("bin/hello"));
        assertEquals(Optional.of(new BaseTree.Directory(0755, TreeNode.Owner.ROOT)), t.directory("usr/bin"));
        assertEquals(Optional.empty(), t.passwd(), "deleted by the second layer");
    }

    /**
     * Files are known by name, merged as the runtime merges them: {@code bin/sh -> busybox} is there
     * through its link, a whiteout or an opaque directory hides what is below, a link over a file
     * replaces it, and a directory is not a file.
     */
    @Test
    void filesAreKnownByNameThroughLinksAndAfterWhiteouts() throws IOException {
        Path one = layer("one", List.of(dir("bin/", 0755, 0), file("bin/busybox", "ELF"), link("bin/sh", "busybox"),
                file("bin/ls", "ELF"), file("opt/tool/run", "x"), file("etc/motd", "hi"), link("usr/bin", "/bin")));
        Path two = layer("two", List.of(file("bin/.wh.ls", ""), file("opt/tool/.wh..wh..opq", ""),
                link("etc/motd", "/bin/busybox")));
        BaseTree t = BaseTree.merge(List.of(BaseScan.scan(one, Compression.NONE), BaseScan.scan(two, Compression.NONE)),
                "k");
        assertTrue(t.hasFile("bin/busybox"));
        assertTrue(t.hasFile("bin/sh"), "through the link to busybox");
        assertTrue(t.hasFile("usr/bin/sh"), "through /usr/bin -> /bin, then sh -> busybox");
        assertTrue(t.hasFile("etc/motd"), "now a link to busybox");
        assertEquals(false, t.hasFile("bin/ls"), "deleted by the second layer's whiteout");
        assertEquals(false, t.hasFile("opt/tool/run"), "hidden by the opaque directory");
        assertEquals(false, t.hasFile("bin"), "a directory is not a file");
        assertEquals(false, t.hasFile("bin/bash"));
        assertEquals(false, BaseTree.NONE.hasFile("bin/sh"));
    }

    @Test
    void linksResolveLikeTheKernelDoesWithinTheImage() {
        BaseTree t = BaseTree.merge(List.of(new BaseScan("sha256:" + "0".repeat(64), null, new TreeMap<>(Map.of(
                "lib64", "/usr/lib64", "usr/lib64", "lib", "loop", "loop", "up", "../../../etc")),
                null, null, null, null)), "k");
        assertEquals(Optional.of("usr/lib/ld.so"), t.resolve("lib64/ld.so"), "absolute, then relative");
        assertEquals(Optional.of("etc/x"), t.resolve("up/x"), ".. never climbs above the root");
        assertEquals(Optional.empty(), t.resolve("loop/x"), "a loop resolves to nothing");
    }

    @Test
    void opaqueDirectoriesHideWhatIsBelow() throws IOException {
        Path one = layer("a", List.of(dir("opt/", 0755, 0), dir("opt/old/", 0700, 5), file("etc/group", "g:x:1:\n")));
        Path two = layer("b", List.of(dir("opt/", 0755, 0), file("opt/.wh..wh..opq", ""), dir("opt/new/", 0711, 0)));
        BaseTree t = BaseTree.merge(List.of(BaseScan.scan(one, Compression.NONE), BaseScan.scan(two, Compression.NONE)),
                "k");
        assertEquals(Optional.empty(), t.directory("opt/old"));
        assertEquals(0711, t.directory("opt/new").get().mode());
        assertEquals(Optional.of("g:x:1:\n"), t.group());
    }

    @Test
    void theTopLayerFollowsAMergedUsrBaseAndKeepsItsUsers() throws IOException {
        BaseTree base = BaseTree.merge(List.of(BaseScan.scan(layer("usr", List.of(link("bin", "usr/bin"),
                dir("usr/", 0755, 0), dir("usr/bin/", 0755, 0), dir("etc/", 0755, 0), dir("tmp/", 01777, 0),
                file("etc/passwd", "root:x:0:0::/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n"),
                file("etc/group", "root:x:0:\nuser:x:1000:\n"))), Compression.NONE)), "k");
        FakeStore store = new FakeStore(tmp);
        var forest = FakeStore.path("strata-symlink-forest");
        store.symlink(forest, "bin/hello", "/nix/store/" + "h".repeat(32) + "-hello/bin/hello");
        TopLayer top = TopLayer.prepare(forest, store.root, "app", base, m -> { });
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        new LayerTar(store.root, m -> { }, n -> { }).writeTree(top.tree(), bo);
        Map<String, LayerTarTest.Read> e = LayerTarTest.read(bo.toByteArray());
        assertEquals(List.of("/etc/", "/etc/group", "/etc/passwd", "/home/", "/home/app/", "/tmp/", "/usr/",
                "/usr/bin/", "/usr/bin/hello"), new ArrayList<>(e.keySet()), "no /bin/ entry to hide the base's programs");
        assertEquals(0755, e.get("/usr/bin/").entry().getMode() & 07777, "the base's directory keeps its mode");
        assertEquals("root:x:0:0::/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\napp:x:1001:1001::/home/app:/bin/sh\n",
                new String(e.get("/etc/passwd").content(), StandardCharsets.UTF_8), "the base's users, then app at a free uid");
        assertEquals("root:x:0:\nuser:x:1000:\napp:x:1001:\n", new String(e.get("/etc/group").content(),
                StandardCharsets.UTF_8));
        assertEquals(1001, e.get("/home/app/").entry().getLongUserId());
        assertTrue(!top.key().equals(TopLayer.prepare(forest, store.root, "app", m -> { }).key()),
                "the base is part of the key");
    }

    record Entry(String name, byte type, int mode, int uid, String content, String target) { }

    static Entry dir(String name, int mode, int uid) {
        return new Entry(name, org.apache.commons.compress.archivers.tar.TarConstants.LF_DIR, mode, uid, null, null);
    }

    static Entry file(String name, String content) {
        return new Entry(name, org.apache.commons.compress.archivers.tar.TarConstants.LF_NORMAL, 0644, 0, content, null);
    }

    static Entry link(String name, String target) {
        return new Entry(name, org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK, 0777, 0, null, target);
    }

    Path layer(String name, List<Entry> entries) throws IOException {
        Path p = tmp.resolve(name + ".tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(p))) {
            for (Entry en : entries) {
                TarArchiveEntry e = new TarArchiveEntry(en.name(), en.type());
                e.setMode(en.mode());
                e.setIds(en.uid(), en.uid());
                if (en.target() != null) {
                    e.setLinkName(en.target());
                }
                byte[] b = en.content() == null ? new byte[0] : en.content().getBytes(StandardCharsets.UTF_8);
                e.setSize(b.length);
                tar.putArchiveEntry(e);
                tar.write(b);
                tar.closeArchiveEntry();
            }
        }
        return p;
    }
}
