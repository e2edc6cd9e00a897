package dev.strata.sbom;

import dev.strata.Choice;

/** The SBOM formats Strata writes, chosen by a word ({@code --format}, {@code --sbom-format}). */
public enum SbomFormat implements Choice {
    /** SPDX 2.3, JSON. */
    SPDX("spdx"),
    /** CycloneDX 1.5, JSON. */
    CYCLONEDX("cyclonedx");

    private final String id;

    SbomFormat(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** The media type of the document, as an OCI artifact's {@code artifactType} names it. */
    public String mediaType() {
        return this == SPDX ? "application/spdx+json" : "application/vnd.cyclonedx+json";
    }
}
