package dev.strata.input;

import dev.strata.StrataException;
import dev.strata.image.BaseImage;
import dev.strata.image.Digest;
import dev.strata.image.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * An image opened by {@link ImageReader}: its manifest and config read and checked, its layers
 * described and readable. Nothing large is read until asked: {@link #openLayer} streams one layer
 * (checked against its digest as it is read), {@link #fetch} puts every layer into the cache for a
 * build. Close it to release what its source holds open (an archive, a daemon export's spool file).
 */
public final class SourceImage implements AutoCloseable {
    private final ImageReference reference;
    private final Digest digest;
    private final String manifestType;
    private final SourceConfig config;
    private final List<SourceLayer> layers;
    private final Source source;
    private final Blobs blobs;

    SourceImage(ImageReference reference, Digest digest, String manifestType, SourceConfig config,
                List<SourceLayer> layers, Source source, Blobs blobs) {
        if (layers.size() != config.diffIds().size()) {
            throw new StrataException("the image " + reference.text() + " has " + layers.size() + " layers but its "
                    + "config lists " + config.diffIds().size() + " diffIDs; the image is damaged");
        }
        this.reference = reference;
        this.digest = digest;
        this.manifestType = manifestType;
        this.config = config;
        this.layers = List.copyOf(layers);
        this.source = source;
        this.blobs = blobs;
    }

    public ImageReference reference() {
        return reference;
    }

    /**
     * The digest that names this image: its manifest's; for a docker-archive or a daemon image,
     * which have no manifest, its config's (the image ID).
     */
    public Digest digest() {
        return digest;
    }

    /** The manifest's media type (OCI's or Docker's), or "" for a docker-archive or daemon image. */
    public String manifestType() {
        return manifestType;
    }

    public SourceConfig config() {
        return config;
    }

    public Platform platform() {
        return config.platform();
    }

    /** The layers, lowest first. */
    public List<SourceLayer> layers() {
        return layers;
    }

    /** What this image is, as a value. */
    public ImageSummary summary() {
        return new ImageSummary(reference.text(), digest, config.platform(), config, layers);
    }

    /** The layers' stored bytes in all. */
    public long size() {
        return layers.stream().mapToLong(SourceLayer::size).sum();
    }

    /**
     * A layer's bytes as stored (compressed as {@link SourceLayer#compression()} says). Reading to
     * the end checks them: a layer that is not what its digest says fails there, in one sentence.
     */
    public InputStream openLayer(int index) throws IOException {
        SourceLayer l = layers.get(index);
        return new CheckedStream(source.open(index, l), l.digest(), l.size(), describe(index));
    }

    /** A layer's uncompressed tar (checked like {@link #openLayer}). */
    public InputStream openLayerTar(int index) throws IOException {
        return layers.get(index).compression().decompressing(openLayer(index));
    }

    /**
     * Every layer in the cache (each checked; those there already are not read), as the image
     * builder takes a base: the cancellable part of reading an image for a build.
     */
    public BaseImage fetch(ReadListener listener) {
        List<BaseImage.BaseLayer> stored = new ArrayList<>();
        long total = size();
        long[] before = {0};
        for (int i = 0; i < layers.size(); i++) {
            SourceLayer l = layers.get(i);
            listener.said("taking layer " + (i + 1) + " of " + layers.size() + " of " + reference.text() + " ("
                    + l.digest().toString().substring(0, 19) + ", " + l.size() + " bytes)");
            try {
                stored.add(source.store(i, l, blobs, describe(i)));
            } catch (InterruptedIOException | ClosedByInterruptException e) {
                throw new CancellationException("reading " + reference.text() + " was cancelled");
            } catch (IOException e) {
                throw new StrataException("cannot read " + describe(i) + ": " + e.getMessage() + "; check that the image "
                        + "is readable and the cache directory has free space", e);
            }
            before[0] += l.size();
            listener.bytes(before[0], total);
        }
        return new BaseImage(reference.text(), digest, config.platform(), config.bytes(), stored);
    }

    /** "layer 2 of 5 of oci:base:1". */
    String describe(int index) {
        return "layer " + (index + 1) + " of " + layers.size() + " of " + reference.text();
    }

    @Override
    public void close() {
        try {
            source.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }
}
