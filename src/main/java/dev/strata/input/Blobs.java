package dev.strata.input;

import dev.strata.StrataException;
import dev.strata.image.BaseImage;
import dev.strata.image.Blob;
import dev.strata.image.BlobStore;
import dev.strata.image.Compression;
import dev.strata.image.Digest;
import dev.strata.image.HashingOutputStream;
import dev.strata.image.LayerCompressor;
import dev.strata.image.LayerIndex;
import dev.strata.image.ManifestFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;

/**
 * The blob store (Strata's cache) as images read from outside fill it: a blob is written only
 * after its bytes proved to have the digest they should ({@link CheckedStream}), so nothing wrong
 * ever gets a name there, and nothing is written anywhere else; a blob present and verified is not
 * read again. An uncompressed layer (docker-archive, daemon) is stored gzip-compressed as Strata
 * compresses its own layers, and remembered by its diffID in the layer index, so the next build
 * neither reads nor compresses it.
 */
final class Blobs {
    /** The layer index key prefix of an uncompressed base layer compressed by Strata. */
    private static final String COMPRESSED_BASE = "base-tar:";

    private final BlobStore store;
    private final LayerIndex index;
    private final LongConsumer progress;

    Blobs(BlobStore store, LayerIndex index, LongConsumer progress) {
        this.store = store;
        this.index = index;
        this.progress = progress;
    }

    BlobStore store() {
        return store;
    }

    /** Bytes read from a source, for one attempt. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /** Stores a layer's bytes as they are (checked), unless the store has them. */
    BaseImage.BaseLayer copy(SourceLayer layer, Opener source, String what) throws IOException {
        if (!store.verify(layer.digest(), layer.size())) {
            put(layer.digest(), layer.size(), source, what);
        }
        return new BaseImage.BaseLayer(layer.digest(), layer.diffId(), layer.size(), layer.compression());
    }

    /** Stores a small document (a config) checked against its digest; returns its bytes. */
    byte[] small(Digest digest, long size, Opener source, String what) throws IOException {
        if (size > Json.MAX_DOCUMENT) {
            throw new StrataException(what + " is " + size + " bytes, more than a config or manifest can be; the image "
                    + "is damaged or not an image");
        }
        if (!store.verify(digest, size)) {
            put(digest, size, source, what);
        }
        return Files.readAllBytes(store.path(digest));
    }

    /** Copies checked bytes into a new blob; the blob gets its name only when they were right. */
    Blob put(Digest digest, long size, Opener source, String what) throws IOException {
        try (BlobStore.Pending pending = store.create(); InputStream in = new CheckedStream(source.open(), digest, size,
                what)) {
            copy(in, pending.stream());
            Blob b = pending.commit();
            if (!b.digest().equals(digest)) {
                throw new IllegalStateException("checked bytes hashed differently on the way to the store");
            }
            return b;
        }
    }

    /** The stored form of an uncompressed layer: its gzip blob, from the index when it was made before. */
    Optional<BaseImage.BaseLayer> compressed(Digest diffId) {
        String key = LayerIndex.key(COMPRESSED_BASE + diffId, Compression.GZIP);
        return index.get(key).filter(e -> e.diffIdValue().equals(diffId) && store.verify(e.digestValue(), e.size()))
                .map(e -> new BaseImage.BaseLayer(e.digestValue(), diffId, e.size(), Compression.GZIP));
    }

    /**
     * Compresses an uncompressed layer with Strata's gzip (the bytes are the same on every machine,
     * so the digest is too) unless it was before; refuses a tar whose digest is not its diffID.
     */
    BaseImage.BaseLayer compress(Digest diffId, Opener tar, String what) throws IOException {
        Optional<BaseImage.BaseLayer> known = compressed(diffId);
        if (known.isPresent()) {
            return known.get();
        }
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "strata-base-deflate");
            t.setDaemon(true);
            return t;
        });
        Blob blob;
        Digest actual;
        try (LayerCompressor compressor = new LayerCompressor(pool, threads); BlobStore.Pending pending = store.create();
             InputStream in = tar.open()) {
            LayerCompressor.Compressing gz = compressor.open(Compression.GZIP, pending.stream());
            HashingOutputStream plain = new HashingOutputStream(gz);
            try {
                copy(in, plain);
                plain.close();
            } catch (IOException | RuntimeException e) {
                gz.abandon();
                throw e;
            }
            actual = plain.digest();
            if (!actual.equals(diffId)) {
                throw new StrataException(what + " is a tar whose digest is " + actual + " but the image's config says "
                        + diffId + "; the image is damaged or was changed: export it again");
            }
            blob = pending.commit();
        } finally {
            pool.shutdownNow();
        }
        index.put(LayerIndex.key(COMPRESSED_BASE + diffId, Compression.GZIP), new LayerIndex.Entry(COMPRESSED_BASE + diffId,
                LayerIndex.format(Compression.GZIP), diffId.toString(), blob.digest().toString(), blob.size(), Compression.GZIP.id(),
                Compression.GZIP.layerMediaType(ManifestFormat.OCI), List.of()));
        return new BaseImage.BaseLayer(blob.digest(), diffId, blob.size(), Compression.GZIP);
    }

    private void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 18];
        for (int n; (n = in.read(buf)) >= 0; ) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("reading the image was cancelled");
            }
            out.write(buf, 0, n);
            progress.accept(n);
        }
    }
}
