package dev.strata.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/**
 * The official SPDX 2.3 and CycloneDX 1.5 JSON schemas (vendored in src/test/resources/sbom-schemas,
 * see its NOTICE.md), loaded from the classpath only: CycloneDX's references to
 * {@code http://cyclonedx.org/schema/...} are mapped there, so nothing is fetched.
 */
public final class SbomSchemas {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
            b -> b.schemaIdResolvers(r -> r.mapPrefix("http://cyclonedx.org/schema/", "classpath:sbom-schemas/")));
    private static final Schema SPDX = REGISTRY.getSchema(SchemaLocation.of("classpath:sbom-schemas/spdx-2.3.schema.json"));
    private static final Schema CYCLONEDX = REGISTRY.getSchema(SchemaLocation.of("http://cyclonedx.org/schema/bom-1.5.schema.json"));

    private SbomSchemas() {}

    /** The schema's complaints about a document (none: valid). */
    public static List<String> errors(SbomFormat format, JsonNode document) {
        Schema schema = format == SbomFormat.SPDX ? SPDX : CYCLONEDX;
        return schema.validate(document).stream().map(Error::toString).toList();
    }
}
