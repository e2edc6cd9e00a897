package dev.strata.input;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import dev.strata.image.Platform;
import dev.strata.output.fixtures.StallingServer;
import dev.strata.output.registry.TlsOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A base image's registry or daemon that hangs ends the read after the timeout with one sentence,
 * never a hang: silent, stalling after its headers, or answering a byte at a time (the JUnit
 * timeout is only a guard against a hang, not what is checked).
 */
@Timeout(120)
class BaseImageDeadlinesTest {
    static final String PING = StallingServer.ok("{}");
    static final Platform AMD64 = new Platform("amd64", "linux", null);

    @TempDir
    Path cache;

    ImageReader reader() {
        return new ImageReader(cache, PullOptions.defaults().withTls(new TlsOptions(true, null))
                .withTimeout(Duration.ofSeconds(1)));
    }

    @ParameterizedTest
    @EnumSource(value = StallingServer.Mode.class, names = {"SILENT", "STALL_AFTER_HEADERS"})
    void aRegistryThatNeverAnswersEndsAfterTheTimeout(StallingServer.Mode mode) throws Exception {
        try (StallingServer registry = StallingServer.tcp(mode, PING)) {
            StrataException e = assertThrows(StrataException.class,
                    () -> reader().open("docker://" + registry.address() + "/stuck/base:1", AMD64, ReadListener.NONE));
            assertTrue(e.getMessage().contains(registry.address()) && e.getMessage().contains("within 1 s"),
                    e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one sentence: " + e.getMessage());
            // inspect, diff, sbom and --from have no option for more time: none is named (push's --timeout was)
            assertTrue(e.getMessage().endsWith("; check that it is up and reachable"), e.getMessage());
        }
    }

    @Test
    void aRegistryThatSendsItsManifestAByteAtATimeEndsAfterTheTimeout() throws Exception {
        try (StallingServer registry = StallingServer.tcp(StallingServer.Mode.TRICKLE,
                "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\nContent-Length: 4000\r\n\r\n"
                        + "{" + " ".repeat(3998) + "}").answering("^GET /v2/ ", PING)) {
            StrataException e = assertThrows(StrataException.class,
                    () -> reader().open("docker://" + registry.address() + "/stuck/base:1", AMD64, ReadListener.NONE));
            assertTrue(e.getMessage().contains("within 1 s"), e.getMessage());
        }
    }

    @Test
    void aDaemonThatNeverAnswersEndsAfterTheTimeout(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("silent.sock");
        try (StallingServer daemon = StallingServer.unix(socket, StallingServer.Mode.SILENT, PING)) {
            ImageReader reader = new ImageReader(cache, PullOptions.defaults().withDockerHost("unix://" + socket)
                    .withTimeout(Duration.ofSeconds(1)));
            StrataException e = assertThrows(StrataException.class,
                    () -> reader.open("docker-daemon:stuck:1", AMD64, ReadListener.NONE));
            assertTrue(e.getMessage().contains("within 1 s"), e.getMessage());
        }
    }
}
