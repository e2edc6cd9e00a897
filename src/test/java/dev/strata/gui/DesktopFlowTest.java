package dev.strata.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.closure.StorePath;
import dev.strata.compose.Recipe;
import dev.strata.gui.app.MainWindow;
import dev.strata.gui.layers.LayersViewModel;
import dev.strata.nix.PackageInfo;
import dev.strata.nix.TestNix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What a newcomer does, through the window with TestFX (clicks and keystrokes, Monocle headless),
 * on real Nix and the demo set: demo source, search "hello", add it, see its closure, check the
 * layers, set a tag, export a docker-archive and have skopeo read it. Then the error flows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopFlowTest {
    @TempDir
    static Path tmp;
    static DesktopHarness h;
    final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        h = DesktopHarness.open(tmp, 1280, 800);
    }

    @AfterAll
    static void close() {
        h.close();
    }

    String text(String id) {
        return Fx.call(() -> ((Label) robot.lookup(id).query()).getText());
    }

    @Test
    @Order(1)
    void composeAndExportHelloFromTheDemoSet() throws Exception {
        // 1. The demo source is preselected: use it.
        robot.clickOn("#source-apply");
        Fx.waitUntil(() -> h.workspace.indexProperty().get() != null, "the demo source to evaluate");
        Fx.waitUntil(() -> h.window.current() == MainWindow.Screen.SEARCH, "the search screen");

        // 2. Search as you type (Ctrl+F goes to the field), add with Enter.
        robot.press(KeyCode.CONTROL).type(KeyCode.F).release(KeyCode.CONTROL);
        assertEquals(MainWindow.Screen.SEARCH, Fx.call(h.window::current));
        assertEquals("search-field", Fx.call(() -> h.stage.getScene().getFocusOwner().getId()));
        robot.write("hello");
        Fx.waitUntil(() -> !h.window.searchViewModel().results().isEmpty()
                && h.window.searchViewModel().results().get(0).attrPath().equals("hello"), "hello in the results");
        Predicate<TableRow<PackageInfo>> isHello =
                r -> r.getItem() != null && r.getItem().attrPath().equals("hello");
        Fx.waitUntil(() -> robot.lookup("#search-results .table-row-cell").match(isHello).tryQuery().isPresent(),
                "the hello row on screen");
        Node helloRow = robot.lookup("#search-results .table-row-cell").match(isHello).query();
        // Select the row and press Enter (a double-click does the same, but its timing is unreliable on a loaded machine).
        robot.clickOn(helloRow);
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.ENTER);
        Fx.waitUntil(() -> !h.workspace.packages().isEmpty(), "hello in the selection");
        assertEquals(List.of("hello"), Fx.call(() -> List.copyOf(h.workspace.packages())));

        // 3. The closure: as many paths as nix-store -qR lists.
        robot.clickOn("#show-closure");
        Fx.waitUntil(() -> h.workspace.realisationProperty().get() != null
                && !h.window.closureViewModel().rows().isEmpty(), "the closure of hello");
        var realisation = Fx.call(() -> h.workspace.realisationProperty().get());
        List<String> expected = TestNix.nixStoreRequisites(realisation.roots().stream().map(StorePath::path).toList());
        assertEquals(expected.size(), Fx.call(() -> h.window.closureViewModel().rows().size()));
        assertTrue(text("#closure-summary").startsWith(expected.size() + " store paths"), text("#closure-summary"));
        assertEquals(MainWindow.Screen.CLOSURE, Fx.call(h.window::current));

        // 4. Layers: the table's sizes add up to the closure's NAR size.
        robot.clickOn("#nav-layers");
        assertFalse(Fx.call(() -> h.window.layersViewModel().strategies().isEmpty()), "the strategies to choose from");
        Fx.waitUntil(() -> h.workspace.planProperty().get() != null, "a layer plan");
        @SuppressWarnings("unchecked")
        TableView<LayersViewModel.LayerRow> table = robot.lookup("#layers-table").queryAs(TableView.class);
        long sum = Fx.call(() -> table.getItems().stream().mapToLong(LayersViewModel.LayerRow::narSize).sum());
        assertEquals(realisation.closure().totalNarSize(), sum);
        assertEquals(expected.size(), Fx.call(() -> table.getItems().stream().mapToInt(LayersViewModel.LayerRow::paths).sum()));

        // 5. Image settings: a tag.
        robot.clickOn("#nav-config");
        robot.clickOn("#config-tag").write("hello:flow");
        Fx.waitUntil(() -> "hello:flow".equals(h.workspace.tagProperty().get()), "the tag");

        // The recipe: saved once, then Ctrl+S saves the changes to the same file.
        Path recipe = tmp.resolve("hello-recipe.json");
        assertTrue(Fx.call(() -> h.app.saveAs(recipe)));
        robot.clickOn("#config-cmd").write("--greeting=hi");
        robot.press(KeyCode.CONTROL).type(KeyCode.S).release(KeyCode.CONTROL);
        Fx.waitUntil(() -> !h.workspace.dirtyProperty().get(), "the recipe saved");
        assertEquals(List.of("--greeting=hi"), Recipe.read(recipe).config().cmd());
        assertEquals("hello:flow", Recipe.read(recipe).tag());

        // 6. Build a docker-archive into a temp dir; skopeo reads it.
        robot.clickOn("#nav-build");
        Path out = tmp.resolve("out").resolve("hello.tar");
        Files.createDirectories(out.getParent());
        // The field holds a name derived from the image's; the user replaces it.
        robot.clickOn("#build-output").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL)
                .write(out.toString());
        robot.clickOn("#build-start");
        Fx.waitUntil(() -> !h.window.buildViewModel().busyProperty().get()
                && (h.window.buildViewModel().resultProperty().get() != null
                || !h.window.buildViewModel().errorProperty().get().isEmpty()), "the build to end");
        String buildError = Fx.call(() -> h.window.buildViewModel().errorProperty().get());
        assertEquals("", buildError);
        assertTrue(Files.isRegularFile(out));
        String inspect = TestNix.run(null, "skopeo", "inspect", "docker-archive:" + out);
        JsonNode json = new ObjectMapper().readTree(inspect);
        assertEquals(Fx.call(() -> h.window.buildViewModel().resultProperty().get().layers().size()),
                json.path("Layers").size());
        String digest = Fx.call(() -> ((TextField) robot.lookup("#build-digest").query()).getText());
        assertTrue(digest.startsWith("sha256:"), digest);
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "no temporary files are left next to the output");
        }
    }

    @Test
    @Order(2)
    void aFailingPackageShowsNixsMessageAndTheAppStillWorks() {
        robot.clickOn("#nav-search");
        robot.clickOn("#search-field").eraseText(10).write("libfrob").type(KeyCode.ENTER);
        Fx.waitUntil(() -> !h.window.searchViewModel().results().isEmpty()
                && h.window.searchViewModel().results().get(0).attrPath().equals("libfrob"), "libfrob");
        Fx.run(() -> h.workspace.packages().setAll("libfrob"));
        robot.clickOn("#show-closure");
        Fx.waitUntil(() -> !h.window.closureViewModel().busyProperty().get()
                && !h.window.closureViewModel().errorProperty().get().isEmpty(), "the refusal");
        String refusal = text("#closure-error");
        assertTrue(refusal.contains("'libfrob' is marked broken") && refusal.contains("Allow broken packages"), refusal);

        // The tick on the Search screen is what the build obeys: allowed, Nix builds it (and it fails).
        robot.clickOn("#nav-search");
        robot.clickOn("#allow-broken");
        assertTrue(Fx.call(() -> h.workspace.allowBrokenProperty().get() && h.workspace.toRecipe().allowBroken()));
        robot.clickOn("#show-closure");
        Fx.waitUntil(() -> !h.window.closureViewModel().busyProperty().get()
                && !h.window.closureViewModel().errorProperty().get().isEmpty(), "the build failure");
        String error = text("#closure-error");
        assertTrue(error.contains("libfrob") && error.contains("builder failed"), error);
        assertTrue(Fx.call(() -> robot.lookup("#closure-error").query().isVisible()));
        Fx.run(() -> h.workspace.allowBrokenProperty().set(false));

        // Still usable: replace the package and realise again.
        Fx.run(() -> h.workspace.packages().setAll("hello"));
        robot.clickOn("#closure-realise");
        Fx.waitUntil(() -> h.workspace.realisationProperty().get() != null, "hello's closure after the failure");
        assertEquals("", text("#closure-error"));
    }

    @Test
    @Order(3)
    void aGitRefThatDoesNotExistAndAnUnknownPathAreExplained() {
        Path repo = TestNix.versionedRepo(tmp);
        robot.clickOn("#nav-source");
        robot.clickOn("#source-git");
        robot.clickOn("#source-git-url").write(repo.toString());
        robot.clickOn("#source-git-ref").write("no-such-tag");
        robot.clickOn("#source-apply");
        Fx.waitUntil(() -> !h.window.sourceViewModel().busyProperty().get()
                && !h.window.sourceViewModel().errorProperty().get().isEmpty(), "the git error");
        String error = text("#source-error");
        assertTrue(error.contains("no-such-tag"), error);
        assertEquals("demo", Fx.call(() -> h.workspace.sourceSpecProperty().get()), "the old source stays in use");

        robot.clickOn("#source-path");
        robot.clickOn("#source-path-field").write(tmp.resolve("nowhere").toString());
        assertFalse(Fx.call(() -> h.window.sourceViewModel().canApply().get()));
        Label inputError = Fx.call(() -> (Label) robot.lookup(".error-message").match(n -> n.isVisible()).query());
        assertTrue(Fx.call(inputError::getText).contains("does not exist"), Fx.call(inputError::getText));

        // Still usable: back to the demo set.
        robot.clickOn("#source-demo");
        robot.clickOn("#source-apply");
        Fx.waitUntil(() -> !h.window.sourceViewModel().busyProperty().get()
                && h.window.sourceViewModel().errorProperty().get().isEmpty(), "the demo source again");
    }

    @Test
    @Order(4)
    void cancelDuringABuildStopsNixAndLeavesNoOutput() throws Exception {
        Path slow = TestNix.resourceSet("nixsets/slow");
        Fx.run(() -> {
            h.window.sourceViewModel().showSpec("path:" + slow);
            h.window.sourceViewModel().apply();
        });
        Fx.waitUntil(() -> !h.window.sourceViewModel().busyProperty().get()
                && h.workspace.sourceSpecProperty().get().startsWith("path:"), "the slow set");
        Fx.run(() -> h.workspace.packages().setAll("sleeper"));
        robot.clickOn("#nav-build");
        Path outDir = Files.createDirectories(tmp.resolve("cancelled"));
        Path out = outDir.resolve("sleeper.tar");
        Fx.run(() -> h.window.buildViewModel().outputProperty().set(out.toString()));
        robot.clickOn("#build-start");
        Fx.waitUntil(() -> h.window.buildViewModel().log().lines().stream().anyMatch(l -> l.contains("going to sleep")),
                "the build to be running");
        assertTrue(sleeperRunning(), "Nix is building");
        robot.clickOn("#build-cancel");
        Fx.waitUntil(() -> !h.window.buildViewModel().busyProperty().get(), "the cancel to finish");
        assertTrue(text("#build-status").startsWith("Cancelled"), text("#build-status"));
        Fx.call(() -> h.window.buildViewModel().workerDone()).get();
        assertFalse(sleeperRunning(), "the Nix build was killed");
        try (Stream<Path> files = Files.list(outDir)) {
            assertEquals(List.of(), files.toList(), "nothing is left in the output folder");
        }
        assertEquals("", Fx.call(() -> h.window.buildViewModel().errorProperty().get()));
    }

    static boolean sleeperRunning() throws Exception {
        Process p = new ProcessBuilder("pgrep", "-f", "busybox sleep 600").start();
        return p.waitFor() == 0;
    }
}
