package dev.strata.nix;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.JsonErrors;
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
 *
 * <p>A saved closure file is outside input, so every field Strata reads must have its type:
 * {@code narSize} a whole number from 0 to 2^63-1 ({@code "big"}, {@code 1e30} and {@code 12.5}
 * are refused, not read as 0 or rounded), {@code references} an array of store paths,
 * {@code narHash} and {@code deriver} text, {@code valid} true or false; a path listed twice is
 * refused in either shape. Each problem is one sentence naming the path and the value.
 */
public final class PathInfoJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private PathInfoJson() {}

    public static List<PathInfo> parse(String json, String origin) {
        try {
            return parse(MAPPER.readTree(json), origin);
        } catch (JsonProcessingException e) {
            throw malformed(origin, JsonErrors.describe(e));
        } catch (IOException e) {
            throw malformed(origin, e.getMessage());
        }
    }

    public static List<PathInfo> parse(InputStream json, String origin) {
        try {
            return parse(MAPPER.readTree(json), origin);
        } catch (JsonProcessingException e) {
            throw malformed(origin, JsonErrors.describe(e));
        } catch (IOException e) {
            throw new StrataException("cannot read " + origin + ": " + e.getMessage());
        }
    }

    static List<PathInfo> parse(JsonNode root, String origin) {
        List<PathInfo> out = new ArrayList<>();
        if (root == null || root.isMissingNode()) {
            throw malformed(origin, "it is empty");
        }
        if (root.isArray()) {
            for (JsonNode n : root) {
                if (!n.isObject()) {
                    throw malformed(origin, "an entry is " + JsonErrors.kind(n) + ", not an object");
                }
                JsonNode path = n.get("path");
                if (path == null || path.isNull()) {
                    throw malformed(origin, "an entry has no \"path\"");
                }
                if (!path.isTextual()) {
                    throw malformed(origin, "an entry's \"path\" is " + JsonErrors.kind(path) + " (" + path
                            + "), not a store path");
                }
                out.add(entry(path.asText(), n, origin));
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
        if (out.isEmpty()) {
            throw malformed(origin, "it lists no store paths");
        }
        return out;
    }

    private static PathInfo entry(String path, JsonNode n, String origin) {
        StorePath storePath = storePath(path, origin, "the path");
        if (n == null || n.isNull()) {
            throw invalid(path, origin);
        }
        if (!n.isObject()) {
            throw malformed(origin, "the entry of " + path + " is " + JsonErrors.kind(n) + ", not an object");
        }
        JsonNode valid = n.get("valid");
        if (valid != null && !valid.isNull()) {
            if (!valid.isBoolean()) {
                throw malformed(origin, "\"valid\" of " + path + " is " + valid + ", not true or false");
            }
            if (!valid.booleanValue()) {
                throw invalid(path, origin);
            }
        }
        JsonNode narSize = n.get("narSize");
        if (narSize == null || narSize.isNull()) {
            throw malformed(origin, path + " has no narSize");
        }
        long size = wholeNumber(narSize, "the narSize of " + path, origin);
        JsonNode closureSize = n.get("closureSize");
        if (closureSize != null && !closureSize.isNull()) {
            wholeNumber(closureSize, "the closureSize of " + path, origin);
        }
        for (String field : new String[] {"narHash", "deriver"}) {
            JsonNode v = n.get(field);
            if (v != null && !v.isNull() && !v.isTextual()) {
                throw malformed(origin, "\"" + field + "\" of " + path + " is " + JsonErrors.kind(v) + " (" + v
                        + "), not text");
            }
        }
        JsonNode references = n.get("references");
        if (references == null || references.isNull()) {
            throw malformed(origin, path + " has no \"references\" (write [] for none)");
        }
        if (!references.isArray()) {
            throw malformed(origin, "the references of " + path + " are " + JsonErrors.kind(references) + " ("
                    + references + "), not an array of store paths");
        }
        List<StorePath> refs = new ArrayList<>();
        for (JsonNode r : references) {
            if (!r.isTextual()) {
                throw malformed(origin, "a reference of " + path + " is " + JsonErrors.kind(r) + " (" + r
                        + "), not a store path");
            }
            refs.add(storePath(r.asText(), origin, "a reference of " + path));
        }
        return new PathInfo(storePath, size, refs, n.path("narHash").asText(""));
    }

    /** A whole number from 0 to {@link Long#MAX_VALUE}, as Nix prints sizes. */
    private static long wholeNumber(JsonNode v, String what, String origin) {
        if (!v.isIntegralNumber()) {
            throw malformed(origin, what + " is " + (v.isNumber() ? "" + v : JsonErrors.kind(v) + " (" + v + ")")
                    + ", not a whole number of bytes");
        }
        if (!v.canConvertToLong()) {
            throw malformed(origin, what + " is " + v + ", more bytes than any store path holds");
        }
        long n = v.longValue();
        if (n < 0) {
            throw malformed(origin, what + " is " + n + ", a negative size");
        }
        return n;
    }

    private static StorePath storePath(String s, String origin, String what) {
        try {
            return StorePath.of(s);
        } catch (IllegalArgumentException e) {
            throw malformed(origin, what + " '" + s + "' is not a store path (/nix/store/<32-character hash>-<name>)");
        }
    }

    private static StrataException invalid(String path, String origin) {
        return new StrataException("the store path " + path + " in " + origin
                + " is not valid (not in the Nix store); build it first or save the closure again");
    }

    private static StrataException malformed(String origin, String why) {
        return new StrataException(origin + " is not the JSON of 'nix path-info --json --recursive' (" + why
                + "); save it again with: nix path-info --json --recursive PATHS > FILE");
    }
}
