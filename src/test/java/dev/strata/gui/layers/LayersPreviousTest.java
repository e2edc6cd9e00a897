package dev.strata.gui.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.compose.Sizes;
import dev.strata.gui.Fx;
import dev.strata.gui.common.ComposerPipeline;
import dev.strata.gui.common.ExportFormat;
import dev.strata.gui.common.Pipeline;
import dev.strata.gui.common.Workspace;
import dev.strata.gui.layers.LayersViewModel.LayerRow;
import dev.strata.layering.LayerPlan;
import dev.strata.nix.Realisation;
import dev.strata.nix.TestNix;
import dev.strata.output.OutputMode;
import dev.strata.source.ResolvedSource;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The layers screen on day two, with real Nix (hello from the demo set) and a real build: before
 * any build there is no previous build; after the window's Save the next plan is costed against
 * it (every layer reused); a smaller budget shows layers pulled; a previous image typed into the
 * screen is used instead. Ends with a screenshot (target/screenshots/layers-previous.png).
 */
class LayersPreviousTest {
    @TempDir
    static Path tmp;
    static Workspace workspace;
    static Pipeline pipeline;
    static LayersViewModel vm;
    static LayersView view;
    static Realisation realisation;
    static Stage stage;
    final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        Path cache = tmp.resolve("cache");
        pipeline = new ComposerPipeline(new Composer(TestNix.create(cache), cache));
        ResolvedSource resolved = pipeline.resolve("demo", e -> { });
        realisation = pipeline.realise(resolved, Recipe.of("demo", List.of("hello")), e -> { });
        stage = FxToolkit.registerPrimaryStage();
        Fx.run(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            workspace = new Workspace(pipeline);
            vm = new LayersViewModel(workspace);
            view = new LayersView(vm);
            stage.setScene(new Scene((javafx.scene.Parent) view.root(), 1280, 720));
            stage.show();
            stage.toFront();
            workspace.sourceProperty().set(resolved);
            workspace.packages().setAll("hello");
            workspace.realisationProperty().set(realisation);
        });
        Fx.waitUntil(() -> workspace.planProperty().get() != null && !vm.busyProperty().get(), "the first plan");
    }

    @AfterAll
    static void close() {
        Fx.run(() -> {
            workspace.realisationProperty().set(null);
            stage.hide();
        });
    }

    static List<LayerRow> replanned(Runnable change) {
        LayerPlan before = Fx.call(() -> workspace.planProperty().get());
        Fx.run(change);
        Fx.waitUntil(() -> workspace.planProperty().get() != null && workspace.planProperty().get() != before
                && !vm.busyProperty().get(), "a new plan");
        return Fx.call(() -> List.copyOf(vm.rows()));
    }

    @Test
    void afterABuildThePlanIsCostedAgainstItPerLayer() throws Exception {
        // No build of this recipe yet: no previous build, no column, no cost.
        assertEquals("", Fx.call(() -> vm.previousSourceProperty().get()));
        assertTrue(Fx.call(() -> vm.rows().stream().allMatch(r -> r.onHost().isEmpty())));
        assertEquals("none (this recipe was not built yet)", label("#layers-previous-source"));
        assertFalse(Fx.call(() -> column("layers-on-host").isVisible()));

        // The window's Save of this plan (what the Build screen calls), then the same recipe planned again.
        Path v1 = tmp.resolve("v1.tar");
        pipeline.export(realisation, Fx.call(() -> workspace.planProperty().get()), Fx.call(workspace::toRecipe),
                ExportFormat.OCI_ARCHIVE, v1, OutputMode.ADD, e -> { });
        List<LayerRow> again = replanned(vm::replan);
        // The last build is costed, not planned against: the recipe names no previous build, so the
        // window builds what `strata build --recipe` builds from the saved file.
        assertTrue(Fx.call(() -> vm.previousSourceProperty().get()).startsWith("the last build of this recipe ("),
                Fx.call(() -> vm.previousSourceProperty().get()));
        assertTrue(Fx.call(() -> vm.pullCostProperty().get()).endsWith(" This plan does not keep its layers: name it and "
                + "press Use for that."), Fx.call(() -> vm.pullCostProperty().get()));
        assertNull(Fx.call(() -> workspace.toRecipe().previous()));
        assertTrue(again.stream().allMatch(r -> r.onHost().equals("reused")), again.toString());
        assertTrue(Fx.call(() -> vm.pullCostProperty().get()).startsWith("A host holding it pulls 0 B by digest "
                + "(containerd, podman, Docker 29+) and 0 B by ChainID (older Docker)"), vm.pullCostProperty().get());

        // Typed into the screen: the image file itself, as a user names it. It becomes the recipe's
        // `previous`, an edit like any other.
        robot.clickOn("#layers-previous-field").write("oci-archive:" + v1);
        assertEquals("oci-archive:" + v1, Fx.call(() -> ((javafx.scene.control.TextField) stage.getScene()
                .lookup("#layers-previous-field")).getText()));
        robot.clickOn("#layers-previous-use");
        Fx.waitUntil(() -> vm.previousSourceProperty().get().startsWith("oci-archive:") && !vm.busyProperty().get(),
                java.time.Duration.ofSeconds(20), () -> "the plan against the image; error: " + vm.errorProperty().get()
                        + "; source: " + vm.previousSourceProperty().get());
        assertEquals("oci-archive:" + v1, Fx.call(() -> workspace.toRecipe().previous()));
        assertTrue(Fx.call(() -> workspace.dirtyProperty().get()), "naming a previous build is an edit");
        assertEquals("oci-archive:" + v1 + " (" + again.size() + " store layers)", label("#layers-previous-source"));
        assertTrue(Fx.call(() -> column("layers-on-host").isVisible()));
        assertTrue(robot.lookup(".table-cell").queryAll().stream().anyMatch(n -> "reused".equals(
                ((javafx.scene.control.Labeled) n).getText())), "a cell says reused");

        // Three layers in all: the previous build's first layer stays, the rest share the top layer and are pulled.
        List<LayerRow> small = replanned(() -> workspace.maxLayersProperty().set(3));
        assertEquals(2, small.size());
        assertEquals("reused", small.get(0).onHost());
        assertEquals("pulled (" + Sizes.human(small.get(1).narSize()) + ")", small.get(1).onHost());
        String pulled = Sizes.human(small.get(1).narSize());
        assertTrue(Fx.call(() -> vm.pullCostProperty().get()).startsWith("A host holding it pulls " + pulled
                + " by digest (containerd, podman, Docker 29+) and " + pulled + " by ChainID"), vm.pullCostProperty().get());

        // Undo twice: back to the recipe without a previous build, and the field follows.
        replanned(() -> workspace.undo());
        replanned(() -> workspace.undo());
        assertNull(Fx.call(() -> workspace.toRecipe().previous()));
        assertEquals("", Fx.call(() -> ((javafx.scene.control.TextField) stage.getScene()
                .lookup("#layers-previous-field")).getText()));
        replanned(() -> workspace.redo());
        replanned(() -> workspace.redo());

        // For the screenshot (redone above): a budget where some layers are reused and one is pulled.
        assertEquals(3, (int) Fx.call(() -> workspace.maxLayersProperty().get()));
        Thread.sleep(300); // let the table lay out before the snapshot
        shot("layers-previous");
    }

    static void shot(String name) throws Exception {
        Path dir = Path.of("target/screenshots");
        Files.createDirectories(dir);
        WritableImage img = Fx.call(() -> stage.getScene().snapshot(null));
        BufferedImage b = SwingFXUtils.fromFXImage(img, null);
        ImageIO.write(b, "png", dir.resolve(name + ".png").toFile());
    }

    static String label(String id) {
        return Fx.call(() -> ((Label) stage.getScene().lookup(id)).getText());
    }

    @SuppressWarnings("unchecked")
    static javafx.scene.control.TableColumn<LayerRow, ?> column(String id) {
        TableView<LayerRow> table = (TableView<LayerRow>) stage.getScene().lookup("#layers-table");
        return table.getColumns().stream().filter(c -> id.equals(c.getId())).findFirst().orElseThrow();
    }
}
