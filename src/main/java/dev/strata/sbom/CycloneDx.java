package dev.strata.sbom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.closure.Licence;
import dev.strata.closure.StorePath;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * An SBOM as a CycloneDX 1.5 JSON document: the image as the metadata's component (type
 * container), one library component per store path (bom-ref = the store path; name, version,
 * licences by SPDX id or by name, homepage as a website reference, a {@code pkg:nix} purl, the
 * store path as a {@code nix:store_path} property), and the closure's references as
 * dependencies. The serial number is a name-based UUID of the content, so the same image gives
 * the same document. Checked against the official schema in {@code SbomSchemaTest}.
 */
final class CycloneDx {
    private CycloneDx() {}

    static ObjectNode document(Sbom sbom) {
        Inventory inv = sbom.inventory();
        ObjectNode doc = Sbom.JSON.createObjectNode();
        doc.put("bomFormat", "CycloneDX");
        doc.put("specVersion", "1.5");
        doc.put("serialNumber", "urn:uuid:" + UUID.nameUUIDFromBytes(sbom.contentHash().getBytes(StandardCharsets.UTF_8)));
        doc.put("version", 1);
        ObjectNode meta = doc.putObject("metadata");
        meta.put("timestamp", sbom.timestamp());
        ObjectNode tool = meta.putObject("tools").putArray("components").addObject();
        tool.put("type", "application");
        tool.put("name", "strata");
        tool.put("version", sbom.toolVersion());
        ObjectNode image = meta.putObject("component");
        image.put("type", "container");
        image.put("bom-ref", "image");
        image.put("name", sbom.name());
        ObjectNode prov = meta.putArray("properties").addObject();
        prov.put("name", "strata:provenance");
        prov.put("value", Spdx.provenance(inv));

        ArrayNode components = doc.putArray("components");
        if (inv.base() != null) {
            ObjectNode base = components.addObject();
            base.put("type", "container");
            base.put("bom-ref", "base");
            base.put("name", inv.base().reference());
            base.put("version", inv.base().digest());
            base.put("description", Spdx.baseComment(inv.base()));
            ArrayNode props = base.putArray("properties");
            property(props, "strata:base_contents", inv.base().contents().name().toLowerCase(java.util.Locale.ROOT));
        }
        for (Inventory.Item item : inv.items()) {
            ObjectNode c = components.addObject();
            c.put("type", "library");
            c.put("bom-ref", item.path().path());
            c.put("name", item.meta().pname().isEmpty() ? item.path().name() : item.meta().pname());
            if (!item.meta().version().isEmpty()) {
                c.put("version", item.meta().version());
            }
            if (!item.meta().licences().isEmpty()) {
                ArrayNode ls = c.putArray("licenses");
                for (Licence l : item.meta().licences()) {
                    ObjectNode lic = ls.addObject().putObject("license");
                    if (l.listed()) {
                        lic.put("id", l.spdxId());
                    } else {
                        lic.put("name", l.shown());
                    }
                }
            }
            c.put("purl", Sbom.purl(item.meta()));
            if (!item.meta().homepage().isEmpty()) {
                ObjectNode web = c.putArray("externalReferences").addObject();
                web.put("type", "website");
                web.put("url", item.meta().homepage());
            }
            ArrayNode props = c.putArray("properties");
            property(props, "nix:store_path", item.path().path());
            if (!item.described()) {
                property(props, "strata:named_from", "store path name");
            }
        }

        ArrayNode deps = doc.putArray("dependencies");
        ObjectNode top = deps.addObject();
        top.put("ref", "image");
        ArrayNode topOn = top.putArray("dependsOn");
        (inv.roots().isEmpty() ? inv.items().stream().map(Inventory.Item::path).toList() : inv.roots())
                .forEach(r -> topOn.add(r.path()));
        if (inv.base() != null) {
            topOn.add("base");
            deps.addObject().put("ref", "base").putArray("dependsOn");
        }
        for (Inventory.Item item : inv.items()) {
            ObjectNode d = deps.addObject();
            d.put("ref", item.path().path());
            ArrayNode on = d.putArray("dependsOn");
            for (StorePath r : item.references()) {
                on.add(r.path());
            }
        }
        return doc;
    }

    private static void property(ArrayNode props, String name, String value) {
        ObjectNode p = props.addObject();
        p.put("name", name);
        p.put("value", value);
    }
}
