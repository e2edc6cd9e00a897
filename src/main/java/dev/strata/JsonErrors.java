package dev.strata;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * How Strata words a problem with JSON that came from outside (a closure file, a Docker config, a
 * daemon's answer): what kind of value stood where another was expected, and where parsing
 * stopped, as "line 3, column 7" rather than Jackson's "[Source: REDACTED ...]" noise.
 */
public final class JsonErrors {
    private JsonErrors() {}

    /** "a string", "a number", "an array" ...: what a value is, for "X is a string, not a number". */
    public static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "missing";
        }
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case BINARY -> "binary data";
            case MISSING -> "missing";
        };
    }

    /** Only where the text stops being JSON, for files whose text may be secret: "it is not valid JSON at line 2, column 1". */
    public static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String original = String.valueOf(e.getOriginalMessage());
        String what = original.matches("Duplicate field '.*'") // a key, not a value: safe to name
                ? original.replaceFirst("^Duplicate field '(.*)'$", "'$1' appears twice") : "it is not valid JSON";
        return at == null || at.getLineNr() < 1 ? what : what + " at line " + at.getLineNr() + ", column "
                + at.getColumnNr();
    }

    /** Why the text is not JSON, and where: "Unexpected end-of-input ... at line 2, column 1". */
    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        message = message.replaceAll("\\[Source: [^;\\]]*; ", "[").replace("\n", " ").strip()
                .replaceFirst("^Duplicate field '(.*)'$", "'$1' appears twice");
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) {
            return "it is not valid JSON: " + message;
        }
        return "it is not valid JSON: " + message + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
