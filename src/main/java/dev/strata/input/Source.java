package dev.strata.input;

import dev.strata.image.BaseImage;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where an opened image's layers come from: one implementation per kind of reference. An
 * implementation only finds bytes; {@link SourceImage} checks them and {@link Blobs} stores them.
 */
interface Source extends Closeable {
    /** The stored bytes of a layer (the caller checks them against the layer's digest and size). */
    InputStream open(int index, SourceLayer layer) throws IOException;

    /**
     * Puts a layer into the blob store as Strata will use it, checked, unless it is there already:
     * by default its bytes as they are.
     */
    default BaseImage.BaseLayer store(int index, SourceLayer layer, Blobs blobs, String what) throws IOException {
        return blobs.copy(layer, () -> open(index, layer), what);
    }

    @Override
    default void close() throws IOException { }
}
