package dev.strata.output;

import dev.strata.StrataException;
import dev.strata.image.BuiltImage;
import dev.strata.image.ManifestFormat;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Saves a built image in one of the {@link OutputFormat}s; files appear complete or not at all. */
public final class ImageOutput {
    private ImageOutput() {}

    /**
     * Writes the image to {@code out}: a layout directory, or a tar written to a temporary file
     * beside it and renamed over it.
     *
     * @param name the image's name ({@code -t}), or null
     */
    public static void write(BuiltImage image, OutputFormat format, ImageName name, Path out) {
        if (format != OutputFormat.DOCKER_ARCHIVE && image.format() == ManifestFormat.DOCKER) {
            // skopeo, umoci, podman and oci-image-tool ignore or refuse Docker manifests in an OCI layout.
            throw new StrataException("an " + format.id() + " holds OCI manifests, and tools ignore Docker manifests in "
                    + "one; use --manifest-format oci, or --format docker-archive for Docker");
        }
        if (format == OutputFormat.OCI) {
            OciLayout.write(image, name, out);
            return;
        }
        Path target = out.toAbsolutePath().normalize();
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new StrataException(out + " is a directory; an " + format.id() + " is one file: give a file name "
                    + "such as image.tar, or --format oci for a layout directory");
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = PartialOutputs.track(Files.createTempFile(target.getParent(), "." + target.getFileName() + ".",
                    ".partial"));
            try {
                OciLayout.readableByAll(tmp, false);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ImageArchive.write(image, name, format == OutputFormat.DOCKER_ARCHIVE, ch);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
                PartialOutputs.done(tmp);
            }
        } catch (IOException e) {
            throw new StrataException("cannot write " + out + ": " + e.getMessage()
                    + "; check the path, free space and permissions", e);
        }
    }
}
