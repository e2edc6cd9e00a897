package dev.strata.output.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.PodmanService;
import dev.strata.output.fixtures.TestImage;
import dev.strata.testing.Requirements;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads into podman's Docker-compatible API service, over its unix socket and over TCP. */
class PodmanLoadTest {
    @TempDir
    Path work;

    private static DaemonLoader loader() {
        return new DaemonLoader(Map.of(), cmd -> {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("DOCKER_HOST", "unix:///nonexistent/strata-test.sock");
            return pb;
        });
    }

    @Test
    void loadIntoPodmanOverItsSocketAndRun() throws Exception {
        Requirements.require("podman", "runc");
        TestImage image = TestImage.busybox(work.resolve("layout"), "podman", true);
        try (PodmanService podman = PodmanService.start(work.resolve("p"))) {
            LoadResult r = loader().load(image.dockerArchive("strata-test/hello:1"), podman.host(),
                    "strata-test/hello:1", -1, e -> { });

            assertEquals(List.of("localhost/strata-test/hello:1"), r.loaded());
            assertTrue(r.imageId() != null && image.pushable().config().digest().endsWith(r.imageId().replace("sha256:", "")),
                    "image ID " + r.imageId());
            assertEquals("hi", podman.podman("run", "--rm", "--network", "none", "localhost/strata-test/hello:1",
                    "/bin/busybox", "echo", "hi").ok().stdout().strip());
        }
    }

    @Test
    void loadIntoPodmanOverTcp() throws Exception {
        Requirements.require("podman");
        TestImage image = TestImage.busybox(work.resolve("layout"), "tcp", true);
        String listen = "tcp:127.0.0.1:" + Commands.freePort();
        try (PodmanService podman = PodmanService.start(work.resolve("p"), listen)) {
            LoadResult r = loader().load(image.dockerArchive("strata-test/tcp:1"), podman.host(), null, -1, e -> { });

            assertEquals(List.of("localhost/strata-test/tcp:1"), r.loaded());
            assertTrue(r.daemon().startsWith("tcp://127.0.0.1:"));
        }
    }
}
