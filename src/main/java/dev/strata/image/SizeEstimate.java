package dev.strata.image;

import java.util.List;

/**
 * The stored (compressed) size of a planned image's store layers before it is built. A layer the
 * cache holds for this compression is its blob's size, exactly; any other layer is its NAR size
 * times the ratio the cached layers of this plan had, or, when none is cached, a ratio typical of
 * binaries and libraries for that compression ({@link #typicalRatio}).
 *
 * <p>Example: three layers of 10, 20 and 30 MiB NAR size, the first two cached at 4 and 9 MiB
 * (gzip). The measured ratio is 13 / 30; the third layer is estimated at 30 x 13 / 30 = 13 MiB;
 * the image at 26 MiB, exact for 2 of 3 layers.
 *
 * @param layers each store layer in manifest order
 * @param ratio compressed bytes per NAR byte used for the layers not cached
 */
public record SizeEstimate(List<LayerSize> layers, double ratio, boolean ratioMeasured) {
    /**
     * Compressed bytes per NAR byte of binaries and libraries: gzip -6 and zstd -3 leave about two
     * fifths of them (Nix closures of C programs and their libraries); none leaves the tar.
     */
    public static double typicalRatio(Compression c) {
        return switch (c) {
            case GZIP -> 0.42;
            case ZSTD -> 0.40;
            case NONE -> 1.0;
        };
    }

    /** One layer's size: exact when the cache holds its blob, else estimated. */
    public record LayerSize(long narSize, long size, boolean exact) {}

    public SizeEstimate {
        layers = List.copyOf(layers);
    }

    public long total() {
        return layers.stream().mapToLong(LayerSize::size).sum();
    }

    public long exactLayers() {
        return layers.stream().filter(LayerSize::exact).count();
    }

    /** True when every layer is cached: the total is what a build writes for the store layers. */
    public boolean exact() {
        return exactLayers() == layers.size();
    }
}
