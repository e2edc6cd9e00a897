package dev.strata.input;

import dev.strata.StrataException;
import dev.strata.image.BlobStore;
import dev.strata.image.LayerIndex;
import dev.strata.image.Platform;
import dev.strata.output.registry.PushedBlobIndex;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

/**
 * The one way Strata reads an existing image, whatever holds it ({@link ImageReference}): an OCI
 * layout, an OCI archive, a docker-archive, a registry or the local daemon. {@link #open} reads and
 * checks the manifest (an index resolved to the wanted platform) and the config;
 * {@link SourceImage#openLayer} streams a layer and {@link SourceImage#fetch} brings all of them into
 * the cache for a build. Whatever comes from outside is checked before Strata uses it: every blob
 * against its digest and size, every document's size and shape; nothing is ever written outside
 * the cache's blob store, and a lie is one sentence.
 */
public final class ImageReader {
    private final BlobStore store;
    private final LayerIndex index;
    private final PushedBlobIndex pushed;
    private final PullOptions options;

    /** A reader filling the blob store of {@code cacheDir} (and its push index, for mounts). */
    public ImageReader(Path cacheDir, PullOptions options) {
        this.store = BlobStore.in(cacheDir);
        this.index = LayerIndex.in(cacheDir);
        this.pushed = new PushedBlobIndex(cacheDir.resolve("pushed-blobs"));
        this.options = options;
    }

    /**
     * Opens an image: manifest and config read and checked, layers described. Close the result.
     *
     * @param wanted the platform to take from an index (a multi-platform image)
     */
    public SourceImage open(String reference, Platform wanted, ReadListener listener) {
        return open(ImageReference.parse(reference), wanted, listener);
    }

    /** As {@link #open(String, Platform, ReadListener)}, for a reference parsed already. */
    public SourceImage open(ImageReference ref, Platform wanted, ReadListener listener) {
        Blobs blobs = new Blobs(store, index, n -> { });
        listener.said("reading " + ref.text());
        try {
            if (ref instanceof ImageReference.OciLayout l) {
                return readClosing(new OciDirectory(l.dir(), ref.text()), ref, l.tag(), wanted, blobs);
            }
            if (ref instanceof ImageReference.OciArchive a) {
                return readClosing(new OciArchive(a.file(), ref.text()), ref, a.tag(), wanted, blobs);
            }
            if (ref instanceof ImageReference.DockerArchive d) {
                return DockerArchive.read(ref, d.file(), blobs);
            }
            if (ref instanceof ImageReference.Registry r) {
                return RegistrySource.read(r, wanted, options, listener, pushed, blobs);
            }
            return DaemonSource.read((ImageReference.Daemon) ref, options, listener, blobs);
        } catch (InterruptedIOException | ClosedByInterruptException e) {
            throw new CancellationException("reading " + ref.text() + " was cancelled");
        } catch (IOException e) {
            throw new StrataException("cannot read " + ref.text() + ": " + e.getMessage() + "; check that it exists and "
                    + "is readable", e);
        }
    }

    private static SourceImage readClosing(OciContent content, ImageReference ref, String tag, Platform wanted, Blobs blobs)
            throws IOException {
        try {
            return content.read(ref, tag, wanted, blobs);
        } catch (IOException | RuntimeException e) {
            content.close();
            throw e;
        }
    }
}
