package dev.strata.output.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a push did. {@code blobsSkipped} counts blobs that sent no bytes: already in the repository,
 * or mounted from another repository ({@code blobsMounted} of them).
 *
 * @param reference the pushed reference, {@code REGISTRY/REPO:TAG}
 * @param tags every tag stored, the reference's first
 */
public record PushResult(String reference, String manifestDigest, int blobsUploaded, long bytesUploaded,
                         int blobsSkipped, int blobsMounted, List<String> tags) {
    public PushResult {
        tags = List.copyOf(tags);
    }

    /** The {@code --json} object: {@code reference, manifestDigest, blobsUploaded, bytesUploaded, blobsSkipped}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", reference);
        m.put("manifestDigest", manifestDigest);
        m.put("blobsUploaded", blobsUploaded);
        m.put("bytesUploaded", bytesUploaded);
        m.put("blobsSkipped", blobsSkipped);
        return m;
    }
}
