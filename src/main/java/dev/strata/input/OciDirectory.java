package dev.strata.input;

import dev.strata.StrataException;
import dev.strata.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * An OCI image layout directory ({@code oci:DIR}). Its files are opened without following
 * symbolic links: a layout whose {@code index.json} or a blob is a link is refused rather than
 * read from wherever the link points. Blob paths are made from checked digests only.
 */
final class OciDirectory extends OciContent {
    private final Path dir;
    private final String what;

    OciDirectory(Path dir, String what) {
        this.dir = dir;
        this.what = what;
        if (!Files.isDirectory(dir)) {
            throw new StrataException(what + ": " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist")
                    + "; give an OCI image layout directory (with oci-layout and index.json), e.g. oci:base-layout");
        }
    }

    @Override
    byte[] file(String name, long max) throws IOException {
        Path p = dir.resolve(name);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new StrataException(what + " has no " + name + "; it is not an OCI image layout (skopeo copy, umoci "
                    + "and strata build write them)");
        }
        if (a.isSymbolicLink() || !a.isRegularFile()) {
            throw new StrataException(what + ": " + name + " is " + (a.isSymbolicLink() ? "a symbolic link" : "not a file")
                    + "; an OCI layout's files are plain files: copy the layout with skopeo copy");
        }
        if (a.size() > max) {
            throw new StrataException(what + ": " + name + " is " + a.size() + " bytes, larger than it can be; the layout "
                    + "is damaged or not an image");
        }
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes((int) max + 1);
        }
    }

    @Override
    InputStream blob(Digest digest) throws IOException {
        Path p = dir.resolve("blobs").resolve("sha256").resolve(digest.hex());
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new StrataException(what + " lacks the blob " + digest + " its manifest names; the layout is incomplete");
        }
        if (!a.isRegularFile()) {
            throw new StrataException(what + ": the blob " + digest + " is " + (a.isSymbolicLink() ? "a symbolic link"
                    : "not a file") + "; an OCI layout's blobs are plain files: copy the layout with skopeo copy");
        }
        return Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS);
    }
}
