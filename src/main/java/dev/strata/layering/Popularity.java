package dev.strata.layering;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.InputFiles;
import dev.strata.JsonErrors;
import dev.strata.StrataException;
import dev.strata.AtomicFile;
import dev.strata.closure.StorePath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;

/**
 * How many store paths reference each path across a package set, in Nixery's format: a JSON
 * object from the store path name without its hash ({@code glibc-2.37-8}) to a count. Unknown
 * names count 1. Read from a file (compose also fetches URLs for {@code --popularity}); computed by
 * {@code strata popularity} (see {@link PopularityCount}).
 */
public final class Popularity {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORMAT = "a JSON object from store path names without hash to counts, "
            + "e.g. {\"glibc-2.37-8\": 2410}";

    private final Map<String, Long> counts;

    private Popularity(Map<String, Long> counts) {
        this.counts = Map.copyOf(counts);
    }

    public static Popularity empty() {
        return new Popularity(Map.of());
    }

    public static Popularity of(Map<String, Long> counts) {
        return new Popularity(counts);
    }

    public long count(StorePath path) {
        return counts.getOrDefault(path.name(), 1L);
    }

    public long count(String name) {
        return counts.getOrDefault(name, 1L);
    }

    /** The counts, sorted by name. */
    public Map<String, Long> asMap() {
        return new TreeMap<>(counts);
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    public int size() {
        return counts.size();
    }

    /** Reads popularity data from a file ({@code compose} fetches URLs, within a deadline). */
    public static Popularity read(Path file) {
        try (InputStream in = InputFiles.open(file, "the popularity file " + file)) {
            return parse(in, "the popularity file " + file);
        } catch (NoSuchFileException e) {
            throw new StrataException("the popularity file " + file + " does not exist; compute one with "
                    + "./strata popularity -o FILE, or give an http(s) URL");
        } catch (IOException e) {
            throw new StrataException("cannot read the popularity file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Parses Nixery's format. {@code origin} names the data in error messages ("the popularity
     * file x.json").
     */
    public static Popularity parse(InputStream in, String origin) {
        Map<String, Long> counts = new HashMap<>();
        try (JsonParser p = JSON.getFactory().createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw malformed(origin, "it is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw malformed(origin, "it starts with " + describe(first) + ", not an object");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.isEmpty()) {
                    throw malformed(origin, "it has an empty name");
                }
                if (name.startsWith("/")) {
                    throw malformed(origin, "the key \"" + name + "\" is a path; keys are store path names without "
                            + "the /nix/store/HASH- prefix");
                }
                if (value != JsonToken.VALUE_NUMBER_INT) {
                    throw malformed(origin, "the count of \"" + name + "\" is " + describe(value)
                            + ", not a whole number");
                }
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw malformed(origin, "the count of \"" + name + "\" is " + p.getText()
                            + ", larger than any count of store paths");
                }
                long v = p.getLongValue();
                if (v < 0) {
                    throw malformed(origin, "the count of \"" + name + "\" is negative (" + v + ")");
                }
                if (counts.put(name, v) != null) {
                    throw malformed(origin, "the name \"" + name + "\" appears twice");
                }
            }
            if (p.nextToken() != null) {
                throw malformed(origin, "there is more JSON after the object");
            }
        } catch (JsonProcessingException e) {
            // Only where it stops being JSON: Jackson's words quote the file's text, and a recipe can
            // name any readable file here (a token file's secret would reach the build log).
            throw malformed(origin, JsonErrors.where(e));
        } catch (IOException e) {
            throw new StrataException("cannot read " + origin + ": " + e.getMessage());
        }
        return new Popularity(counts);
    }

    public static Popularity parse(String json, String origin) {
        return parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), origin);
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "the end of the input";
        }
        switch (t) {
            case START_ARRAY:
                return "an array";
            case START_OBJECT:
                return "an object";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_FLOAT:
                return "a fraction";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return t.asString() == null ? t.name() : "'" + t.asString() + "'";
        }
    }

    private static StrataException malformed(String origin, String problem) {
        return new StrataException(origin + " is not popularity data: " + problem + "; expected " + FORMAT
                + " (compute it with ./strata popularity)");
    }

    /** The data as Nixery's JSON object, keys sorted, one entry per line. */
    public String toJson() {
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Long> e : asMap().entrySet()) {
            out.append(first ? "\n" : ",\n");
            first = false;
            try {
                out.append("  ").append(JSON.writeValueAsString(e.getKey())).append(": ").append(e.getValue());
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return out.append(first ? "}\n" : "\n}\n").toString();
    }

    /** Writes {@link #toJson()} atomically: readers see the old file or the new one, never half. */
    public void write(Path file) {
        try {
            AtomicFile.write(file, toJson(), AtomicFile.Durability.DURABLE);
        } catch (IOException e) {
            throw new StrataException("cannot write the popularity file " + file + ": " + e.getMessage()
                    + "; choose a writable location with -o");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Popularity other && counts.equals(other.counts);
    }

    @Override
    public int hashCode() {
        return counts.hashCode();
    }

    @Override
    public String toString() {
        return "Popularity[" + counts.size() + " names]";
    }
}
