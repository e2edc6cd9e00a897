package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.strata.Choice;

/** The two manifest dialects: OCI image manifests, and Docker's image manifest v2 schema 2. */
public enum ManifestFormat implements Choice {
    OCI("oci", "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.config.v1+json"),
    DOCKER("docker", "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.container.image.v1+json");

    private final String id;
    private final String manifestMediaType;
    private final String configMediaType;

    ManifestFormat(String id, String manifestMediaType, String configMediaType) {
        this.id = id;
        this.manifestMediaType = manifestMediaType;
        this.configMediaType = configMediaType;
    }

    /** oci or docker, as written by {@code --manifest-format} and in recipes. */
    @Override
    @JsonValue
    public String id() {
        return id;
    }

    public String manifestMediaType() {
        return manifestMediaType;
    }

    public String configMediaType() {
        return configMediaType;
    }
}
