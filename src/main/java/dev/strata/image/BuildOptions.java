package dev.strata.image;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How an image is written: layer compression, manifest dialect and the creation time recorded in
 * the config ({@link Instant#EPOCH} unless asked for the current time: the epoch keeps builds
 * reproducible).
 */
public record BuildOptions(Compression compression, ManifestFormat manifestFormat, Instant created) {
    public BuildOptions {
        compression = compression == null ? Compression.GZIP : compression;
        manifestFormat = manifestFormat == null ? ManifestFormat.OCI : manifestFormat;
        created = created == null ? Instant.EPOCH : created.truncatedTo(ChronoUnit.SECONDS);
        compression.layerMediaType(manifestFormat); // zstd needs OCI: refused here, with the fix
    }

    public static BuildOptions defaults() {
        return new BuildOptions(Compression.GZIP, ManifestFormat.OCI, Instant.EPOCH);
    }
}
