package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zstd layers are for OCI images: a docker-archive (a file, standard output, or what a load sends
 * the daemon) with zstd layers is refused in one sentence before Nix runs, naming both fixes.
 * Debian 12's Docker (20.10) fails on such an archive with only "archive/tar: invalid tar header".
 */
class ZstdDockerArchiveTest {
    static final String REFUSAL = "strata: zstd layers are for OCI images, and a docker-archive is what docker load "
            + "reads (Docker before 23 cannot read zstd layers): use --format oci-archive or oci for zstd, or "
            + "--compression gzip for a docker-archive";

    @TempDir
    static Path dir;

    @BeforeAll
    static void useTemporaryCache() {
        System.setProperty("strata.cacheDir", dir.resolve("cache").toString());
    }

    @AfterAll
    static void restore() {
        System.clearProperty("strata.cacheDir");
    }

    @Test
    void aDockerArchiveFileWithZstdIsRefusedAndNothingIsWritten() throws Exception {
        Path out = dir.resolve("x-docker.tar");
        CliRunner r = CliRunner.run("build", "hello", "--source", "demo", "--compression", "zstd",
                "--format", "docker-archive", "-o", out.toString());
        assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), r.err());
        assertEquals(REFUSAL, r.err().strip());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void standardOutputIsADockerArchiveUnlessToldOtherwise() throws Exception {
        CliRunner r = CliRunner.run("build", "hello", "--source", "demo", "--compression", "zstd", "-o", "-");
        assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), r.err());
        assertEquals(REFUSAL, r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void aRecipeWithZstdIsRefusedByLoadBeforeTheDaemonIsAsked() throws Exception {
        Path recipe = Files.writeString(dir.resolve("zstd.json"),
                "{ \"version\": 5, \"packages\": [ \"hello\" ], \"compression\": \"zstd\" }\n");
        CliRunner r = CliRunner.run("load", "--recipe", recipe.toString(), "--source", "demo",
                "--docker-host", "unix://" + dir.resolve("no-daemon.sock"));
        assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), r.err());
        assertEquals(REFUSAL, r.err().strip());
    }

    @Test
    void anOciArchiveWithZstdIsStillWritten() throws Exception {
        Path out = dir.resolve("x-oci.tar");
        CliRunner r = CliRunner.run("build", "hello", "--source", "demo", "--compression", "zstd", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.size(out) > 0);
    }
}
