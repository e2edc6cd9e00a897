package dev.strata.output.daemon;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a load did: the names the daemon reports (podman prefixes short names with
 * {@code localhost/}), the image ID, which daemon, and whether the Engine API or the docker CLI
 * carried it.
 */
public record LoadResult(List<String> loaded, String imageId, String daemon, String via, long bytesSent) {
    public LoadResult {
        loaded = List.copyOf(loaded);
    }

    /** The {@code --json} object of {@code strata load}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loaded", loaded);
        m.put("imageId", imageId);
        m.put("daemon", daemon);
        m.put("via", via);
        m.put("bytesSent", bytesSent);
        return m;
    }
}
