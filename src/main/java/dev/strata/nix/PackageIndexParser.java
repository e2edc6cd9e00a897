package dev.strata.nix;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.strata.JsonErrors;
import dev.strata.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads {@code nix-env -qaP --json --meta} output ({@code {attrPath: {name, pname, version,
 * meta: {...}}}}), streaming, since a full nixpkgs gives about 100,000 entries. When pname or
 * version are missing (older Nix) they are split from the name as Nix does: the version starts
 * at the first dash followed by a digit.
 */
public final class PackageIndexParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PackageIndexParser() {}

    public static List<PackageInfo> parse(Reader json) {
        try (JsonParser p = new JsonFactory(MAPPER).createParser(json)) {
            return parse(p);
        } catch (IOException e) {
            throw new StrataException("cannot read nix-env's package list: " + e.getMessage());
        }
    }

    /** As {@link #parse(Reader)}, from UTF-8 bytes as nix-env prints them (read as they come). */
    public static List<PackageInfo> parse(InputStream json) {
        // Left open: the caller drains what a broken list leaves, so that nix-env ends as it would.
        try (JsonParser p = new JsonFactory(MAPPER).configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false)
                .createParser(json)) {
            return parse(p);
        } catch (IOException e) {
            throw new StrataException("cannot read nix-env's package list: " + e.getMessage());
        }
    }

    /**
     * As {@link #parse(InputStream)}, straight into an index: each package is encoded as it is read
     * (see {@link PackageIndex.Builder}), so that little is left to do when nix-env ends.
     */
    public static PackageIndex parseIndex(InputStream json) {
        PackageIndex.Builder index = new PackageIndex.Builder();
        try (JsonParser p = new JsonFactory(MAPPER).configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false)
                .createParser(json)) {
            parse(p, index::add);
        } catch (IOException e) {
            throw new StrataException("cannot read nix-env's package list: " + e.getMessage());
        }
        return index.build();
    }

    private static List<PackageInfo> parse(JsonParser p) {
        List<PackageInfo> out = new ArrayList<>();
        parse(p, out::add);
        return out;
    }

    private static void parse(JsonParser p, Consumer<PackageInfo> out) {
        try {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new StrataException("nix-env did not print a JSON object of packages");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String attrPath = p.currentName();
                JsonNode n = p.nextToken() == JsonToken.START_OBJECT ? read(p, PACKAGE_FIELDS) : p.readValueAsTree();
                out.accept(toInfo(attrPath, n == null ? MissingNode.getInstance() : n));
            }
        } catch (JsonProcessingException e) {
            throw new StrataException("nix-env's package list cannot be read: " + JsonErrors.describe(e));
        } catch (IOException e) {
            throw new StrataException("cannot read nix-env's package list: " + e.getMessage());
        }
    }

    /** The fields {@link #toInfo} reads, of an entry and of its meta; nothing else is kept. */
    private static final Set<String> PACKAGE_FIELDS = Set.of("name", "pname", "version", "meta");
    private static final Set<String> META_FIELDS = Set.of("description", "license", "homepage", "mainProgram",
            "broken", "unfree");

    /**
     * The object at the parser (on its START_OBJECT) with only the fields {@link #toInfo} reads; the
     * rest (platforms, maintainers, outputs, ...: most of the 90 MB of a nixpkgs-sized list) is
     * skipped without building a tree. Duplicate fields: the last wins, as in a tree.
     */
    private static ObjectNode read(JsonParser p, Set<String> keep) throws IOException {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (!keep.contains(field)) {
                p.skipChildren();
            } else if (keep == PACKAGE_FIELDS && field.equals("meta") && t == JsonToken.START_OBJECT) {
                o.set(field, read(p, META_FIELDS));
            } else {
                JsonNode v = value(p, t);
                o.set(field, v == null ? NullNode.getInstance() : v);
            }
        }
        return o;
    }

    /**
     * The value at the parser as a tree, the nodes the ObjectMapper would make; strings, booleans,
     * nulls, objects and arrays (a licence) without it: {@code readValueAsTree} sets up a
     * deserialization context per call, and a package has half a dozen such fields (measured: a
     * sixth of a cold parse's samples). Numbers and anything else go through the mapper.
     */
    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (t) {
            case VALUE_STRING:
                return nodes.textNode(p.getText());
            case VALUE_TRUE:
                return nodes.booleanNode(true);
            case VALUE_FALSE:
                return nodes.booleanNode(false);
            case VALUE_NULL:
                return nodes.nullNode();
            case START_OBJECT: {
                ObjectNode o = nodes.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonNode v = value(p, p.nextToken());
                    o.set(field, v == null ? NullNode.getInstance() : v);
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = nodes.arrayNode();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY && e != null) {
                    JsonNode v = value(p, e);
                    a.add(v == null ? NullNode.getInstance() : v);
                }
                return a;
            }
            default:
                return p.readValueAsTree();
        }
    }

    /** One package from its nix-env entry ({@code name}, {@code meta}, ...); also used for the build's refusal. */
    static PackageInfo toInfo(String attrPath, JsonNode n) {
        String name = text(n.path("name"));
        String[] split = splitName(name);
        String pname = n.path("pname").isValueNode() && !n.get("pname").isNull() ? text(n.get("pname")) : split[0];
        String version = n.path("version").isValueNode() && !n.get("version").isNull() ? text(n.get("version"))
                : split[1];
        JsonNode meta = n.path("meta");
        JsonNode lic = meta.path("license");
        boolean unfree = meta.path("unfree").asBoolean(false) || licenseUnfree(lic);
        return new PackageInfo(attrPath, name, pname, version, text(meta.path("description")), licenseName(lic),
                text(meta.path("homepage")), text(meta.path("mainProgram")), meta.path("broken").asBoolean(false),
                unfree);
    }

    private static String text(JsonNode n) {
        if (n.isArray()) {
            return n.size() > 0 ? text(n.get(0)) : "";
        }
        return n.isValueNode() ? printable(n.asText("")) : "";
    }

    /**
     * A package set is written by others, and search prints these fields to a terminal: control
     * characters (escapes that recolour or clear it) become spaces.
     */
    static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, ' ');
            }
        }
        return b == null ? s : b.toString();
    }

    /**
     * nixpkgs' rule, for any set: a licence is unfree when it says {@code free = false}, or when
     * its short name (or the licence itself, written as a string) is {@code unfree} or one of
     * nixpkgs' {@code unfree...} variants ({@code unfreeRedistributable}, ...). A list is unfree
     * when any licence in it is. The build refuses by this same rule ({@link Nix}).
     */
    private static boolean licenseUnfree(JsonNode lic) {
        if (lic.isArray()) {
            for (JsonNode l : lic) {
                if (licenseUnfree(l)) {
                    return true;
                }
            }
            return false;
        }
        if (lic.isObject()) {
            return lic.has("free") && !lic.get("free").asBoolean(true) || unfreeName(lic.path("shortName"));
        }
        return unfreeName(lic);
    }

    private static boolean unfreeName(JsonNode name) {
        return name.isTextual() && name.asText().toLowerCase(Locale.ROOT).startsWith("unfree");
    }

    private static String licenseName(JsonNode lic) {
        if (lic.isArray()) {
            List<String> names = new ArrayList<>();
            lic.forEach(l -> names.add(licenseName(l)));
            return String.join(", ", names);
        }
        if (lic.isObject()) {
            for (String field : new String[] {"spdxId", "shortName", "fullName"}) {
                if (lic.hasNonNull(field) && lic.get(field).isValueNode()) {
                    return text(lic.get(field));
                }
            }
            return "";
        }
        return text(lic);
    }

    /** Nix's parseDrvName: the version starts after the first '-' that is followed by a non-letter. */
    static String[] splitName(String name) {
        for (int i = 0; i + 1 < name.length(); i++) {
            if (name.charAt(i) == '-' && !Character.isLetter(name.charAt(i + 1))) {
                return new String[] {name.substring(0, i), name.substring(i + 1)};
            }
        }
        return new String[] {name, ""};
    }
}
