package dev.strata.output.registry;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.output.fixtures.TestImage;
import dev.strata.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry whose storage is a 512 KiB tmpfs: the busybox layer does not fit. Needs root (mount). */
class DiskFullPushTest {
    @TempDir
    Path work;

    Path mount;
    LocalRegistry registry;

    @BeforeEach
    void start() throws Exception {
        Requirements.require("docker-registry");
        mount = work.resolve("small-disk");
        Files.createDirectories(mount);
        Commands.Result r = Commands.run(List.of("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mount.toString()),
                Map.of(), 20);
        Requirements.need(r.exit() == 0, "mounting a tmpfs needs root: " + r.stderr());
        registry = LocalRegistry.start(work.resolve("registry"), new LocalRegistry.Config().storage(mount));
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (mount != null) {
            Commands.run(List.of("umount", mount.toString()), Map.of(), 20);
        }
    }

    @Test
    void fullRegistryDiskIsReportedWithTheRegistrysWords() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "full", true);
        RegistryPusher pusher = new RegistryPusher(new PushedBlobIndex(work.resolve("index")),
                new CredentialResolver(Map.of(), work), w -> { });

        RegistryException e = assertThrows(RegistryException.class, () -> pusher.push(image.pushable(),
                RegistryReference.parse(registry.address() + "/full/app:1"), PushOptions.defaults()
                        .withTls(new TlsOptions(true, null))
                        .withRetry(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(100))), ev -> { }));

        assertTrue(e.getMessage().contains("ran out of disk space"), e.getMessage());
        assertTrue(e.getMessage().contains("no space left on device"), e.getMessage());
    }
}
