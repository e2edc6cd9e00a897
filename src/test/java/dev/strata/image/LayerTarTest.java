package dev.strata.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.closure.StorePath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layer tars read back entry by entry: order, types, modes, owners, times, link targets and bytes. */
class LayerTarTest {
    @TempDir
    Path tmp;

    record Read(TarArchiveEntry entry, byte[] content) { }

    /**
     * Entries by name. Commons Compress drops the leading slash of names that come from PAX headers
     * (and keeps it otherwise), so names are keyed with one; {@link #paxRecordsAreAbsolute} checks the bytes.
     */
    static Map<String, Read> read(byte[] tar) throws IOException {
        Map<String, Read> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar), "UTF-8")) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName().startsWith("/") ? e.getName() : "/" + e.getName();
                out.put(name, new Read(e, in.readAllBytes()));
            }
        }
        return out;
    }

    byte[] tarOf(FakeStore store, List<StorePath> paths, List<String> warnings) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        new LayerTar(store.root, warnings::add, n -> { }).writeStorePaths(paths, bo);
        return bo.toByteArray();
    }

    @Test
    void storePathTreeIsWrittenInFixedOrderWithCanonicalModesOwnersAndTimes() throws IOException {
        FakeStore store = new FakeStore(tmp);
        StorePath hello = FakeStore.path("hello-2.12");
        store.file(hello, "bin/hello", "#!/bin/sh\necho hi\n", "rwxr-x---");
        store.file(hello, "share/doc/README", "read me\n", "rw-------");
        store.file(hello, "share/Zeta", "z", "rw-r--r--");
        store.mkdir(hello, "share/empty");
        store.symlink(hello, "bin/hi", "hello");

        Map<String, Read> entries = read(tarOf(store, List.of(hello), new ArrayList<>()));
        String h = hello.path();
        assertEquals(List.of("/nix/", "/nix/store/", h + "/", h + "/bin/", h + "/bin/hello", h + "/bin/hi",
                h + "/share/", h + "/share/Zeta", h + "/share/doc/", h + "/share/doc/README", h + "/share/empty/"),
                new ArrayList<>(entries.keySet()), "parents first, then the tree depth-first in byte order of names");

        assertEquals(0755, entries.get("/nix/").entry().getMode() & 07777);
        assertEquals(0755, entries.get("/nix/store/").entry().getMode() & 07777);
        assertEquals(0555, entries.get(h + "/").entry().getMode() & 07777);
        assertEquals(0555, entries.get(h + "/share/empty/").entry().getMode() & 07777, "empty directory kept");
        assertTrue(entries.get(h + "/share/empty/").entry().isDirectory());
        assertEquals(0555, entries.get(h + "/bin/hello").entry().getMode() & 07777, "executable file");
        assertEquals(0444, entries.get(h + "/share/doc/README").entry().getMode() & 07777, "plain file");
        assertEquals(0444, entries.get(h + "/share/Zeta").entry().getMode() & 07777);
        for (Read r : entries.values()) {
            TarArchiveEntry e = r.entry();
            assertEquals(0, e.getLongUserId());
            assertEquals(0, e.getLongGroupId());
            assertEquals("", e.getUserName());
            assertEquals("", e.getGroupName());
            assertEquals(1000L, e.getModTime().getTime(), e.getName() + " has mtime 1 s");
        }
        assertArrayEquals("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), entries.get(h + "/bin/hello").content());
        TarArchiveEntry link = entries.get(h + "/bin/hi").entry();
        assertTrue(link.isSymbolicLink());
        assertEquals("hello", link.getLinkName());
        assertEquals(0777, link.getMode() & 07777);
    }

    @Test
    void symlinksAreStoredAsLinksNotFollowedEvenWhenDanglingOrPointingAtDirectories() throws IOException {
        FakeStore store = new FakeStore(tmp);
        StorePath p = FakeStore.path("links-1");
        store.mkdir(p, "share");
        store.file(p, "share/data", "data", "rw-r--r--");
        store.symlink(p, "dangling", "/nix/store/00000000000000000000000000000000-gone/bin/x");
        store.symlink(p, "dir-link", "share");
        Map<String, Read> entries = read(tarOf(store, List.of(p), new ArrayList<>()));
        TarArchiveEntry dangling = entries.get(p.path() + "/dangling").entry();
        assertTrue(dangling.isSymbolicLink());
        assertEquals("/nix/store/00000000000000000000000000000000-gone/bin/x", dangling.getLinkName());
        TarArchiveEntry dirLink = entries.get(p.path() + "/dir-link").entry();
        assertTrue(dirLink.isSymbolicLink(), "a link to a directory stays a link");
        assertFalse(entries.containsKey(p.path() + "/dir-link/data"), "the link was not followed");
    }

    @Test
    void storePathThatIsASingleFileOrLinkIsWritten() throws IOException {
        FakeStore store = new FakeStore(tmp);
        StorePath file = FakeStore.path("builder.sh");
        store.file(file, "", "echo build", "rw-r--r--");
        StorePath link = FakeStore.path("a-link");
        Files.createDirectories(store.dir(link).getParent());
        Files.createSymbolicLink(store.dir(link), Path.of("/nix/store/x"));
        Map<String, Read> entries = read(tarOf(store, List.of(link, file), new ArrayList<>()));
        assertEquals("echo build", new String(entries.get(file.path()).content(), StandardCharsets.UTF_8));
        assertEquals(0444, entries.get(file.path()).entry().getMode() & 07777);
        assertTrue(entries.get(link.path()).entry().isSymbolicLink());
    }

    @Test
    void longAndNonAsciiNamesAndLongLinkTargetsRoundTripThroughPax() throws IOException {
        FakeStore store = new FakeStore(tmp);
        StorePath p = FakeStore.path("names-1");
        String deep = "a/" + "very-long-directory-name-".repeat(4) + "/" + "even-longer-file-name-".repeat(5) + ".txt";
        store.file(p, deep, "deep", "rw-r--r--");
        store.file(p, "grüße-ünïcödé.txt", "grüße", "rw-r--r--");
        String longTarget = "/nix/store/" + "t".repeat(32) + "-" + "target-".repeat(30);
        store.symlink(p, "long-link", longTarget);
        Map<String, Read> entries = read(tarOf(store, List.of(p), new ArrayList<>()));
        assertTrue((p.path() + "/" + deep).length() > 100);
        assertEquals("deep", new String(entries.get(p.path() + "/" + deep).content(), StandardCharsets.UTF_8));
        assertEquals("grüße", new String(entries.get(p.path() + "/grüße-ünïcödé.txt").content(), StandardCharsets.UTF_8));
        assertEquals(longTarget, entries.get(p.path() + "/long-link").entry().getLinkName());
    }

    @Test
    void paxRecordsAreAbsolute() throws IOException {
        FakeStore store = new FakeStore(tmp);
        StorePath p = FakeStore.path("names-2");
        String name = "x".repeat(120);
        store.file(p, name, "x", "rw-r--r--");
        String raw = new String(tarOf(store, List.of(p), new ArrayList<>()), StandardCharsets.ISO_8859_1);
        assertTrue(raw.contains(" path=" + p.path() + "/" + name + "\n"), "the PAX path record keeps the leading slash");
    }

    @Test
    void hardLinksAreWrittenAsRegularFilesSoOptimisedAndUnoptimisedStoresGiveTheSameTar() throws IOException {
        Path a = tmp.resolve("linked");
        Path b = tmp.resolve("copied");
        StorePath p = FakeStore.path("dedup-1");
        FakeStore linked = new FakeStore(a);
        Path original = linked.file(p, "bin/tool", "same bytes", "r-xr-xr-x");
        Files.createLink(linked.dir(p).resolve("bin/tool-alias"), original);
        FakeStore copied = new FakeStore(b);
        copied.file(p, "bin/tool", "same bytes", "r-xr-xr-x");
        copied.file(p, "bin/tool-alias", "same bytes", "r-xr-xr-x");

        byte[] fromLinks = tarOf(linked, List.of(p), new ArrayList<>());
        assertArrayEquals(tarOf(copied, List.of(p), new ArrayList<>()), fromLinks);
        Read alias = read(fromLinks).get(p.path() + "/bin/tool-alias");
        assertTrue(alias.entry().isFile());
        assertEquals("same bytes", new String(alias.content(), StandardCharsets.UTF_8));
    }

    @Test
    void specialFilesAreSkippedWithAWarning() throws Exception {
        FakeStore store = new FakeStore(tmp);
        StorePath p = FakeStore.path("fifo-1");
        store.file(p, "ok", "ok", "rw-r--r--");
        Process mkfifo = new ProcessBuilder("mkfifo", store.dir(p).resolve("pipe").toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        List<String> warnings = new ArrayList<>();
        Map<String, Read> entries = read(tarOf(store, List.of(p), warnings));
        assertFalse(entries.containsKey(p.path() + "/pipe"));
        assertTrue(entries.containsKey(p.path() + "/ok"));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains(p.path() + "/pipe"), warnings.get(0));
    }

    @Test
    void sameContentGivesSameBytesWhateverTheFileModesAndOrderOfCreation() throws IOException {
        StorePath p = FakeStore.path("repro-1");
        FakeStore one = new FakeStore(tmp.resolve("one"));
        one.file(p, "b", "B", "rw-r--r--");
        one.file(p, "a", "A", "rwxr-xr-x");
        FakeStore two = new FakeStore(tmp.resolve("two"));
        two.file(p, "a", "A", "rwx------");
        two.file(p, "b", "B", "rw-------");
        StorePath q = FakeStore.path("repro-2");
        one.file(q, "x", "X", "rw-r--r--");
        two.file(q, "x", "X", "r--r--r--");
        assertArrayEquals(tarOf(one, List.of(p, q), new ArrayList<>()), tarOf(two, List.of(q, p), new ArrayList<>()));
    }

    @Test
    void topLayerMergesTheForestWithTmpAndEtcFiles() throws IOException {
        FakeStore store = new FakeStore(tmp);
        StorePath forest = FakeStore.path("strata-symlink-forest");
        store.symlink(forest, "bin/hello", "/nix/store/" + "h".repeat(32) + "-hello/bin/hello");
        store.symlink(forest, "share/doc/hello", "/nix/store/" + "h".repeat(32) + "-hello/share/doc/hello");
        TopLayer top = TopLayer.prepare(forest, store.root, "app", m -> { });
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        new LayerTar(store.root, m -> { }, n -> { }).writeTree(top.tree(), bo);
        Map<String, Read> entries = read(bo.toByteArray());
        assertEquals(List.of("/bin/", "/bin/hello", "/etc/", "/etc/group", "/etc/passwd", "/home/", "/home/app/",
                "/share/", "/share/doc/", "/share/doc/hello", "/tmp/"), new ArrayList<>(entries.keySet()));
        assertEquals(0755, entries.get("/home/app/").entry().getMode() & 07777);
        assertEquals(1000, entries.get("/home/app/").entry().getLongUserId(), "the user owns its home");
        assertEquals(1000, entries.get("/home/app/").entry().getLongGroupId());
        assertEquals(0, entries.get("/home/").entry().getLongUserId());
        assertEquals(01777, entries.get("/tmp/").entry().getMode() & 07777);
        assertEquals(0755, entries.get("/etc/").entry().getMode() & 07777);
        assertEquals(0555, entries.get("/bin/").entry().getMode() & 07777);
        assertEquals(0644, entries.get("/etc/passwd").entry().getMode() & 07777);
        assertEquals("/nix/store/" + "h".repeat(32) + "-hello/bin/hello", entries.get("/bin/hello").entry().getLinkName());
        String passwd = new String(entries.get("/etc/passwd").content(), StandardCharsets.UTF_8);
        assertEquals("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/var/empty:/bin/false\n"
                + "app:x:1000:1000::/home/app:/bin/sh\n", passwd);
        assertEquals("root:x:0:\nnobody:x:65534:\napp:x:1000:\n",
                new String(entries.get("/etc/group").content(), StandardCharsets.UTF_8));
    }

    @Test
    void topLayerUsersAndGroups() {
        assertEquals("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/var/empty:/bin/false\n",
                TopLayer.passwd(""));
        assertEquals("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/var/empty:/bin/false\n",
                TopLayer.passwd("1000:1000"));
        assertTrue(TopLayer.passwd("web:100").endsWith("web:x:1000:100::/home/web:/bin/sh\n"));
        assertEquals("root:x:0:\nnobody:x:65534:\n", TopLayer.group("web:100"));
        assertTrue(TopLayer.group("web:staff").endsWith("staff:x:1000:web\n"));
        assertEquals("root:x:0:\nnobody:x:65534:\n", TopLayer.group("nobody"));
    }

    @Test
    void topLayerKeyChangesWithTheUser() throws IOException {
        FakeStore store = new FakeStore(tmp);
        StorePath forest = FakeStore.path("strata-symlink-forest");
        store.mkdir(forest, "bin");
        String a = TopLayer.prepare(forest, store.root, "", m -> { }).key();
        assertEquals(a, TopLayer.prepare(forest, store.root, "", m -> { }).key());
        assertFalse(a.equals(TopLayer.prepare(forest, store.root, "app", m -> { }).key()));
    }
}
