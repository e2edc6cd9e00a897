package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.strata.Choice;
import dev.strata.StrataException;

/**
 * How layer tars are compressed, and the media types each gets. gzip is the default and works
 * everywhere; zstd is smaller and much faster but exists only in OCI manifests; none stores tars.
 */
public enum Compression implements Choice {
    GZIP("gzip", "application/vnd.oci.image.layer.v1.tar+gzip", "application/vnd.docker.image.rootfs.diff.tar.gzip"),
    ZSTD("zstd", "application/vnd.oci.image.layer.v1.tar+zstd", null),
    NONE("none", "application/vnd.oci.image.layer.v1.tar", "application/vnd.docker.image.rootfs.diff.tar");

    private final String id;
    private final String ociMediaType;
    private final String dockerMediaType;

    Compression(String id, String ociMediaType, String dockerMediaType) {
        this.id = id;
        this.ociMediaType = ociMediaType;
        this.dockerMediaType = dockerMediaType;
    }

    /** The name used on the command line and in recipes: gzip, zstd or none. */
    @Override
    @JsonValue
    public String id() {
        return id;
    }

    /** The layer media type in a manifest of the given format. */
    public String layerMediaType(ManifestFormat format) {
        if (format == ManifestFormat.DOCKER) {
            if (dockerMediaType == null) {
                throw new StrataException("zstd layers exist only in OCI images; choose the oci manifest format, or gzip or no "
                        + "compression");
            }
            return dockerMediaType;
        }
        return ociMediaType;
    }
}
