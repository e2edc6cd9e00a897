package dev.strata.compose;

import dev.strata.closure.StorePath;
import dev.strata.image.BuiltImage;
import dev.strata.image.BuiltLayer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built and saved image: the image and where it was written. {@link #toJson()} is the object
 * {@code strata build --json} prints (README.md, "Building images").
 */
public record BuildResult(BuiltImage image, String output) {
    /** {@code {"manifestDigest","configDigest","layers":[{"digest","diffId","size","paths"}],"output"}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("manifestDigest", image.manifestDigest().toString());
        m.put("configDigest", image.configDigest().toString());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (BuiltLayer l : image.layers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("digest", l.digest().toString());
            row.put("diffId", l.diffId().toString());
            row.put("size", l.size());
            row.put("paths", l.paths().stream().map(StorePath::path).toList());
            layers.add(row);
        }
        m.put("layers", layers);
        m.put("output", output);
        return m;
    }
}
