package dev.strata.sbom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.JsonErrors;
import dev.strata.StrataException;
import dev.strata.closure.Licence;
import dev.strata.closure.PathMeta;
import dev.strata.closure.StorePath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inventory an image carries for its SBOM, as one label of its config ({@value #KEY}).
 *
 * <p>Why a config label: it is the one place every form of the image keeps byte for byte (OCI
 * layout and archive, docker-archive, a registry, {@code docker load} and {@code docker save}),
 * while manifest annotations are lost in Docker's forms and a separate blob would be lost by any
 * copy that does not know it. To keep it small it is compact JSON with short keys and references
 * as indices into the path list; paths the package set did not describe carry only their path:
 *
 * <pre>{"v":1,"roots":[0],"paths":[{"p":"/nix/store/...-hello-2.12.1","n":"hello","v":"2.12.1",
 *   "l":[{"id":"GPL-3.0-or-later","name":"GNU General Public License v3.0 or later"}],
 *   "h":"https://www.gnu.org/software/hello/manual/","r":[1,2]}, ...]}</pre>
 *
 * (a licence that is not free adds {@code "free":false}). The git image of the demo set (17
 * paths) carries 2.9 KB. A label from outside is hostile: anything but this shape is refused in
 * one sentence.
 */
public final class InventoryLabel {
    /** The config label's key. */
    public static final String KEY = "dev.strata.sbom";
    /** The largest label read (a closure of 20,000 paths fits). */
    static final int MAX_CHARS = 8 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private InventoryLabel() {}

    /** The label's value for an inventory of recorded facts. */
    public static String encode(Inventory inventory) {
        Map<StorePath, Integer> index = new HashMap<>();
        inventory.items().forEach(i -> index.put(i.path(), index.size()));
        ObjectNode root = JSON.createObjectNode();
        root.put("v", 1);
        ArrayNode roots = root.putArray("roots");
        inventory.roots().stream().filter(index::containsKey).forEach(r -> roots.add(index.get(r)));
        if (inventory.base() != null) {
            ObjectNode b = root.putObject("base");
            b.put("ref", inventory.base().reference());
            b.put("digest", inventory.base().digest());
            b.put("contents", inventory.base().contents().name().toLowerCase(java.util.Locale.ROOT));
        }
        ArrayNode paths = root.putArray("paths");
        for (Inventory.Item item : inventory.items()) {
            ObjectNode p = paths.addObject();
            p.put("p", item.path().path());
            if (item.described()) {
                PathMeta m = item.meta();
                p.put("n", m.pname());
                p.put("v", m.version());
                ArrayNode ls = p.putArray("l");
                for (Licence l : m.licences()) {
                    ObjectNode o = ls.addObject();
                    o.put("id", l.spdxId());
                    o.put("name", l.name());
                    if (!l.free()) {
                        o.put("free", false);
                    }
                }
                if (!m.homepage().isEmpty()) {
                    p.put("h", m.homepage());
                }
            }
            ArrayNode refs = p.putArray("r");
            item.references().stream().filter(index::containsKey).forEach(r -> refs.add(index.get(r)));
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The inventory a label holds; a label of another shape is refused in one sentence. */
    public static Inventory decode(String value) {
        if (value.length() > MAX_CHARS) {
            throw bad("it is " + value.length() + " characters long, more than " + MAX_CHARS);
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw bad(JsonErrors.describe(e));
        }
        if (root == null || !root.isObject() || root.path("v").asInt(0) != 1 || !root.path("paths").isArray()) {
            throw bad("it is not the version 1 object this Strata writes");
        }
        JsonNode paths = root.path("paths");
        List<StorePath> all = new ArrayList<>();
        for (JsonNode p : paths) {
            try {
                all.add(StorePath.of(text(p, "p")));
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
        }
        List<Inventory.Item> items = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            JsonNode p = paths.get(i);
            List<StorePath> refs = indices(p.path("r"), all);
            if (p.has("n")) {
                List<Licence> licences = new ArrayList<>();
                for (JsonNode l : p.path("l")) {
                    licences.add(new Licence(text(l, "id"), text(l, "name"), l.path("free").asBoolean(true)));
                }
                PathMeta m = new PathMeta(text(p, "n"), text(p, "v"), licences, text(p, "h"));
                items.add(new Inventory.Item(all.get(i), m, true, refs));
            } else {
                items.add(new Inventory.Item(all.get(i), PathMeta.fromName(all.get(i)), false, refs));
            }
        }
        Inventory.Base base = null;
        if (root.has("base")) {
            JsonNode b = root.path("base");
            try {
                base = new Inventory.Base(text(b, "ref"), text(b, "digest"),
                        Inventory.BaseContents.valueOf(text(b, "contents").toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw bad("its base's contents \"" + b.path("contents").asText() + "\" is not one this Strata knows");
            }
        }
        return new Inventory(indices(root.path("roots"), all), Inventory.sorted(items), Inventory.Provenance.RECORDED,
                base);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw bad("\"" + field + "\" is " + v.getNodeType().toString().toLowerCase() + ", not text");
        }
        return v.asText();
    }

    private static List<StorePath> indices(JsonNode list, List<StorePath> all) {
        List<StorePath> out = new ArrayList<>();
        for (JsonNode n : list) {
            if (!n.isInt() || n.asInt() < 0 || n.asInt() >= all.size()) {
                throw bad("the reference " + n + " is not an index of its " + all.size() + " paths");
            }
            out.add(all.get(n.asInt()));
        }
        return out;
    }

    private static StrataException bad(String why) {
        return new StrataException("the image's " + KEY + " label cannot be read (" + why + "); "
                + "its SBOM can only name the store paths found in its layers");
    }
}
