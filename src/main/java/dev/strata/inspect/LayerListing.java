package dev.strata.inspect;

import dev.strata.closure.StorePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * What one layer tar holds: its entries in tar order, the tar's own size (the uncompressed size,
 * whose sha256 is the diffID), and the store paths it holds (an entry named
 * {@code nix/store/HASH-NAME} or below). The tar is streamed once and never extracted: names from
 * the tar only ever become text, and the stream is read to its end so that its reader can check
 * its digest.
 */
public record LayerListing(List<LayerFile> files, long uncompressedSize, List<StorePath> storePaths) {
    public LayerListing {
        files = List.copyOf(files);
        storePaths = List.copyOf(storePaths);
    }

    /** Lists a layer tar read from {@code in} (to its end). */
    public static LayerListing read(InputStream in) throws IOException {
        CountingStream counted = new CountingStream(in);
        List<LayerFile> files = new ArrayList<>();
        TreeSet<StorePath> paths = new TreeSet<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(counted);
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            String path = normal(e.getName());
            if (path.isEmpty()) {
                continue;
            }
            files.add(new LayerFile(path, type(e, path), e.getMode() & 07777, e.isFile() ? e.getSize() : 0,
                    e.isSymbolicLink() || e.isLink() ? e.getLinkName() : ""));
            StorePath.ofLayerEntry(e.getName()).ifPresent(paths::add);
        }
        counted.transferTo(OutputStream.nullOutputStream());
        return new LayerListing(files, counted.count, List.copyOf(paths));
    }

    /** {@code ./a/b/}, {@code /a/b} and {@code a/b} are the same path: {@code a/b}. */
    static String normal(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n.equals(".") ? "" : n;
    }

    private static String type(TarArchiveEntry e, String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        if (base.startsWith(".wh.")) {
            return "whiteout";
        }
        if (e.isDirectory()) {
            return "dir";
        }
        if (e.isSymbolicLink()) {
            return "symlink";
        }
        if (e.isLink()) {
            return "hardlink";
        }
        if (e.isCharacterDevice()) {
            return "char";
        }
        if (e.isBlockDevice()) {
            return "block";
        }
        if (e.isFIFO()) {
            return "fifo";
        }
        return "file";
    }

    /** Counts the bytes of the tar, padding and end blocks included: the uncompressed size. */
    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
