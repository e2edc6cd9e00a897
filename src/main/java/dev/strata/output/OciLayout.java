package dev.strata.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.AtomicFile;
import dev.strata.StrataException;
import dev.strata.image.Blob;
import dev.strata.image.BlobStore;
import dev.strata.image.BuiltImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes an image as an OCI image layout directory. A new layout is assembled in a partial
 * directory beside the target and renamed into place, so the target is either absent or complete;
 * replacing a layout ({@link OutputMode#REPLACE}) renames the old one aside first. Adding to a
 * layout ({@link OutputMode#ADD}) copies the image's blobs in atomically one by one, then replaces
 * {@code index.json} atomically (an entry of the same name is replaced, other images stay).
 */
public final class OciLayout {
    private OciLayout() {}

    /**
     * @param name the image's name in {@code index.json}, or null
     * @param target the checked output path ({@link ImageOutput#check})
     */
    static void write(BuiltImage image, ImageName name, Path out, OutputTarget target, OutputMode mode) {
        try {
            if (target.existing() == OutputTarget.Existing.LAYOUT && mode == OutputMode.ADD) {
                addTo(image, name, target.path());
                return;
            }
            try (AtomicFile dir = AtomicFile.directory(target.path(), AtomicFile.Durability.DURABLE)) {
                Path tmp = dir.path();
                readableByAll(tmp, true);
                Files.write(tmp.resolve("oci-layout"), LayoutJson.ociLayout());
                Path blobs = Files.createDirectories(tmp.resolve("blobs").resolve("sha256"));
                Path cache = cacheOf(image);
                BlobStore store = cache == null ? null : BlobStore.in(cache);
                for (Blob b : image.blobs()) {
                    Path to = blobs.resolve(b.digest().hex());
                    if (store != null && store.path(b.digest()).equals(b.path()) && store.link(b.digest(), to)) {
                        continue; // the cache's read-only file, a second name for it (see BlobStore.link)
                    }
                    try (FileChannel ch = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        ImageArchive.transfer(b, ch);
                    }
                    readableByAll(to, false);
                }
                Files.write(tmp.resolve("index.json"), LayoutJson.index(image, name));
                if (target.existing() == OutputTarget.Existing.LAYOUT) {
                    dir.commitReplacing();
                } else {
                    dir.commit();
                }
            }
        } catch (IOException e) {
            throw new StrataException("cannot write the OCI layout " + out + ": " + e.getMessage()
                    + "; check the path, free space and permissions", e);
        }
    }

    /** The names of a layout's images; refuses a directory that is not a readable OCI layout. */
    static List<String> images(Path out, Path dir) {
        if (!Files.isRegularFile(dir.resolve("oci-layout")) || !Files.isRegularFile(dir.resolve("index.json"))) {
            throw new StrataException(out + " exists and is not an OCI layout; choose a new output path or remove it");
        }
        JsonNode index = readIndex(dir);
        List<String> names = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            String ref = m.path("annotations").path(LayoutJson.REF_NAME).asText("");
            String digest = m.path("digest").asText("");
            names.add(!ref.isEmpty() ? ref : digest.length() > 19 ? digest.substring(0, 19) : digest);
        }
        return names;
    }

    private static JsonNode readIndex(Path dir) {
        try {
            return LayoutJson.JSON.readTree(dir.resolve("index.json").toFile());
        } catch (IOException e) {
            throw new StrataException(dir.resolve("index.json") + " is not valid JSON (" + e.getMessage()
                    + "); choose a new output path or remove the directory");
        }
    }

    private static void addTo(BuiltImage image, ImageName name, Path dir) throws IOException {
        AtomicFile.removeStale(AtomicFile.partialsBelow(dir, 3, Set.of()));
        JsonNode existing = readIndex(dir);
        Path blobs = Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
        Path cache = cacheOf(image);
        BlobStore store = cache == null ? null : BlobStore.in(cache);
        for (Blob b : image.blobs()) {
            Path to = blobs.resolve(b.digest().hex());
            if (Files.isRegularFile(to) && Files.size(to) == b.size()) {
                continue;
            }
            if (!Files.exists(to, LinkOption.NOFOLLOW_LINKS) && store != null && store.path(b.digest()).equals(b.path())
                    && store.link(b.digest(), to)) {
                continue; // a link appears whole or not at all: no partial needed
            }
            try (AtomicFile f = AtomicFile.file(to, AtomicFile.Durability.DURABLE)) {
                readableByAll(f.path(), false);
                ImageArchive.transfer(b, f.channel());
                f.commit();
            }
        }
        try (AtomicFile f = AtomicFile.file(dir.resolve("index.json"), AtomicFile.Durability.DURABLE)) {
            readableByAll(f.path(), false);
            f.stream().write(LayoutJson.indexWith(existing, image, name));
            f.commit();
        }
    }

    /**
     * The cache directory holding an image's blobs ({@code <cache>/blobs/sha256/<hex>}): blobs there
     * are linked into a layout instead of copied ({@link BlobStore#link}), unless
     * {@code STRATA_OUTPUT_COPY} is set (then always copied, e.g. for a layout that will be edited in
     * place). Null when the manifest is not in such a store.
     */
    private static Path cacheOf(BuiltImage image) {
        if (System.getenv("STRATA_OUTPUT_COPY") != null) {
            return null;
        }
        Path p = image.manifest().path().toAbsolutePath();
        Path sha = p.getParent();
        Path blobs = sha == null ? null : sha.getParent();
        if (blobs == null || !sha.getFileName().toString().equals("sha256") || !blobs.getFileName().toString().equals("blobs")
                || blobs.getParent() == null) {
            return null;
        }
        return blobs.getParent();
    }

    /** Partials are private (0600/0700); what we save is not. */
    static void readableByAll(Path p, boolean directory) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(directory ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            return !ds.iterator().hasNext();
        } catch (IOException e) {
            throw new StrataException("cannot read the directory " + dir + ": " + e.getMessage()
                    + "; choose another output path or check its permissions");
        }
    }
}
