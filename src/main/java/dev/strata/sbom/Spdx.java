package dev.strata.sbom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.closure.Licence;
import dev.strata.closure.StorePath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An SBOM as an SPDX 2.3 JSON document: a package for the image (purpose CONTAINER) that the
 * document describes and that CONTAINS one package per store path (name = pname, versionInfo,
 * licenseDeclared as an SPDX expression, homepage, a {@code pkg:nix} purl, the store path in the
 * comment), and a DEPENDS_ON relationship for every reference of the closure. Licences without an
 * SPDX identifier become {@code LicenseRef-} identifiers with their names in
 * {@code hasExtractedLicensingInfos}, as SPDX requires. Checked against the official schema in
 * {@code SbomSchemaTest}.
 */
final class Spdx {
    private Spdx() {}

    static ObjectNode document(Sbom sbom) {
        Inventory inv = sbom.inventory();
        ObjectNode doc = Sbom.JSON.createObjectNode();
        doc.put("spdxVersion", "SPDX-2.3");
        doc.put("dataLicense", "CC0-1.0");
        doc.put("SPDXID", "SPDXRef-DOCUMENT");
        doc.put("name", sbom.name());
        doc.put("documentNamespace", "https://spdx.org/spdxdocs/strata-" + idPart(sbom.name()) + "-" + sbom.contentHash());
        ObjectNode info = doc.putObject("creationInfo");
        info.put("created", sbom.timestamp());
        info.putArray("creators").add("Tool: strata-" + sbom.toolVersion());
        info.put("comment", provenance(inv) + (inv.base() == null ? "" : " " + baseComment(inv.base())));

        Map<String, String> extracted = new LinkedHashMap<>();
        ArrayNode packages = doc.putArray("packages");
        ObjectNode image = packages.addObject();
        image.put("SPDXID", "SPDXRef-image");
        image.put("name", sbom.name());
        image.put("downloadLocation", "NOASSERTION");
        image.put("filesAnalyzed", false);
        image.put("primaryPackagePurpose", "CONTAINER");
        if (inv.base() != null) {
            ObjectNode base = packages.addObject();
            base.put("SPDXID", "SPDXRef-base");
            base.put("name", inv.base().reference());
            base.put("versionInfo", inv.base().digest());
            base.put("downloadLocation", "NOASSERTION");
            base.put("filesAnalyzed", false);
            base.put("primaryPackagePurpose", "CONTAINER");
            base.put("comment", baseComment(inv.base()));
        }
        for (Inventory.Item item : inv.items()) {
            ObjectNode p = packages.addObject();
            p.put("SPDXID", id(item.path()));
            p.put("name", item.meta().pname().isEmpty() ? item.path().name() : item.meta().pname());
            if (!item.meta().version().isEmpty()) {
                p.put("versionInfo", item.meta().version());
            }
            p.put("downloadLocation", "NOASSERTION");
            p.put("filesAnalyzed", false);
            p.put("licenseConcluded", "NOASSERTION");
            p.put("licenseDeclared", item.described() ? expression(item.meta().licences(), extracted) : "NOASSERTION");
            p.put("copyrightText", "NOASSERTION");
            if (!item.meta().homepage().isEmpty()) {
                p.put("homepage", item.meta().homepage());
            }
            ObjectNode purl = p.putArray("externalRefs").addObject();
            purl.put("referenceCategory", "PACKAGE-MANAGER");
            purl.put("referenceType", "purl");
            purl.put("referenceLocator", Sbom.purl(item.meta()));
            p.put("comment", "Nix store path " + item.path().path() + (item.described() ? ""
                    : "; name and version read from the store path name"));
        }
        if (!extracted.isEmpty()) {
            ArrayNode infos = doc.putArray("hasExtractedLicensingInfos");
            extracted.forEach((ref, name) -> {
                ObjectNode e = infos.addObject();
                e.put("licenseId", ref);
                e.put("name", name);
                // The set gave no SPDX id; whether SPDX has one (a foreign set's plain "MIT") is not known here.
                e.put("extractedText", "The package set names this licence \"" + name + "\" and gives no SPDX identifier for it.");
            });
        }

        ArrayNode rel = doc.putArray("relationships");
        relationship(rel, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-image");
        if (inv.base() != null) {
            relationship(rel, "SPDXRef-image", "DESCENDANT_OF", "SPDXRef-base");
        }
        for (Inventory.Item item : inv.items()) {
            relationship(rel, "SPDXRef-image", "CONTAINS", id(item.path()));
        }
        for (Inventory.Item item : inv.items()) {
            for (StorePath r : item.references()) {
                relationship(rel, id(item.path()), "DEPENDS_ON", id(r));
            }
        }
        return doc;
    }

    /** The licences as one SPDX expression (AND: nixpkgs lists every licence that applies), or NOASSERTION. */
    static String expression(List<Licence> licences, Map<String, String> extracted) {
        List<String> ids = new ArrayList<>();
        for (Licence l : licences) {
            if (l.listed()) {
                ids.add(l.spdxId());
            } else if (!l.spdxId().isEmpty() || !l.name().isEmpty()) {
                String ref = "LicenseRef-" + idPart(l.spdxId().isEmpty() ? l.name() : l.spdxId().substring("LicenseRef-".length()));
                extracted.putIfAbsent(ref, l.shown());
                ids.add(ref);
            }
        }
        if (ids.isEmpty()) {
            return "NOASSERTION";
        }
        List<String> distinct = ids.stream().distinct().toList();
        return String.join(" AND ", distinct);
    }

    static String id(StorePath p) {
        return "SPDXRef-nix-" + p.hash() + "-" + idPart(p.name());
    }

    /** Letters, digits, dots and dashes only, as SPDX identifiers allow. */
    static String idPart(String s) {
        String t = s.replaceAll("[^A-Za-z0-9.-]", "-");
        return t.isEmpty() ? "x" : t;
    }

    /** What the document says of the base image an image was built on. */
    static String baseComment(Inventory.Base base) {
        String which = "Built on the base image " + base.reference() + " (" + base.digest() + "): ";
        return which + switch (base.contents()) {
            case RECORDED -> "its packages are listed from the inventory Strata recorded in it.";
            case STORE_NAMES -> "the Nix store paths in its layers are listed, named from their store path names; "
                    + "any other software in it (distribution packages, plain files) is not inventoried.";
            case NOT_INVENTORIED -> "its contents are not inventoried (no Nix store path in its layers); "
                    + "scan the base image by its digest with a tool that reads its package manager's database.";
        };
    }

    static String provenance(Inventory inv) {
        return inv.provenance() == Inventory.Provenance.RECORDED
                ? "Made by Strata from the closure and the package set's metadata recorded when the image was built."
                : "Made by Strata from the store path names found in the image's layers: the image carries no "
                + "recorded metadata, so licences and dependencies are unknown.";
    }

    private static void relationship(ArrayNode rel, String from, String type, String to) {
        ObjectNode r = rel.addObject();
        r.put("spdxElementId", from);
        r.put("relationshipType", type);
        r.put("relatedSpdxElement", to);
    }
}
