package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.output.fixtures.Commands;
import dev.strata.testing.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build warns when the program the image runs is in none of its layers, and only then: the
 * packages (demo set, real Nix), the files {@code --add} puts in, and the layers of a base image
 * umoci made ({@code /bin/sh} a link to {@code busybox}, as in busybox-based images).
 */
class EntrypointWarningCliTest {
    static final String WARNING = "warning: the image runs ";

    @TempDir
    static Path work;
    static Path base;
    static Path app;

    @BeforeAll
    static void setUp() throws IOException {
        Requirements.require("umoci", "busybox");
        System.setProperty("strata.cacheDir", work.resolve("cache").toString());
        base = work.resolve("base");
        Path bundle = work.resolve("bundle");
        run("umoci", "init", "--layout", base.toString());
        run("umoci", "new", "--image", base + ":1");
        run("umoci", "unpack", "--rootless", "--image", base + ":1", bundle.toString());
        Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.copy(Path.of(run("sh", "-c", "command -v busybox").strip()), bin.resolve("busybox"));
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("busybox"));
        run("umoci", "repack", "--image", base + ":1", bundle.toString());
        run("umoci", "config", "--image", base + ":1", "--architecture", "amd64", "--os", "linux");
        app = Files.createDirectories(work.resolve("app"));
        Files.writeString(app.resolve("run.sh"), "#!/bin/sh\necho running\n");
        Files.setPosixFilePermissions(app.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void restore() {
        System.clearProperty("strata.cacheDir");
    }

    static String run(String... command) {
        return Commands.run(List.of(command), Map.of(), 120).ok().stdout();
    }

    /** Builds demo's hello with these options; returns stderr. */
    static String build(String name, String... options) {
        List<String> args = new ArrayList<>(List.of("build", "hello", "--source", "demo", "-o",
                work.resolve(name + ".tar").toString()));
        args.addAll(List.of(options));
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return r.err();
    }

    @Test
    void aProgramOfTheBaseImagesLayersIsNotWarnedAbout() {
        String err = build("base-sh", "--from", "oci:" + base + ":1", "--entrypoint", "/bin/sh");
        assertFalse(err.contains(WARNING), err);
        // On the PATH, through the link, too.
        err = build("base-sh-path", "--from", "oci:" + base + ":1", "--entrypoint", "sh", "--env", "PATH=/usr/bin:/bin");
        assertFalse(err.contains(WARNING), err);
    }

    @Test
    void aProgramOfThePackagesOrTheAddedFilesIsNotWarnedAbout() {
        assertFalse(build("hello", "--entrypoint", "/bin/hello").contains(WARNING));
        String err = build("added", "--add", app + ":/srv/app", "--entrypoint", "/srv/app/run.sh");
        assertFalse(err.contains(WARNING), err);
    }

    @Test
    void aProgramNoLayerHasIsWarnedAboutNamingWhereItWasLookedFor() {
        String err = build("no-sh", "--entrypoint", "/bin/sh");
        assertTrue(err.contains(WARNING + "/bin/sh, which is in none of the packages, so the container would not start"),
                err);
        err = build("base-missing", "--from", "oci:" + base + ":1", "--add", app + ":/srv/app", "--entrypoint",
                "/srv/app/missing.sh");
        assertTrue(err.contains(WARNING + "/srv/app/missing.sh, which is in none of the packages, the added files or "
                + "the base image oci:" + base + ":1"), err);
        err = build("base-name", "--from", "oci:" + base + ":1", "--cmd", "bash");
        assertTrue(err.contains(WARNING + "bash, which is in none of the packages or the base image oci:" + base
                + ":1 (looked for it in /bin)"), err);
        assertEquals(1, err.lines().filter(l -> l.contains(WARNING)).count(), "one line: " + err);
    }
}
