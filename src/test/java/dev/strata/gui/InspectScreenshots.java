package dev.strata.gui;

import dev.strata.cli.CliRunner;
import dev.strata.compose.Composer;
import dev.strata.gui.app.MainWindow;
import dev.strata.gui.common.ComposerPipeline;
import dev.strata.gui.inspect.InspectViewModel;
import dev.strata.gui.inspect.InspectWindow;
import dev.strata.nix.TestNix;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Screenshots of the "Open image…" window (its tabs on an image of the demo set) and of the Layers
 * screen's files of a layer, to {@code -Dstrata.screenshots=DIR} (docs/screenshots/make.sh runs it
 * with {@link ScreenshotTour}). Skipped in the normal test run.
 */
class InspectScreenshots {
    @TempDir
    static Path tmp;

    @Test
    void inspectWindowAndLayerFiles() throws Exception {
        String dir = System.getProperty("strata.screenshots");
        Assumptions.assumeTrue(dir != null && !dir.isBlank(), "set -Dstrata.screenshots=DIR to write screenshots");
        Path out = Files.createDirectories(Path.of(dir));
        Composer composer = new Composer(TestNix.create(tmp.resolve("cache")));
        Path v1 = tmp.resolve("tools-1.tar");
        Path v2 = tmp.resolve("tools-2.tar");
        CliRunner.run(composer, "build", "git", "--source", "demo", "-o", v1.toString());
        CliRunner.run(composer, "build", "git", "curl", "jq", "--source", "demo", "-o", v2.toString());
        DesktopHarness h = DesktopHarness.open(new ComposerPipeline(composer), tmp, 1200, 800);
        try {
            InspectWindow w = Fx.call(h.window::openImage);
            InspectViewModel vm = w.viewModel();
            Fx.run(() -> {
                w.stage().setWidth(1200);
                w.stage().setHeight(800);
                vm.referenceProperty().set("oci-archive:" + v2);
                vm.open();
            });
            Fx.waitUntil(() -> vm.inspectionProperty().get() != null && !vm.busyProperty().get(), "the image");
            shot(w.stage().getScene(), out, "9-inspect-overview");

            int git = Fx.call(() -> vm.layers().stream().filter(l -> l.storeNames().contains("git-")).findFirst()
                    .orElseThrow().position());
            select(w, "inspect-tab-layers");
            Fx.run(() -> w.view().layerTable().getSelectionModel().select(git - 1));
            Fx.waitUntil(() -> vm.layerTreeProperty().get() != null, "git's files");
            Fx.run(() -> w.view().files().searchField().setText("git-remote"));
            Fx.waitUntil(() -> w.view().files().summary().getText().contains("match"), "the search");
            shot(w.stage().getScene(), out, "10-inspect-layers");

            select(w, "inspect-tab-licences");
            shot(w.stage().getScene(), out, "11-inspect-licences");

            select(w, "inspect-tab-closure");
            Fx.run(() -> {
                var tree = (javafx.scene.control.TreeView<?>) w.stage().getScene().lookup("#inspect-closure");
                if (tree.getRoot() != null) {
                    tree.getRoot().getChildren().forEach(c -> c.setExpanded(true));
                }
            });
            shot(w.stage().getScene(), out, "12-inspect-closure");

            select(w, "inspect-tab-compare");
            Fx.run(() -> {
                vm.diffFromProperty().set("oci-archive:" + v1);
                vm.diffToProperty().set("oci-archive:" + v2);
                vm.compare();
            });
            Fx.waitUntil(() -> vm.diffProperty().get() != null && !vm.diffBusyProperty().get(), "the diff");
            shot(w.stage().getScene(), out, "13-inspect-compare");

            Fx.run(() -> {
                vm.referenceProperty().set("oci-archive:" + tmp.resolve("no-such-image.tar"));
                vm.open();
            });
            Fx.waitUntil(() -> !vm.errorProperty().get().isEmpty(), "the error");
            shot(w.stage().getScene(), out, "14-inspect-error");
            Fx.run(() -> w.stage().hide());

            new org.testfx.api.FxRobot().clickOn("#source-apply");
            Fx.waitUntil(() -> h.workspace.indexProperty().get() != null, "the demo index");
            Fx.run(() -> {
                h.workspace.packages().setAll("git");
                h.window.show(MainWindow.Screen.LAYERS);
            });
            Fx.run(() -> h.window.closureViewModel().realise());
            Fx.waitUntil(() -> h.workspace.planProperty().get() != null && !h.window.layersViewModel().rows().isEmpty(),
                    "a plan");
            int planned = Fx.call(() -> {
                var plan = h.workspace.planProperty().get();
                for (int i = 0; i < plan.layers().size(); i++) {
                    if (plan.layers().get(i).paths().stream().anyMatch(p -> p.name().startsWith("git-"))) {
                        return i;
                    }
                }
                return 0;
            });
            Fx.run(() -> {
                h.window.layersView().table().getSelectionModel().select(planned);
                h.window.layersView().contentsPane().setExpanded(true);
            });
            var contents = h.window.layersView().contentsPane();
            Fx.waitUntil(() -> contents.viewModel().beforeProperty().get() != null, "the layer's files");
            Fx.run(() -> contents.before().searchField().setText("bin/"));
            Fx.waitUntil(() -> contents.before().summary().getText().contains("match"), "the search");
            shot(h.stage.getScene(), out, "15-layers-files");
        } finally {
            h.close();
        }
    }

    static void select(InspectWindow w, String id) {
        Fx.run(() -> {
            TabPane tabs = w.view().tabs();
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst()
                    .orElseThrow());
        });
    }

    static void shot(Scene scene, Path dir, String name) throws Exception {
        ScreenshotTour.settle();
        WritableImage img = Fx.call(() -> scene.snapshot(null));
        BufferedImage b = SwingFXUtils.fromFXImage(img, null);
        ImageIO.write(b, "png", dir.resolve(name + ".png").toFile());
    }
}
