package dev.strata.output;

import dev.strata.image.Blob;
import dev.strata.image.BuiltImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes an image as one tar, streamed: an OCI archive ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/...}), or the docker-archive, which is that plus Docker's {@code manifest.json}
 * and {@code repositories} pointing at the same blob files, so {@code docker load} (20.10 and newer),
 * podman and skopeo all read it. The tar goes to any {@link OutputStream}, a file or a socket,
 * with no temporary file; the same image gives the same archive bytes.
 *
 * <p>Order: {@code oci-layout}, {@code index.json}, ({@code manifest.json}, {@code repositories}),
 * {@code blobs/}, {@code blobs/sha256/}, then the config, the layers in manifest order and the
 * manifest. Entries are owned by 0:0, files 0644, directories 0755, dated 1970-01-01T00:00:01Z.
 */
public final class ImageArchive {
    private ImageArchive() {}

    /** The OCI archive of an image; {@code name} may be null. Does not close {@code out}. */
    public static void writeOciArchive(BuiltImage image, ImageName name, OutputStream out) throws IOException {
        write(image, name, out, false);
    }

    /**
     * The docker-archive (hybrid OCI layout + {@code manifest.json}) of an image; {@code name} may
     * be null (Docker then loads it untagged). Does not close {@code out}; flushes it at the end.
     */
    public static void writeDockerArchive(BuiltImage image, ImageName name, OutputStream out) throws IOException {
        write(image, name, out, true);
    }

    private static void write(BuiltImage image, ImageName name, OutputStream out, boolean docker) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(out), StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        bytes(tar, "oci-layout", LayoutJson.ociLayout());
        bytes(tar, "index.json", LayoutJson.index(image, name));
        if (docker) {
            bytes(tar, "manifest.json", LayoutJson.dockerManifest(image, name));
            bytes(tar, "repositories", LayoutJson.repositories(image, name));
        }
        directory(tar, "blobs/");
        directory(tar, "blobs/sha256/");
        byte[] buffer = new byte[1 << 20];
        for (Blob b : image.blobs()) {
            TarArchiveEntry e = entry(LayoutJson.blobPath(b.digest().hex()), TarConstants.LF_NORMAL, 0644);
            e.setSize(b.size());
            tar.putArchiveEntry(e);
            copy(b, tar, buffer);
            tar.closeArchiveEntry();
        }
        tar.finish();
        out.flush();
    }

    private static void copy(Blob b, OutputStream out, byte[] buffer) throws IOException {
        long left = b.size();
        try (InputStream in = Files.newInputStream(b.path())) {
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                out.write(buffer, 0, n);
                left -= n;
            }
        }
        if (left != 0) {
            throw new dev.strata.StrataException("the cached blob " + b.path() + " is shorter than its recorded size "
                    + b.size() + "; run ./strata cache verify, then build again");
        }
    }

    private static void bytes(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, 0644);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(entry(name, TarConstants.LF_DIR, 0755));
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, byte type, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setMode((type == TarConstants.LF_DIR ? 0040000 : 0100000) | mode);
        e.setIds(0, 0);
        e.setUserName("");
        e.setGroupName("");
        e.setModTime(1000L);
        return e;
    }

    /** Lets the tar finish without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
