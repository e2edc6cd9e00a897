package dev.strata.gui.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.gui.Fx;
import dev.strata.gui.common.Workspace;
import dev.strata.image.ImageConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigViewModelTest {
    @TempDir
    Path tmp;
    Workspace workspace;
    ConfigViewModel vm;

    @BeforeEach
    void setUp() {
        workspace = Fx.call(() -> new Workspace(Fx.pipeline(tmp)));
        vm = Fx.call(() -> new ConfigViewModel(workspace));
    }

    @Test
    void validSettingsReachTheWorkspace() {
        Fx.run(() -> {
            vm.tagProperty().set("hello:1.0");
            vm.entrypointProperty().set("/bin/sh -c 'echo hi there'");
            vm.envProperty().set("LANG=C.UTF-8\n\nTZ=UTC");
            vm.workingDirProperty().set("/srv");
            vm.userProperty().set("1000:1000");
            vm.portsProperty().set("8080, 53/udp");
            vm.labelsProperty().set("org.opencontainers.image.title=hello");
        });
        assertTrue(Fx.call(() -> vm.validProperty().get()));
        ImageConfig c = Fx.call(() -> workspace.configProperty().get());
        assertEquals(List.of("/bin/sh", "-c", "echo hi there"), c.entrypoint());
        assertEquals(List.of("PATH=/bin", "LANG=C.UTF-8", "TZ=UTC"), c.env());
        assertEquals(List.of("53/udp", "8080/tcp"), c.exposedPorts());
        assertEquals(Map.of("org.opencontainers.image.title", "hello"), c.labels());
        assertEquals("hello:1.0", Fx.call(() -> workspace.toRecipe().tag()));
    }

    @Test
    void invalidValuesAreExplainedAndKeepTheLastValidConfig() {
        Fx.run(() -> vm.workingDirProperty().set("/ok"));
        Fx.run(() -> vm.workingDirProperty().set("relative/dir"));
        assertFalse(Fx.call(() -> vm.validProperty().get()));
        assertTrue(Fx.call(() -> vm.errorProperty().get()).contains("not absolute"));
        assertEquals("/ok", Fx.call(() -> workspace.configProperty().get().workingDir()));
        Fx.run(() -> vm.workingDirProperty().set("/srv"));
        assertTrue(Fx.call(() -> vm.validProperty().get()));

        Fx.run(() -> vm.portsProperty().set("99999"));
        String port = Fx.call(() -> vm.errorProperty().get());
        assertTrue(port.startsWith("Port '99999' is not valid"), port); // a sentence: capital first
        Fx.run(() -> vm.portsProperty().set(""));
        Fx.run(() -> vm.envProperty().set("NOEQUALS"));
        assertTrue(Fx.call(() -> vm.errorProperty().get()).contains("NOEQUALS"));
        Fx.run(() -> vm.envProperty().set(""));
        Fx.run(() -> vm.entrypointProperty().set("sh -c 'unclosed"));
        assertTrue(Fx.call(() -> vm.errorProperty().get()).contains("quote is not closed"));
        Fx.run(() -> vm.entrypointProperty().set(""));
        Fx.run(() -> vm.labelsProperty().set("novalue"));
        assertTrue(Fx.call(() -> vm.errorProperty().get()).contains("not KEY=VALUE"));
        Fx.run(() -> vm.labelsProperty().set(""));
        assertTrue(Fx.call(() -> vm.validProperty().get()));
    }

    @Test
    void imageNamesMustBeLowerCaseReferences() {
        Fx.run(() -> vm.tagProperty().set("Hello:latest"));
        assertTrue(Fx.call(() -> vm.tagErrorProperty().get()).contains("not an image name"));
        Fx.run(() -> vm.tagProperty().set("registry.local:5000/team/hello:v2"));
        assertEquals("", Fx.call(() -> vm.tagErrorProperty().get()));
        assertEquals("registry.local:5000/team/hello:v2", Fx.call(() -> workspace.tagProperty().get()));
    }

    @Test
    void argumentsSplitAndJoinLikeAShell() {
        assertEquals(List.of("sh", "-c", "echo 'hi'"), Args.split("sh -c \"echo 'hi'\""));
        assertEquals(List.of("a b", "c"), Args.split("a\\ b c"));
        List<String> args = List.of("sh", "-c", "echo it's done", "");
        assertEquals(args, Args.split(Args.join(args)));
    }

    @Test
    void aLoadedConfigFillsTheFields() {
        Fx.run(() -> workspace.configProperty().set(ImageConfig.empty().withCmd(List.of("/bin/hello", "--greeting", "hi all"))
                .withUser("nobody")));
        assertEquals("/bin/hello --greeting 'hi all'", Fx.call(() -> vm.cmdProperty().get()));
        assertEquals("nobody", Fx.call(() -> vm.userProperty().get()));
    }
}
