package dev.strata.gui;

import dev.strata.gui.app.MainWindow;
import dev.strata.gui.build.Answer;
import dev.strata.gui.build.BuildViewModel;
import dev.strata.gui.build.Destination;
import dev.strata.gui.closure.GraphView;
import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.Dockerd;
import dev.strata.output.fixtures.LocalRegistry;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * Writes a screenshot of every screen, in the state a user sees after composing an image of the
 * demo set, to the directory named by {@code -Dstrata.screenshots=DIR} (docs/screenshots/make.sh
 * runs it). Skipped in the normal test run.
 */
class ScreenshotTour {
    @TempDir
    static Path tmp;
    final FxRobot robot = new FxRobot();

    @Test
    void everyScreen() throws Exception {
        String dir = System.getProperty("strata.screenshots");
        Assumptions.assumeTrue(dir != null && !dir.isBlank(), "set -Dstrata.screenshots=DIR to write screenshots");
        Path out = Files.createDirectories(Path.of(dir));
        DesktopHarness h = DesktopHarness.open(tmp, 1200, 800);
        try {
            robot.clickOn("#source-apply");
            Fx.waitUntil(() -> h.workspace.indexProperty().get() != null, "the demo index");
            Fx.run(() -> h.window.show(MainWindow.Screen.SOURCE));
            shot(h, out, "1-source");

            Fx.run(() -> h.window.show(MainWindow.Screen.SEARCH));
            robot.clickOn("#search-field").write("python");
            Fx.waitUntil(() -> h.window.searchViewModel().results().size() > 3, "python results");
            Fx.run(() -> {
                h.workspace.packages().setAll("git", "python3Packages.requests", "curl", "jq");
                h.window.searchView().table().getSelectionModel().select(1);
            });
            shot(h, out, "2-search");

            Fx.run(() -> {
                h.window.show(MainWindow.Screen.CLOSURE);
                h.window.closureViewModel().realise();
            });
            Fx.waitUntil(() -> h.workspace.realisationProperty().get() != null
                    && h.window.closureViewModel().layoutProperty().get() != null, "the closure");
            Fx.run(() -> {
                var vm = h.window.closureViewModel();
                var target = vm.rows().stream().filter(r -> r.name().startsWith("openssl")).findFirst().orElse(vm.rows().get(0));
                vm.selectedProperty().set(target);
            });
            // The graph's picture is drawn on a worker thread (slowly on a loaded machine): wait for it.
            GraphView graph = (GraphView) robot.lookup(n -> n instanceof GraphView).query();
            Fx.run(graph::fit);
            Fx.waitUntil(graph::pictureReady, "the graph's picture");
            settle();
            shot(h, out, "3-closure");

            Fx.run(() -> h.window.show(MainWindow.Screen.LAYERS));
            if (!Fx.call(() -> h.window.layersViewModel().strategies().isEmpty())) {
                Fx.waitUntil(() -> h.workspace.planProperty().get() != null, "a plan");
                Fx.run(() -> {
                    h.window.layersView().table().getSelectionModel().select(0);
                    h.window.layersViewModel().compare();
                    h.window.layersView().comparePane().setExpanded(true);
                });
                Fx.waitUntil(() -> !h.window.layersViewModel().comparisons().isEmpty(), "the comparison");
            }
            settle();
            shot(h, out, "4-layers");

            Fx.run(() -> {
                h.window.show(MainWindow.Screen.CONFIG);
                var c = h.window.configViewModel();
                c.tagProperty().set("tools:1.0");
                c.entrypointProperty().set("/bin/git");
                c.cmdProperty().set("--version");
                c.envProperty().set("LANG=C.UTF-8\nGIT_PAGER=cat");
                c.workingDirProperty().set("/work");
                c.userProperty().set("1000:1000");
                c.portsProperty().set("8080");
                c.labelsProperty().set("org.opencontainers.image.title=tools");
            });
            shot(h, out, "5-image");

            Path image = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "strata-demo")).resolve("tools.tar");
            Fx.run(() -> {
                h.window.show(MainWindow.Screen.BUILD);
                h.window.buildViewModel().outputProperty().set(image.toString());
            });
            build(h.window.buildViewModel());
            settle();
            shot(h, out, "6-build");

            pushAndLoad(h, out);
        } finally {
            h.close();
        }
    }

    /** The build screen pushing to a registry and loading into a dockerd, both started here on loopback. */
    static void pushAndLoad(DesktopHarness h, Path out) throws Exception {
        if (!Commands.available("docker-registry") || !Commands.available("dockerd")) {
            System.err.println("no docker-registry or dockerd: no push and load screenshots");
            return;
        }
        var vm = h.window.buildViewModel();
        Path dockerDir = Files.createTempDirectory(Path.of("/tmp"), "strata-tour-dockerd");
        try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"));
             Dockerd dockerd = Dockerd.start(dockerDir)) {
            Fx.run(() -> {
                vm.destinationProperty().set(Destination.REGISTRY);
                vm.push().referenceProperty().set(registry.address() + "/tools/tools:1.0");
                vm.push().extraTagsProperty().set("latest");
                vm.push().insecureProperty().set(true);
            });
            build(vm);
            settle();
            shot(h, out, "7-push");

            Fx.run(() -> {
                vm.destinationProperty().set(Destination.DAEMON);
                vm.load().dockerHostProperty().set(dockerd.host());
            });
            build(vm);
            settle();
            shot(h, out, "8-load");
        } finally {
            Commands.run(List.of("rm", "-rf", dockerDir.toString()));
        }
    }

    /** Builds; a question about what is already there (an earlier tour's file) is answered Replace. */
    static void build(BuildViewModel vm) {
        Fx.run(vm::build);
        Fx.waitUntil(() -> !vm.busyProperty().get(), "the build");
        if (Fx.call(() -> vm.questionProperty().get()) != null) {
            Fx.run(() -> vm.answer(Answer.REPLACE));
            Fx.waitUntil(() -> !vm.busyProperty().get(), "the build");
        }
    }

    static void settle() throws InterruptedException {
        Thread.sleep(400); // let the graph's frame timer and the table layouts run before the snapshot
        Fx.run(() -> { });
    }

    static void shot(DesktopHarness h, Path dir, String name) throws Exception {
        settle();
        WritableImage img = Fx.call(() -> h.stage.getScene().snapshot(null));
        BufferedImage b = SwingFXUtils.fromFXImage(img, null);
        ImageIO.write(b, "png", dir.resolve(name + ".png").toFile());
    }
}
