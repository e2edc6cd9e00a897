package dev.strata.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.StrataException;
import dev.strata.image.BaseImage;
import dev.strata.image.Compression;
import dev.strata.image.Digest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A docker-archive ({@code docker save}, {@code skopeo copy ... docker-archive:}, Strata's own):
 * Docker's {@code manifest.json} names the config and the layer files by path. There are no layer
 * digests to check against, only the config's diffIDs: a layer file that is a plain tar must be the
 * tar its diffID names (checked as it is read), and is stored gzip-compressed as Strata compresses
 * its own layers (the same bytes everywhere, so the same digest); a compressed layer file (Strata's
 * archives hold its gzip blobs) is kept as it is, named by its digest, and its diffID is checked
 * when the builder first reads it.
 */
final class DockerArchive implements Source {
    private final ArchiveFiles files;
    private final Runnable onClose;
    private final List<String> layerNames = new ArrayList<>();

    private DockerArchive(ArchiveFiles files, Runnable onClose) {
        this.files = files;
        this.onClose = onClose;
    }

    /** Opens the archive and reads its one image's config and layer list. */
    static SourceImage read(ImageReference ref, Path file, Blobs blobs) throws IOException {
        return read(ref, file, blobs, () -> { });
    }

    /** As {@link #read(ImageReference, Path, Blobs)}; {@code onClose} runs when the image is closed (a spool file's removal). */
    static SourceImage read(ImageReference ref, Path file, Blobs blobs, Runnable onClose) throws IOException {
        String what = ref.text();
        DockerArchive archive = new DockerArchive(new ArchiveFiles(file, what), onClose);
        try {
            return archive.image(ref, blobs);
        } catch (IOException | RuntimeException e) {
            archive.close();
            throw e;
        }
    }

    private SourceImage image(ImageReference ref, Blobs blobs) throws IOException {
        String what = ref.text();
        if (!files.has("manifest.json")) {
            throw new StrataException(what + " has no manifest.json; it is not a docker-archive (for an OCI archive "
                    + "write oci-archive:FILE)");
        }
        JsonNode images = Json.any(files.read("manifest.json", Json.MAX_DOCUMENT), "manifest.json of " + what);
        if (!images.isArray() || images.size() != 1) {
            List<String> tags = new ArrayList<>();
            images.forEach(i -> i.path("RepoTags").forEach(t -> tags.add(t.asText())));
            throw new StrataException(what + " holds " + (images.isArray() ? images.size() : 0) + " images" + (tags.isEmpty()
                    ? "" : " (" + String.join(", ", tags) + ")") + "; give a docker-archive of one image (docker save "
                    + "NAME:TAG)");
        }
        JsonNode image = images.get(0);
        String configName = image.path("Config").asText("");
        if (configName.isEmpty() || !image.path("Layers").isArray()) {
            throw new StrataException("manifest.json of " + what + " names no Config or no Layers; the archive is damaged");
        }
        byte[] configBytes = files.read(configName, Json.MAX_DOCUMENT);
        Digest configDigest = Digest.of(configBytes);
        String named = digestIn(configName);
        if (named != null && !named.equals(configDigest.hex())) {
            throw new StrataException(what + ": the config " + Json.shorten(configName) + " does not have the digest its "
                    + "name says (its bytes hash to " + configDigest + "); the archive is damaged or was changed");
        }
        blobs.small(configDigest, configBytes.length, () -> OciContent.bytes(configBytes), "the config of " + what);
        SourceConfig config = SourceConfig.parse(configBytes, what);
        image.path("Layers").forEach(l -> layerNames.add(l.asText("")));
        if (layerNames.size() != config.diffIds().size()) {
            throw new StrataException(what + " has " + layerNames.size() + " layers but its config lists "
                    + config.diffIds().size() + " diffIDs; the archive is damaged");
        }
        List<SourceLayer> layers = new ArrayList<>();
        for (int i = 0; i < layerNames.size(); i++) {
            String name = layerNames.get(i);
            long size = files.size(name);
            Compression c = sniff(name);
            Digest diffId = config.diffIds().get(i);
            Digest digest;
            if (c == Compression.NONE) {
                digest = diffId;
            } else if (digestIn(name) != null) {
                digest = new Digest(digestIn(name));
            } else {
                digest = hash(name);
            }
            layers.add(new SourceLayer(digest, size, c, diffId));
        }
        return new SourceImage(ref, configDigest, "", config, layers, this, blobs);
    }

    /** The hex digest a blob's file name carries ({@code blobs/sha256/HEX}, {@code HEX.json}, {@code HEX.tar}), or null. */
    private static String digestIn(String name) {
        String n = ArchiveFiles.normal(name);
        String last = n.substring(n.lastIndexOf('/') + 1);
        int dot = last.indexOf('.');
        String stem = dot < 0 ? last : last.substring(0, dot);
        boolean blobPath = n.startsWith("blobs/sha256/") && dot < 0;
        boolean file = dot > 0 && (last.endsWith(".json") || last.endsWith(".tar.gz") || last.endsWith(".tar.gzip"));
        return (blobPath || file) && stem.matches("[0-9a-f]{64}") ? stem : null;
    }

    private Compression sniff(String name) throws IOException {
        try (InputStream in = files.open(name)) {
            byte[] m = in.readNBytes(4);
            if (m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) {
                return Compression.GZIP;
            }
            if (m.length == 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f
                    && (m[3] & 0xff) == 0xfd) {
                return Compression.ZSTD;
            }
            return Compression.NONE;
        }
    }

    private Digest hash(String name) throws IOException {
        MessageDigest sha = Digest.sha256();
        try (InputStream in = new BufferedInputStream(files.open(name), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) >= 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return Digest.of(sha);
    }

    @Override
    public InputStream open(int index, SourceLayer layer) throws IOException {
        return files.open(layerNames.get(index));
    }

    @Override
    public BaseImage.BaseLayer store(int index, SourceLayer layer, Blobs blobs, String what) throws IOException {
        if (layer.compression() == Compression.NONE) {
            return blobs.compress(layer.diffId(), () -> open(index, layer), what);
        }
        return Source.super.store(index, layer, blobs, what);
    }

    @Override
    public void close() {
        files.close();
        onClose.run();
    }
}
