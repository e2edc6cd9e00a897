package dev.strata.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.StrataException;
import dev.strata.image.Blob;
import dev.strata.image.BuiltImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;

/**
 * Writes an image as an OCI image layout directory. A new directory is assembled beside the target
 * and renamed into place, so the target is either absent or complete. An existing layout gets the
 * image added: its blobs are copied in atomically one by one, then {@code index.json} is replaced
 * atomically (an entry of the same name is replaced, other images stay).
 */
public final class OciLayout {
    private OciLayout() {}

    /** @param name the image's name in {@code index.json}, or null */
    public static void write(BuiltImage image, ImageName name, Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        try {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) && !isEmpty(target)) {
                if (!Files.isRegularFile(target.resolve("oci-layout")) || !Files.isRegularFile(target.resolve("index.json"))) {
                    throw new StrataException(dir + " exists and is not an OCI layout; choose a new output path "
                            + "or remove it");
                }
                addTo(image, name, target);
                return;
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new StrataException(dir + " exists and is a file; an OCI layout is a directory: choose a new "
                        + "output path, or --format oci-archive for one file");
            }
            Path parent = target.getParent();
            Files.createDirectories(parent);
            Path tmp = PartialOutputs.track(Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-"));
            try {
                readableByAll(tmp, true);
                Files.write(tmp.resolve("oci-layout"), LayoutJson.ociLayout());
                Path blobs = Files.createDirectories(tmp.resolve("blobs").resolve("sha256"));
                for (Blob b : image.blobs()) {
                    copy(b, blobs.resolve(b.digest().hex()));
                }
                Files.write(tmp.resolve("index.json"), LayoutJson.index(image, name));
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                deleteTree(tmp);
                PartialOutputs.done(tmp);
            }
        } catch (IOException e) {
            throw new StrataException("cannot write the OCI layout " + dir + ": " + e.getMessage()
                    + "; check the path, free space and permissions", e);
        }
    }

    private static void addTo(BuiltImage image, ImageName name, Path dir) throws IOException {
        JsonNode existing;
        try {
            existing = LayoutJson.JSON.readTree(dir.resolve("index.json").toFile());
        } catch (IOException e) {
            throw new StrataException(dir.resolve("index.json") + " is not valid JSON (" + e.getMessage()
                    + "); choose a new output path or remove the directory");
        }
        Path blobs = Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
        for (Blob b : image.blobs()) {
            Path to = blobs.resolve(b.digest().hex());
            if (Files.isRegularFile(to) && Files.size(to) == b.size()) {
                continue;
            }
            Path tmp = Files.createTempFile(blobs, ".blob-", ".partial");
            try {
                Files.delete(tmp);
                copy(b, tmp);
                Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        Path tmp = Files.createTempFile(dir, ".index-", ".partial");
        try {
            Files.write(tmp, LayoutJson.indexWith(existing, image, name));
            Files.move(tmp, dir.resolve("index.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies a blob into a new file, in the kernel (no copy through the Java heap). */
    static void copy(Blob b, Path to) throws IOException {
        try (FileChannel in = FileChannel.open(b.path(), StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long pos = 0;
            while (pos < b.size()) {
                long n = in.transferTo(pos, b.size() - pos, out);
                if (n <= 0) {
                    throw new StrataException("the cached blob " + b.path() + " is shorter than its recorded size "
                            + b.size() + "; run ./strata cache verify, then build again");
                }
                pos += n;
            }
        }
        readableByAll(to, false);
    }

    /** Temporary files and directories are private (0600/0700); what we save is not. */
    static void readableByAll(Path p, boolean directory) throws IOException {
        try {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                    directory ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            return !ds.iterator().hasNext();
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
