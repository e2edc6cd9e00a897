package dev.strata.compose;

/**
 * The layers of an image that are not store layers, which its layer budget ({@code maxLayers})
 * counts too: the base image's, the top symlink layer, and one per {@code --add}.
 */
public record LayerCount(int base, int added) {
    /** Every layer besides the store layers, the symlink layer included. */
    public int total() {
        return base + 1 + added;
    }
}
