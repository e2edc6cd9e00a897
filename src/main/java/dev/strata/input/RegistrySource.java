package dev.strata.input;

import dev.strata.StrataException;
import dev.strata.image.BaseImage;
import dev.strata.image.Blob;
import dev.strata.image.BlobStore;
import dev.strata.image.Digest;
import dev.strata.image.Platform;
import dev.strata.output.registry.PushedBlobIndex;
import dev.strata.output.registry.RegistryPuller;
import dev.strata.output.registry.RegistryReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/**
 * An image in a registry ({@code docker://HOST/REPO:TAG} or {@code @sha256:...}). A tag is
 * resolved on every read (it can move: the manifest is always asked for, a few hundred bytes);
 * a digest pins the image, and when the cache holds its manifest, config and layers nothing is
 * asked of the registry at all. Every blob goes through the cache, checked, so a second build
 * pulls no layer again. Pulled blobs are noted in the push index ({@link PushedBlobIndex}): a push
 * to another repository of the same registry then mounts them instead of uploading them.
 */
final class RegistrySource implements Source {
    private final ImageReference.Registry ref;
    private final PullOptions options;
    private final ReadListener listener;
    private final PushedBlobIndex pushed;
    private final BlobStore store;
    private RegistryPuller puller;

    private RegistrySource(ImageReference.Registry ref, PullOptions options, ReadListener listener, PushedBlobIndex pushed,
                           BlobStore store) {
        this.ref = ref;
        this.options = options;
        this.listener = listener;
        this.pushed = pushed;
        this.store = store;
    }

    static SourceImage read(ImageReference.Registry ref, Platform wanted, PullOptions options, ReadListener listener,
                            PushedBlobIndex pushed, Blobs blobs) throws IOException {
        RegistrySource s = new RegistrySource(ref, options, listener, pushed, blobs.store());
        String what = ref.text();
        Manifests.Document doc;
        Digest digest;
        if (ref.digest() != null && s.store.verify(Digest.parse(ref.digest()), -1)) {
            digest = Digest.parse(ref.digest());
            doc = Manifests.parse(Files.readAllBytes(s.store.path(digest)), "", "the manifest of " + what);
        } else {
            RegistryPuller.Manifest m = s.puller().manifest(ref.repository(), ref.reference(), Json.MAX_DOCUMENT);
            digest = Digest.parse(m.digest());
            s.keep(digest, m.bytes());
            doc = Manifests.parse(m.bytes(), m.mediaType(), "the manifest of " + what);
        }
        if (doc instanceof Manifests.Index index) {
            Manifests.Descriptor d = Manifests.choose(index, wanted, "the image index of " + what);
            digest = d.digest();
            byte[] bytes;
            if (s.store.verify(d.digest(), d.size())) {
                bytes = Files.readAllBytes(s.store.path(d.digest()));
            } else {
                RegistryPuller.Manifest m = s.puller().manifest(ref.repository(), d.digest().toString(), Json.MAX_DOCUMENT);
                bytes = m.bytes();
                s.keep(d.digest(), bytes);
            }
            doc = Manifests.parse(bytes, d.mediaType(), "the manifest of " + what);
        }
        if (!(doc instanceof Manifests.Manifest manifest)) {
            throw new StrataException("the manifest of " + what + " is an index of indexes; Strata reads one level");
        }
        return OciContent.image(ref, digest, manifest, blobs, d -> s.blob(d, manifest), s);
    }

    /** The registry and repository as the pusher names them (its mount index is keyed so). */
    private RegistryReference where() {
        return new RegistryReference(ref.registry(), ref.repository(), ref.tag() == null ? "latest" : ref.tag());
    }

    /** Connects on first need: an image whose blobs are all in the cache needs no connection. */
    private RegistryPuller puller() {
        if (puller == null) {
            puller = RegistryPuller.connect(where(), options.credential(), options.credentials(), options.tls(),
                    options.timeout(), listener::warning);
        }
        return puller;
    }

    private void keep(Digest digest, byte[] bytes) {
        if (!store.verify(digest, bytes.length)) {
            store.put(bytes);
        }
    }

    /** A blob the manifest names (the config), from the cache or pulled into it. */
    private InputStream blob(Digest digest, Manifests.Manifest manifest) throws IOException {
        long size = manifest.config().digest().equals(digest) ? manifest.config().size()
                : manifest.layers().stream().filter(l -> l.digest().equals(digest)).findFirst()
                .map(Manifests.Descriptor::size).orElse(-1L);
        pull(digest, size);
        return Files.newInputStream(store.path(digest));
    }

    /** Pulls a blob into the cache unless it is there; each attempt writes a fresh partial file. */
    private void pull(Digest digest, long size) {
        if (store.verify(digest, size)) {
            return;
        }
        BlobStore.Pending[] pending = {null};
        try {
            puller().blob(ref.repository(), digest.toString(), size, () -> {
                if (pending[0] != null) {
                    pending[0].close();
                }
                pending[0] = store.create();
                return pending[0].stream();
            }, n -> { });
            Blob b = pending[0].commit();
            if (!b.digest().equals(digest) || b.size() != size) {
                throw new StrataException("blob " + digest + " of " + ref.text() + " arrived as " + b.digest() + "; pull "
                        + "again");
            }
            pushed.record(puller().registry(), ref.repository(), digest.toString());
        } catch (IOException e) {
            throw new StrataException("cannot store blob " + digest + " of " + ref.text() + ": " + e.getMessage()
                    + "; check free space in the cache directory", e);
        } finally {
            if (pending[0] != null) {
                pending[0].close();
            }
        }
    }

    @Override
    public InputStream open(int index, SourceLayer layer) throws IOException {
        pull(layer.digest(), layer.size());
        return Files.newInputStream(store.path(layer.digest()));
    }

    @Override
    public BaseImage.BaseLayer store(int index, SourceLayer layer, Blobs blobs, String what) {
        pull(layer.digest(), layer.size());
        // The repository holds every layer its manifest names, pulled now or before: a push there mounts it.
        pushed.record(where().registry(), ref.repository(), layer.digest().toString());
        return new BaseImage.BaseLayer(layer.digest(), layer.diffId(), layer.size(), layer.compression());
    }
}
