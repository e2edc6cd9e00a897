package dev.strata.image;

import dev.strata.closure.StorePath;
import java.nio.file.Path;
import java.util.List;

/**
 * One layer of a built image, as a manifest describes it plus what a pusher or server needs to
 * send it without reading the tar again.
 *
 * @param digest SHA-256 of the stored (compressed) bytes: the manifest's layer digest
 * @param diffId SHA-256 of the uncompressed tar: the config's {@code rootfs.diff_ids} entry
 * @param size bytes stored
 * @param mediaType the layer media type in this image's manifest format
 * @param blob the file holding the bytes, in the blob store
 * @param paths the store paths the layer holds (empty for the top layer)
 * @param description what the layer holds, in words (also its history entry)
 * @param reused true when the layer came from the cache without being written
 */
public record BuiltLayer(Digest digest, Digest diffId, long size, String mediaType, Path blob, List<StorePath> paths,
                         String description, boolean reused) {
    public BuiltLayer {
        paths = List.copyOf(paths);
    }
}
