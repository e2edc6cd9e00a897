package dev.strata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.image.Compression;
import dev.strata.image.ManifestFormat;
import dev.strata.output.OutputFormat;
import org.junit.jupiter.api.Test;

/** The one parse of every word-chosen enum: the words, their spelling, and the sentence for a wrong one. */
class ChoiceTest {
    @Test
    void wordsAreReadIgnoringCaseAndSurroundingSpace() {
        assertEquals(Compression.ZSTD, Choice.parse(Compression.class, "compression", " ZStd "));
        assertEquals(ManifestFormat.DOCKER, Choice.parse(ManifestFormat.class, "manifest format", "docker"));
        assertEquals(OutputFormat.DOCKER_ARCHIVE, Choice.parse(OutputFormat.class, "--format", "docker-archive"));
    }

    @Test
    void anUnknownWordNamesTheSettingTheValueAndEveryChoice() {
        StrataException e = assertThrows(StrataException.class,
                () -> Choice.parse(Compression.class, "the recipe's compression", "lz4"));
        assertEquals("the recipe's compression 'lz4' is not one of gzip, zstd, none", e.getMessage());
        assertEquals("--format is not given; choose one of oci, oci-archive, docker-archive",
                assertThrows(StrataException.class, () -> Choice.parse(OutputFormat.class, "--format", null)).getMessage());
    }
}
