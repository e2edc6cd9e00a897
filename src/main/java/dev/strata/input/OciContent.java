package dev.strata.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.StrataException;
import dev.strata.image.Compression;
import dev.strata.image.Digest;
import dev.strata.image.Platform;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI image layout, as a directory or as one tar: {@code oci-layout}, {@code index.json} and
 * blobs by digest. Reading it: the index entry the tag names (or the only one), then that manifest
 * (through an index for this platform), then the config; every blob checked against its digest,
 * the manifest and config kept in the cache.
 */
abstract class OciContent implements Source {
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    /** A file of the layout itself ({@code oci-layout}, {@code index.json}), at most {@code max} bytes. */
    abstract byte[] file(String name, long max) throws IOException;

    /** A blob's bytes, unchecked. */
    abstract InputStream blob(Digest digest) throws IOException;

    @Override
    public InputStream open(int index, SourceLayer layer) throws IOException {
        return blob(layer.digest());
    }

    SourceImage read(ImageReference ref, String tag, Platform wanted, Blobs blobs) throws IOException {
        String what = ref.text();
        JsonNode layout = Json.object(file("oci-layout", 4096), "the oci-layout file of " + what);
        if (!layout.path("imageLayoutVersion").isTextual()) {
            throw new StrataException(what + " has an oci-layout file without imageLayoutVersion; it is not an OCI image "
                    + "layout");
        }
        Manifests.Document top = Manifests.parse(file("index.json", Json.MAX_DOCUMENT), Manifests.OCI_INDEX,
                "index.json of " + what);
        if (!(top instanceof Manifests.Index index)) {
            throw new StrataException("index.json of " + what + " is not an image index; it is not an OCI image layout");
        }
        Manifests.Descriptor chosen = byTag(index, tag, what);
        byte[] bytes = blobs.small(chosen.digest(), chosen.size(), () -> blob(chosen.digest()), "the manifest of " + what);
        Manifests.Document doc = Manifests.parse(bytes, chosen.mediaType(), "the manifest of " + what);
        Manifests.Descriptor manifestDescriptor = chosen;
        if (doc instanceof Manifests.Index inner) {
            Manifests.Descriptor d = Manifests.choose(inner, wanted, "the image index of " + what);
            bytes = blobs.small(d.digest(), d.size(), () -> blob(d.digest()), "the manifest of " + what);
            doc = Manifests.parse(bytes, d.mediaType(), "the manifest of " + what);
            manifestDescriptor = d;
        }
        if (!(doc instanceof Manifests.Manifest manifest)) {
            throw new StrataException("the manifest of " + what + " is an index of indexes; Strata reads one level");
        }
        return image(ref, manifestDescriptor.digest(), manifest, blobs, this::blob, this);
    }

    /** The image of a checked manifest: its config read (and kept), its layers described. */
    static SourceImage image(ImageReference ref, Digest digest, Manifests.Manifest manifest, Blobs blobs,
                             BlobOpener opener, Source source) throws IOException {
        Manifests.Descriptor c = manifest.config();
        String what = ref.text();
        byte[] configBytes = blobs.small(c.digest(), c.size(), () -> opener.open(c.digest()), "the config of " + what);
        SourceConfig config = SourceConfig.parse(configBytes, what);
        List<SourceLayer> layers = new ArrayList<>();
        for (int i = 0; i < manifest.layers().size() && i < config.diffIds().size(); i++) {
            Manifests.Descriptor l = manifest.layers().get(i);
            layers.add(new SourceLayer(l.digest(), l.size(), Compression.ofLayerMediaType(l.mediaType()),
                    config.diffIds().get(i)));
        }
        if (manifest.layers().size() != config.diffIds().size()) {
            throw new StrataException(what + " has " + manifest.layers().size() + " layers but its config lists "
                    + config.diffIds().size() + " diffIDs; the image is damaged");
        }
        return new SourceImage(ref, digest, manifest.dialect(), config, layers, source, blobs);
    }

    /** Opens a blob by digest. */
    @FunctionalInterface
    interface BlobOpener {
        InputStream open(Digest digest) throws IOException;
    }

    /** The index entry named {@code tag} (as skopeo names it, or as Strata does: NAME:TAG), or the only one. */
    static Manifests.Descriptor byTag(Manifests.Index index, String tag, String what) {
        List<String> names = new ArrayList<>();
        for (Manifests.Descriptor d : index.manifests()) {
            String name = d.annotations().get(REF_NAME);
            if (name != null) {
                names.add(name);
                if (tag != null && (name.equals(tag) || name.endsWith(":" + tag))) {
                    return d;
                }
            }
        }
        if (tag != null) {
            throw new StrataException(what + " has no image tagged '" + tag + "'" + (names.isEmpty() ? "" : "; its tags: "
                    + String.join(", ", names)));
        }
        if (index.manifests().size() == 1) {
            return index.manifests().get(0);
        }
        throw new StrataException(what + " holds " + index.manifests().size() + " images; name one with :TAG"
                + (names.isEmpty() ? "" : " (its tags: " + String.join(", ", names) + ")"));
    }

    static InputStream bytes(byte[] b) {
        return new ByteArrayInputStream(b);
    }
}
