package dev.strata.image;

import dev.strata.StrataException;
import java.util.Locale;

/** The two manifest dialects: OCI image manifests, and Docker's image manifest v2 schema 2. */
public enum ManifestFormat {
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

    /** oci or docker, as written by {@code --manifest-format}. */
    public String id() {
        return id;
    }

    public String manifestMediaType() {
        return manifestMediaType;
    }

    public String configMediaType() {
        return configMediaType;
    }

    public static ManifestFormat parse(String text) {
        String t = text == null ? "oci" : text.strip().toLowerCase(Locale.ROOT);
        for (ManifestFormat f : values()) {
            if (f.id.equals(t)) {
                return f;
            }
        }
        throw new StrataException("unknown manifest format '" + text + "'; use oci or docker");
    }
}
