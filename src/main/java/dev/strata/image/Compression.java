package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonValue;
import com.github.luben.zstd.ZstdInputStream;
import dev.strata.Choice;
import dev.strata.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

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

    /** The uncompressed bytes of a stream compressed this way. */
    public InputStream decompressing(InputStream in) throws IOException {
        return switch (this) {
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case ZSTD -> new ZstdInputStream(in);
            case NONE -> in;
        };
    }

    /**
     * The compression a layer media type names (Docker's or OCI's; {@code null} for a type that is
     * not a layer tar Strata can use as is, e.g. a foreign or encrypted layer).
     */
    public static Compression ofLayerMediaType(String mediaType) {
        return switch (mediaType == null ? "" : mediaType) {
            case "application/vnd.oci.image.layer.v1.tar+gzip", "application/vnd.docker.image.rootfs.diff.tar.gzip" -> GZIP;
            case "application/vnd.oci.image.layer.v1.tar+zstd" -> ZSTD;
            case "application/vnd.oci.image.layer.v1.tar", "application/vnd.docker.image.rootfs.diff.tar" -> NONE;
            default -> null;
        };
    }
}
