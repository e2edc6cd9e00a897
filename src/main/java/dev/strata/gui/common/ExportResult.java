package dev.strata.gui.common;

import java.nio.file.Path;
import java.util.List;

/**
 * What a finished export tells the user: the digests, the layers as written, and where it is.
 *
 * @param reference the {@code NAME:TAG} the image carries, or empty
 */
public record ExportResult(String manifestDigest, String configDigest, List<LayerResult> layers, Path output,
                           ExportFormat format, String reference) {
    public ExportResult {
        layers = List.copyOf(layers);
    }

    /** One written layer: compressed digest, uncompressed diffID, stored size. */
    public record LayerResult(String digest, String diffId, long size) {}

    public long totalSize() {
        return layers.stream().mapToLong(LayerResult::size).sum();
    }

    /** {@code s} as one shell word: as it is when it needs no quoting, else in single quotes. */
    public static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:@%+=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
