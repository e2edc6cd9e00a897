package dev.strata.gui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.StrataException;
import dev.strata.image.Compression;
import dev.strata.output.ImageOutput;
import dev.strata.output.OutputFormat;
import org.junit.jupiter.api.Test;

/** The pipeline's refusals, as the window shows them: no option name is left for a user of the window. */
class WindowWordsTest {
    @Test
    void theZstdDockerArchiveRefusalNamesTheWindowsSettings() {
        StrataException e = assertThrows(StrataException.class,
                () -> ImageOutput.checkCompression(OutputFormat.DOCKER_ARCHIVE, Compression.ZSTD));
        String shown = WindowWords.of(e.getMessage());
        assertFalse(shown.contains("--"), shown);
        assertEquals("zstd layers are for OCI images, and a docker-archive is what docker load reads (Docker before "
                + "23 cannot read zstd layers): save it as an OCI archive or layout for zstd, or choose gzip "
                + "compression (Image screen) for a docker-archive or a load", shown);
    }
}
