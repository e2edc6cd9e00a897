package dev.strata.output;

import dev.strata.AtomicFile;
import dev.strata.StrataException;
import dev.strata.image.BuiltImage;
import dev.strata.image.BuiltLayer;
import dev.strata.image.Compression;
import dev.strata.image.ManifestFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Saves a built image in one of the {@link OutputFormat}s, to a path (complete or not at all) or to
 * a stream. {@link #check} judges a path before any work starts, so a build never ends in an error
 * about where its result should go, and never replaces what is not an image: a named pipe, a
 * device or a socket at the path is refused (as root, {@code -o /dev/null} would otherwise turn
 * the device into a file), judged through a symbolic link by its target.
 */
public final class ImageOutput {
    private ImageOutput() {}

    /**
     * What is at {@code out} and whether an image in {@code format} can be saved there; refuses, with
     * one sentence, a special file, a directory for an archive, a file or a non-layout directory for
     * a layout, a path below a file, and a directory that is not writable.
     */
    public static OutputTarget check(OutputFormat format, Path out) {
        Path target = resolve(out);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            writableDirectory(out, target.getParent());
            return new OutputTarget(target, OutputTarget.Existing.NOTHING, List.of());
        } catch (IOException e) {
            writableDirectory(out, target.getParent()); // names a file where a directory should be
            throw new StrataException("cannot look at " + out + ": " + e.getMessage() + "; choose another output path");
        }
        if (!a.isRegularFile() && !a.isDirectory()) {
            throw new StrataException(named(out, target) + " is " + kind(target) + "; an image is saved as a regular "
                    + "file or a directory, and saving it here would replace that: choose another output path (or "
                    + "-o - to write the archive to standard output)");
        }
        if (a.isRegularFile()) {
            if (format == OutputFormat.OCI) {
                throw new StrataException(named(out, target) + " exists and is a file; an OCI layout is a directory: "
                        + "choose a new output path, or --format oci-archive for one file");
            }
            writableDirectory(out, target.getParent());
            return new OutputTarget(target, OutputTarget.Existing.FILE, List.of());
        }
        if (format != OutputFormat.OCI) {
            throw new StrataException(named(out, target) + " is a directory; an " + format.id() + " is one file: give "
                    + "a file name such as image.tar, or --format oci for a layout directory");
        }
        writableDirectory(out, target);
        if (OciLayout.isEmpty(target)) {
            writableDirectory(out, target.getParent());
            return new OutputTarget(target, OutputTarget.Existing.EMPTY_DIRECTORY, List.of());
        }
        return new OutputTarget(target, OutputTarget.Existing.LAYOUT, OciLayout.images(out, target));
    }

    /** Refuses a stream for a format that is a directory. */
    public static void checkStream(OutputFormat format) {
        if (format == OutputFormat.OCI) {
            throw new StrataException("an OCI layout is a directory and cannot be written to standard output; use "
                    + "--format oci-archive or docker-archive with -o -, or give a directory path");
        }
    }

    /**
     * Refuses zstd layers in a docker-archive: it is the form {@code docker load} reads, Docker
     * before 23 (Debian 12 ships 20.10) fails on such a layer with only "invalid tar header", and
     * zstd is an OCI media type. The fix is named: an OCI format, or gzip.
     */
    public static void checkCompression(OutputFormat format, Compression compression) {
        if (format == OutputFormat.DOCKER_ARCHIVE && compression == Compression.ZSTD) {
            throw new StrataException("zstd layers are for OCI images, and a docker-archive is what docker load reads "
                    + "(Docker before 23 cannot read zstd layers): use --format oci-archive or oci for zstd, or "
                    + "--compression gzip for a docker-archive");
        }
    }

    /** As {@link #checkCompression(OutputFormat, Compression)} for a built image, whose layers (a base's too) decide. */
    public static void checkCompression(OutputFormat format, BuiltImage image) {
        checkCompression(format, image.compression());
        for (BuiltLayer l : image.layers()) {
            checkCompression(format, Compression.ofLayerMediaType(l.mediaType()));
        }
    }

    /** Refuses Docker manifests for the formats that hold OCI ones. */
    public static void checkManifests(OutputFormat format, ManifestFormat manifests) {
        if (format != OutputFormat.DOCKER_ARCHIVE && manifests == ManifestFormat.DOCKER) {
            // skopeo, umoci, podman and oci-image-tool ignore or refuse Docker manifests in an OCI layout.
            throw new StrataException("an " + format.id() + " holds OCI manifests, and tools ignore Docker manifests in "
                    + "one; use --manifest-format oci, or --format docker-archive for Docker");
        }
    }

    /**
     * Writes the image to {@code out}: an archive to a partial file beside it, renamed over it; a
     * layout as {@link OciLayout} does, added to or replacing one that is there ({@code mode}). The
     * stale partials earlier runs left for this path are removed first.
     *
     * @param name the image's name ({@code -t}), or null
     */
    public static void write(BuiltImage image, OutputFormat format, ImageName name, Path out, OutputMode mode) {
        checkManifests(format, image.format());
        checkCompression(format, image);
        OutputTarget target = check(format, out);
        AtomicFile.removeStale(target.path());
        if (format == OutputFormat.OCI) {
            OciLayout.write(image, name, out, target, mode);
            return;
        }
        try (AtomicFile f = AtomicFile.file(target.path(), AtomicFile.Durability.DURABLE)) {
            OciLayout.readableByAll(f.path(), false);
            ImageArchive.write(image, name, format == OutputFormat.DOCKER_ARCHIVE, f.channel());
            f.commit();
        } catch (IOException e) {
            throw new StrataException("cannot write " + out + ": " + e.getMessage()
                    + "; check the path, free space and permissions", e);
        }
    }

    /** Writes the image as an archive to a stream (standard output); does not close it. */
    public static void write(BuiltImage image, OutputFormat format, ImageName name, OutputStream out) {
        checkManifests(format, image.format());
        checkCompression(format, image);
        checkStream(format);
        try {
            if (format == OutputFormat.DOCKER_ARCHIVE) {
                ImageArchive.writeDockerArchive(image, name, out);
            } else {
                ImageArchive.writeOciArchive(image, name, out);
            }
        } catch (IOException e) {
            throw new StrataException("cannot write the image to standard output: " + e.getMessage()
                    + "; the reader stopped early or the disk behind it is full", e);
        }
    }

    /** The path itself, or the file a symbolic link there leads to. */
    private static Path resolve(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        if (!Files.isSymbolicLink(abs)) {
            return abs;
        }
        try {
            return abs.toRealPath();
        } catch (NoSuchFileException e) {
            throw new StrataException(out + " is a symbolic link to a path that does not exist; give the path to "
                    + "save to, or remove the link");
        } catch (IOException e) {
            throw new StrataException("cannot follow the symbolic link " + out + ": " + e.getMessage()
                    + "; choose another output path");
        }
    }

    private static String named(Path out, Path target) {
        Path abs = out.toAbsolutePath().normalize();
        return abs.equals(target) ? out.toString() : out + " (a link to " + target + ")";
    }

    /** A special file's kind, from the type bits of its mode. */
    private static String kind(Path p) {
        int type;
        try {
            type = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
        } catch (IOException | RuntimeException e) {
            return "not a regular file or a directory";
        }
        return switch (type) {
            case 0010000 -> "a named pipe (FIFO)";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0140000 -> "a socket";
            default -> "not a regular file or a directory";
        };
    }

    /**
     * Refuses when {@code dir}, or the nearest part of it that exists (missing directories are
     * created), is not a directory this process may write in.
     */
    private static void writableDirectory(Path out, Path dir) {
        Path d = dir;
        while (d != null && !Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
            d = d.getParent();
        }
        if (d == null) {
            return;
        }
        if (!Files.isDirectory(d)) {
            throw new StrataException("cannot save to " + out + ": " + d + " is not a directory; choose another "
                    + "output path");
        }
        if (!Files.isWritable(d)) {
            throw new StrataException("cannot save to " + out + ": the directory " + d + " is not writable; choose "
                    + "another output path or check its permissions");
        }
    }
}
