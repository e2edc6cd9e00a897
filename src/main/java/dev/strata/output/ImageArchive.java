package dev.strata.output;

import dev.strata.StrataException;
import dev.strata.image.Blob;
import dev.strata.image.BuiltImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * Writes an image as one tar, streamed: an OCI archive ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/...}), or the docker-archive, which is that plus Docker's {@code manifest.json}
 * and {@code repositories} pointing at the same blob files, so {@code docker load} (20.10 and newer),
 * podman and skopeo all read it. The tar goes to any {@link OutputStream}, a file or a socket,
 * with no temporary file; the same image gives the same archive bytes.
 *
 * <p>Order: {@code oci-layout}, {@code index.json}, ({@code manifest.json}, {@code repositories}),
 * {@code blobs/}, {@code blobs/sha256/}, then the config, the layers in manifest order and the
 * manifest. Plain ustar entries (every name is short), owned by 0:0, files 0644, directories 0755,
 * dated 1970-01-01T00:00:01Z, ended by two zero records. The blobs are copied as they are; to a file
 * the copy is done by the kernel ({@link FileChannel#transferTo}).
 */
public final class ImageArchive {
    private static final int RECORD = 512;

    private ImageArchive() {}

    /** The OCI archive of an image; {@code name} may be null. Does not close {@code out}. */
    public static void writeOciArchive(BuiltImage image, ImageName name, OutputStream out) throws IOException {
        write(image, name, false, new StreamSink(out));
        out.flush();
    }

    /**
     * The docker-archive (hybrid OCI layout + {@code manifest.json}) of an image; {@code name} may
     * be null (Docker then loads it untagged). Does not close {@code out}; flushes it at the end.
     */
    public static void writeDockerArchive(BuiltImage image, ImageName name, OutputStream out) throws IOException {
        write(image, name, true, new StreamSink(out));
        out.flush();
    }

    /** The number of bytes {@link #writeDockerArchive} (docker) or {@link #writeOciArchive} writes. */
    public static long size(BuiltImage image, ImageName name, boolean docker) {
        long n = entrySize(LayoutJson.ociLayout().length) + entrySize(LayoutJson.index(image, name).length);
        if (docker) {
            n += entrySize(LayoutJson.dockerManifest(image, name).length)
                    + entrySize(LayoutJson.repositories(image, name).length);
        }
        n += 2 * RECORD; // blobs/ and blobs/sha256/
        for (Blob b : image.blobs()) {
            n += entrySize(b.size());
        }
        return n + 2 * RECORD;
    }

    private static long entrySize(long content) {
        return RECORD + content + padding(content);
    }

    /** Either archive into a file channel, at its current position. */
    static void write(BuiltImage image, ImageName name, boolean docker, FileChannel out) throws IOException {
        write(image, name, docker, new ChannelSink(out));
    }

    private static void write(BuiltImage image, ImageName name, boolean docker, Sink sink) throws IOException {
        file(sink, "oci-layout", LayoutJson.ociLayout());
        file(sink, "index.json", LayoutJson.index(image, name));
        if (docker) {
            file(sink, "manifest.json", LayoutJson.dockerManifest(image, name));
            file(sink, "repositories", LayoutJson.repositories(image, name));
        }
        sink.bytes(header("blobs/", '5', 0755, 0));
        sink.bytes(header("blobs/sha256/", '5', 0755, 0));
        for (Blob b : image.blobs()) {
            sink.bytes(header(LayoutJson.blobPath(b.digest().hex()), '0', 0644, b.size()));
            sink.blob(b);
            sink.bytes(new byte[padding(b.size())]);
        }
        sink.bytes(new byte[2 * RECORD]);
    }

    private static void file(Sink sink, String name, byte[] content) throws IOException {
        sink.bytes(header(name, '0', 0644, content.length));
        sink.bytes(content);
        sink.bytes(new byte[padding(content.length)]);
    }

    private static int padding(long size) {
        return (int) ((RECORD - size % RECORD) % RECORD);
    }

    /** A ustar header; sizes of 8 GiB and more use the base-256 form GNU tar and Go read. */
    static byte[] header(String name, char type, int mode, long size) {
        byte[] h = new byte[RECORD];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length > 100) {
            throw new IllegalArgumentException("name too long for a ustar header: " + name);
        }
        System.arraycopy(n, 0, h, 0, n.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        if (size < 077777777777L) {
            octal(h, 124, 12, size);
        } else {
            h[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) {
                h[135 - i] = (byte) (size >>> (8 * i));
            }
        }
        octal(h, 136, 12, 1);
        h[156] = (byte) type;
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String c = String.format("%06o", sum);
        System.arraycopy(c.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        String padded = "0".repeat(len - 1 - s.length()) + s;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
        h[off + len - 1] = 0;
    }

    private interface Sink {
        void bytes(byte[] b) throws IOException;

        void blob(Blob b) throws IOException;
    }

    /** Copies a blob to a file channel at its position, in the kernel (no copy through the Java heap). */
    static void transfer(Blob b, FileChannel out) throws IOException {
        try (FileChannel in = FileChannel.open(b.path(), StandardOpenOption.READ)) {
            long pos = 0;
            while (pos < b.size()) {
                long n = in.transferTo(pos, b.size() - pos, out);
                if (n <= 0) {
                    shortBlob(b);
                }
                pos += n;
            }
        }
    }

    private static void shortBlob(Blob b) {
        throw new StrataException("the cached blob " + b.path() + " is shorter than its recorded size " + b.size()
                + "; run ./strata cache verify, then build again");
    }

    private static final class StreamSink implements Sink {
        private final OutputStream out;
        private byte[] buffer;

        StreamSink(OutputStream out) {
            this.out = out;
        }

        @Override
        public void bytes(byte[] b) throws IOException {
            out.write(b);
        }

        @Override
        public void blob(Blob b) throws IOException {
            if (buffer == null) {
                buffer = new byte[1 << 20];
            }
            long left = b.size();
            try (InputStream in = Files.newInputStream(b.path())) {
                int n;
                while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
            if (left != 0) {
                shortBlob(b);
            }
        }
    }

    private static final class ChannelSink implements Sink {
        private final FileChannel out;

        ChannelSink(FileChannel out) {
            this.out = out;
        }

        @Override
        public void bytes(byte[] b) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
        }

        @Override
        public void blob(Blob b) throws IOException {
            transfer(b, out);
        }
    }
}
