package dev.strata.nix;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.closure.Licence;
import dev.strata.closure.PathMeta;
import dev.strata.closure.StorePath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@code prepare-image.nix -A meta} prints: one entry per store path of the closure that
 * a derivation of the set explains, with that derivation's pname, version, homepage and licences
 * (each a string or {@code {spdxId, shortName, fullName, free}}, as nixpkgs writes them).
 * Anything malformed is skipped: metadata enriches an SBOM and never stops a build.
 */
final class PathMetaJson {
    private PathMetaJson() {}

    static Map<StorePath, PathMeta> parse(JsonNode entries) {
        Map<StorePath, PathMeta> out = new LinkedHashMap<>();
        for (JsonNode e : entries) {
            StorePath path;
            try {
                path = StorePath.of(e.path("path").asText(""));
            } catch (IllegalArgumentException bad) {
                continue;
            }
            List<Licence> licences = new ArrayList<>();
            for (JsonNode l : e.path("licences")) {
                if (l.isTextual()) {
                    licences.add(new Licence("", l.asText(), true));
                } else if (l.isObject()) {
                    String name = l.path("fullName").isTextual() ? l.path("fullName").asText() : l.path("shortName").asText("");
                    licences.add(new Licence(l.path("spdxId").asText(""), name, l.path("free").asBoolean(true)));
                }
            }
            out.putIfAbsent(path, new PathMeta(e.path("pname").asText(""), e.path("version").asText(""), licences,
                    e.path("homepage").asText("")));
        }
        return out;
    }
}
