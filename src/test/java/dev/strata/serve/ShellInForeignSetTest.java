package dev.strata.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.nix.TestNix;
import dev.strata.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nixery's {@code shell} component on a package set of the user's own that has no shell package:
 * the pull is refused in one sentence instead of serving an image without the shell it asked for.
 */
class ShellInForeignSetTest {
    @TempDir
    Path work;

    @Test
    void aShellImageFromASetWithoutAShellIsRefusedSayingWhy() throws Exception {
        Requirements.require("nix-build", "busybox");
        Path set = work.resolve("set");
        Files.createDirectories(set);
        Files.writeString(set.resolve("default.nix"), """
                let
                  bbdir = builtins.path { path = /usr/bin; name = "bootstrap-busybox"; filter = p: t: baseNameOf p == "busybox"; };
                in {
                  tool = derivation { name = "tool-1.0"; system = builtins.currentSystem; builder = "${bbdir}/busybox";
                    args = [ "sh" "-e" "-c" "${bbdir}/busybox mkdir -p $out/bin; echo ok > $out/bin/tool" ]; };
                }
                """);
        Path cache = work.resolve("cache");
        Composer composer = new Composer(TestNix.create(cache), cache);
        List<String> log = new CopyOnWriteArrayList<>();
        PipelineImages images = new PipelineImages(composer, "path:" + set,
                Recipe.builder().source("path:" + set).build(), log::add);

        StrataException e = assertThrows(StrataException.class,
                () -> images.build(ImageRequest.parse("shell/tool", "latest")));
        assertTrue(e.getMessage().contains("asks for a shell") && e.getMessage().contains("bashInteractive, bash, busybox")
                && e.getMessage().contains(set.toString()), e.getMessage());
        // Without 'shell' the same set serves the image.
        ImageService.Manifests built = images.build(ImageRequest.parse("tool", "latest"));
        assertTrue(built.oci().digest().startsWith("sha256:"), built.oci().digest());
        assertEquals(1, log.size(), log.toString());
    }
}
