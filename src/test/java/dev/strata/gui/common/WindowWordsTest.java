package dev.strata.gui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import dev.strata.image.Compression;
import dev.strata.output.ImageOutput;
import dev.strata.output.OutputFormat;
import dev.strata.source.PackageSource;
import java.util.Optional;
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

    @Test
    void gitSourcesAreWrittenAsTheSourceScreensFieldsNotAsTheCommandLinesGitUrlHashRef() {
        StrataException bad = assertThrows(StrataException.class,
                () -> new PackageSource.Git("/srv/repo", Optional.of("-x")));
        String shown = ErrorText.of(bad);
        assertFalse(shown.contains("git:"), shown);
        assertTrue(shown.endsWith("name a branch, a tag or a 40-hex commit, e.g. main in the Ref field."), shown);

        assertEquals("'v1' is both a branch and a tag in /srv/repo; write refs/heads/v1 or refs/tags/v1 in the Ref field.",
                WindowWords.of("'v1' is both a branch and a tag in /srv/repo; write git:/srv/repo#refs/heads/v1 or "
                        + "git:/srv/repo#refs/tags/v1."));
        assertEquals("The git repository '/srv/repo' has no default branch (HEAD); name a branch, tag or commit in the "
                + "Ref field.", WindowWords.of("The git repository '/srv/repo' has no default branch (HEAD); name a "
                + "branch, tag or commit with git:/srv/repo#REF."));
    }
}

