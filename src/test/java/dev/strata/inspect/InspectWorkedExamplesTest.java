package dev.strata.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.closure.Licence;
import dev.strata.closure.PathMeta;
import dev.strata.closure.StorePath;
import dev.strata.sbom.Inventory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of {@link WastedFiles} and {@link ImageDiff}, exactly, on real tars; and a
 * layer listing's entries, sizes and store paths.
 */
class InspectWorkedExamplesTest {
    /** A tar of entries: "path:size" a file, "path/" a directory, "path->target" a symlink. */
    static byte[] tar(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (String e : entries) {
                TarArchiveEntry t;
                if (e.contains("->")) {
                    t = new TarArchiveEntry(e.substring(0, e.indexOf("->")), TarArchiveEntry.LF_SYMLINK);
                    t.setLinkName(e.substring(e.indexOf("->") + 2));
                } else if (e.endsWith("/")) {
                    t = new TarArchiveEntry(e);
                    t.setMode(040755);
                } else {
                    t = new TarArchiveEntry(e.substring(0, e.indexOf(':')));
                    t.setSize(Long.parseLong(e.substring(e.indexOf(':') + 1)));
                    t.setMode(0100644);
                }
                out.putArchiveEntry(t);
                if (t.isFile()) {
                    out.write(new byte[(int) t.getSize()]);
                }
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static LayerListing listing(String... entries) throws IOException {
        byte[] t = tar(entries);
        LayerListing l = LayerListing.read(new ByteArrayInputStream(t));
        assertEquals(t.length, l.uncompressedSize());
        return l;
    }

    @Test
    void wastedFilesOfTheWorkedExample() throws IOException {
        WastedFiles w = WastedFiles.of(List.of(
                listing("etc/", "etc/motd:100", "opt/", "opt/a:10", "opt/b:20"),
                listing("etc/motd:120"),
                listing("etc/.wh.motd:0", "opt/.wh..wh..opq:0")));
        assertEquals(250, w.bytes());
        assertEquals(List.of(
                new WastedFiles.Wasted("etc/motd", 0, 100, "overwritten", 1),
                new WastedFiles.Wasted("opt/a", 0, 10, "deleted", 2),
                new WastedFiles.Wasted("opt/b", 0, 20, "deleted", 2),
                new WastedFiles.Wasted("etc/motd", 1, 120, "deleted", 2)), w.files());
    }

    @Test
    void aListingNamesTypesSizesLinksAndStorePaths() throws IOException {
        LayerListing l = listing("./nix/", "./nix/store/", "./nix/store/0c9v3n1w1q6w4gvy0f5i0p8g2jz3m9bx-hello-2.12.1/",
                "./nix/store/0c9v3n1w1q6w4gvy0f5i0p8g2jz3m9bx-hello-2.12.1/bin/hello:42", "bin/hello->/nix/store/x");
        assertEquals(new LayerFile("nix/store/0c9v3n1w1q6w4gvy0f5i0p8g2jz3m9bx-hello-2.12.1/bin/hello", "file", 0644, 42, ""),
                l.files().get(3));
        assertEquals(new LayerFile("bin/hello", "symlink", 0644, 0, "/nix/store/x"), l.files().get(4));
        assertEquals("dir", l.files().get(0).type());
        assertEquals(List.of(StorePath.of("/nix/store/0c9v3n1w1q6w4gvy0f5i0p8g2jz3m9bx-hello-2.12.1")), l.storePaths());
    }

    @Test
    void pullBytesOfTheWorkedExample() {
        ImageDiff.Layer a = new ImageDiff.Layer("sha256:" + "a".repeat(64), "sha256:" + "1".repeat(64), 10);
        ImageDiff.Layer b = new ImageDiff.Layer("sha256:" + "b".repeat(64), "sha256:" + "2".repeat(64), 20);
        ImageDiff.Layer c = new ImageDiff.Layer("sha256:" + "c".repeat(64), "sha256:" + "3".repeat(64), 30);
        ImageDiff.Layer d = new ImageDiff.Layer("sha256:" + "d".repeat(64), "sha256:" + "4".repeat(64), 40);
        StorePath hello1 = StorePath.of("/nix/store/0c9v3n1w1q6w4gvy0f5i0p8g2jz3m9bx-hello-2.12.1");
        StorePath hello2 = StorePath.of("/nix/store/1c9v3n1w1q6w4gvy0f5i0p8g2jz3m9bx-hello-2.13");
        StorePath zlib = StorePath.of("/nix/store/2c9v3n1w1q6w4gvy0f5i0p8g2jz3m9bx-zlib-1.3.1");
        StorePath curl = StorePath.of("/nix/store/3c9v3n1w1q6w4gvy0f5i0p8g2jz3m9bx-curl-8.6.0");
        Inventory from = Inventory.ofStoreNames(List.of(hello1, zlib));
        Inventory to = new Inventory(List.of(), List.of(
                new Inventory.Item(hello2, new PathMeta("hello", "2.13", List.of(new Licence("GPL-3.0-or-later", "", true)), ""),
                        true, List.of()),
                new Inventory.Item(curl, PathMeta.fromName(curl), false, List.of())), Inventory.Provenance.RECORDED);
        ImageDiff diff = ImageDiff.of(List.of(a, b, c), from, List.of(a, c, d), to);
        assertEquals(40, diff.pullBytesByDigest());
        assertEquals(70, diff.pullBytesByChain());
        assertEquals(List.of("kept", "kept", "added", "removed"), diff.layers().stream().map(ImageDiff.LayerChange::change).toList());
        assertEquals(List.of("curl"), diff.added());
        assertEquals(List.of("zlib"), diff.removed());
        assertEquals(List.of(new ImageDiff.VersionChange("hello", "2.12.1", "2.13")), diff.changed());
        assertEquals(List.of(a.diffId()), ImageDiff.chainIds(List.of(a)));
    }
}
