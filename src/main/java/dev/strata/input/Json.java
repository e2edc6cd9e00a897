package dev.strata.input;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.strata.StrataException;
import dev.strata.image.Digest;
import java.io.IOException;

/**
 * The JSON of images from outside (indexes, manifests, configs, {@code manifest.json}): parsed
 * strictly (a duplicate key is refused, not silently taken twice), with nesting bounded, and every
 * failure one sentence naming the document.
 */
final class Json {
    /** An index, manifest or config is small; anything larger is refused before it is read. */
    static final long MAX_DOCUMENT = 8L << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private Json() {}

    /** The document as a JSON object, or a sentence saying {@code what} is not one. */
    static JsonNode object(byte[] bytes, String what) {
        JsonNode n;
        try {
            n = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new StrataException(what + " is not valid JSON (" + firstLine(e.getMessage()) + "); the image is "
                    + "damaged or not an image");
        }
        if (n == null || !n.isObject()) {
            throw new StrataException(what + " is not a JSON object; the image is damaged or not an image");
        }
        return n;
    }

    /** Any JSON value (Docker's manifest.json is an array). */
    static JsonNode any(byte[] bytes, String what) {
        try {
            JsonNode n = MAPPER.readTree(bytes);
            if (n == null) {
                throw new StrataException(what + " is empty; the image is damaged or not an image");
            }
            return n;
        } catch (IOException e) {
            throw new StrataException(what + " is not valid JSON (" + firstLine(e.getMessage()) + "); the image is "
                    + "damaged or not an image");
        }
    }

    /** A {@code sha256:HEX} digest, or a sentence about {@code what}. */
    static Digest digest(JsonNode n, String what) {
        String text = n == null || !n.isTextual() ? String.valueOf(n) : n.asText();
        if (!text.matches("sha256:[0-9a-f]{64}")) {
            throw new StrataException(what + " is '" + shorten(text) + "', not a sha256 digest; Strata reads images "
                    + "whose blobs are named sha256:HEX");
        }
        return Digest.parse(text);
    }

    static String shorten(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }

    private static String firstLine(String m) {
        String s = m == null ? "unreadable" : m;
        int nl = s.indexOf('\n');
        return shorten(nl < 0 ? s : s.substring(0, nl));
    }
}
