package dev.strata.gui.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.gui.Fx;
import dev.strata.gui.common.Workspace;
import dev.strata.image.ImageConfig;
import dev.strata.output.fixtures.Commands;
import dev.strata.testing.Requirements;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The base image field without a window: every form --from takes, what is refused, and what the image keeps. */
class BaseImageViewModelTest {
    @TempDir
    Path tmp;

    @Test
    void everyFormTheCommandLineTakesIsAcceptedAndCredentialsAreNot() {
        for (String ok : List.of("oci:" + tmp + ":1", "oci-archive:" + tmp.resolve("base.tar"), "docker-archive:"
                + tmp.resolve("base.tar"), "docker://127.0.0.1:5000/team/base:1", "127.0.0.1:5000/base:1",
                "registry.example/base@sha256:" + "a".repeat(64), "docker-daemon:base:1", "")) {
            assertEquals("", BaseImageViewModel.check(ok), ok);
        }
        String secret = BaseImageViewModel.check("docker://alice:hunter2@127.0.0.1:5000/base:1");
        assertTrue(secret.contains("holds credentials") && secret.contains("***"), secret);
        assertFalse(secret.contains("hunter2") || secret.contains("--"), secret);
        String bare = BaseImageViewModel.check("alice:hunter2@127.0.0.1:5000/base:1");
        assertTrue(bare.contains("holds credentials") && bare.contains("***"), bare);
        assertFalse(bare.contains("hunter2"), bare);
        assertTrue(BaseImageViewModel.check("ftp://x/y").startsWith("'ftp://x/y' is not"),
                BaseImageViewModel.check("ftp://x/y"));
    }

    @Test
    void aRefusedReferenceIsNotAppliedAndNoneClearsTheBase() {
        Workspace ws = Fx.call(() -> new Workspace(Fx.pipeline(tmp.resolve("cache"))));
        BaseImageViewModel vm = Fx.call(() -> new BaseImageViewModel(ws));
        Fx.run(() -> vm.referenceProperty().set("docker://bob:pw@host/base:1"));
        assertFalse(Fx.call(vm::apply));
        assertNull(Fx.call(() -> ws.fromProperty().get()));
        assertFalse(Fx.call(() -> ws.dirtyProperty().get()), "nothing changed");
    }

    @Test
    void anEntrypointOfYoursDropsTheBasesCommandAndSaysSo() {
        Requirements.require("umoci");
        Path layout = tmp.resolve("base");
        Path bundle = tmp.resolve("bundle");
        for (List<String> c : List.of(List.of("umoci", "init", "--layout", layout.toString()),
                List.of("umoci", "new", "--image", layout + ":1"),
                List.of("umoci", "unpack", "--rootless", "--image", layout + ":1", bundle.toString()),
                List.of("umoci", "repack", "--image", layout + ":1", bundle.toString()),
                List.of("umoci", "config", "--image", layout + ":1", "--config.cmd", "/bin/sh",
                        "--config.env", "PATH=/usr/bin"))) {
            Commands.run(c, Map.of(), 120).ok();
        }
        Workspace ws = Fx.call(() -> new Workspace(Fx.pipeline(tmp.resolve("cache"))));
        BaseImageViewModel vm = Fx.call(() -> new BaseImageViewModel(ws));
        Fx.run(() -> vm.referenceProperty().set("oci:" + layout + ":1"));
        assertTrue(Fx.call(vm::apply));
        Fx.waitUntil(() -> vm.summaryProperty().get() != null || !vm.readErrorProperty().get().isEmpty(), "the read");
        assertEquals("", Fx.call(() -> vm.readErrorProperty().get()));
        assertEquals("kept", fate(vm, "Cmd"));
        Fx.run(() -> ws.configProperty().set(ImageConfig.empty().withEntrypoint(List.of("/bin/hello"))));
        assertEquals("dropped: your entrypoint is set without a command", fate(vm, "Cmd"));
        assertEquals("", fate(vm, "Entrypoint"), "the base has none to keep or replace");
        Fx.run(vm::clear);
        assertNull(Fx.call(() -> ws.fromProperty().get()));
        assertTrue(Fx.call(() -> vm.kept().isEmpty() && vm.layers().isEmpty()));
        assertTrue(Fx.call(ws::undo));
        assertEquals("oci:" + layout + ":1", Fx.call(() -> vm.referenceProperty().get()), "undo shows the base again");
    }

    static String fate(BaseImageViewModel vm, String setting) {
        return Fx.call(() -> vm.kept().stream().filter(k -> k.setting().equals(setting)).findFirst().orElseThrow().fate());
    }
}
