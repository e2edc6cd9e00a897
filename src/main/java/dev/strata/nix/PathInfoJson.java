package dev.strata.nix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.StrataException;
import dev.strata.closure.PathInfo;
import dev.strata.closure.StorePath;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code nix path-info --json --recursive} output in both shapes Nix has printed: an array
 * of objects with a {@code path} field (Nix up to 2.18) and an object keyed by store path (2.19
 * and later, {@code null} for invalid paths). Self-references are kept; {@code Closure} drops them.
 */
public final class PathInfoJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PathInfoJson() {}

    public static List<PathInfo> parse(String json, String origin) {
        try {
            return parse(MAPPER.readTree(json), origin);
        } catch (IOException e) {
            throw malformed(origin, e.getMessage());
        }
    }

    public static List<PathInfo> parse(InputStream json, String origin) {
        try {
            return parse(MAPPER.readTree(json), origin);
        } catch (IOException e) {
            throw malformed(origin, e.getMessage());
        }
    }

    static List<PathInfo> parse(JsonNode root, String origin) {
        List<PathInfo> out = new ArrayList<>();
        if (root == null) {
            throw malformed(origin, "it is empty");
        }
        if (root.isArray()) {
            for (JsonNode n : root) {
                if (!n.hasNonNull("path")) {
                    throw malformed(origin, "an entry has no \"path\"");
                }
                out.add(entry(n.get("path").asText(), n, origin));
            }
        } else if (root.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = root.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(entry(e.getKey(), e.getValue(), origin));
            }
        } else {
            throw malformed(origin, "it is neither an array nor an object");
        }
        return out;
    }

    private static PathInfo entry(String path, JsonNode n, String origin) {
        if (n == null || n.isNull() || (n.has("valid") && !n.get("valid").asBoolean(true))) {
            throw new StrataException("the store path " + path + " in " + origin
                    + " is not valid (not in the Nix store); build it first or save the closure again");
        }
        if (!n.has("narSize")) {
            throw malformed(origin, path + " has no narSize");
        }
        List<StorePath> refs = new ArrayList<>();
        for (JsonNode r : n.path("references")) {
            refs.add(storePath(r.asText(), origin));
        }
        return new PathInfo(storePath(path, origin), n.get("narSize").asLong(), refs, n.path("narHash").asText(""));
    }

    private static StorePath storePath(String s, String origin) {
        try {
            return StorePath.of(s);
        } catch (IllegalArgumentException e) {
            throw malformed(origin, e.getMessage());
        }
    }

    private static StrataException malformed(String origin, String why) {
        return new StrataException(origin + " is not the JSON of 'nix path-info --json --recursive' (" + why
                + "); save it again with: nix path-info --json --recursive PATHS > FILE");
    }
}
