package dev.strata.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.Styles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Recipe;
import dev.strata.gui.build.Destination;
import dev.strata.gui.closure.ClosureViewModel.PathRow;
import dev.strata.gui.source.SourceViewModel;
import dev.strata.nix.TestNix;
import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.Dockerd;
import dev.strata.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * Issue 12 through the window (TestFX, Monocle headless, real Nix on the demo set): work is never
 * lost without a question, a source switch keeps only what the new set has, the Build screen's
 * destination follows the image's name and format and asks before replacing, errors show whole in
 * the window's words, and the suggested commands work when pasted into a shell.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrustFlowTest {
    @TempDir
    static Path tmp;
    static DesktopHarness h;
    final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        h = DesktopHarness.open(tmp, 1200, 800);
    }

    @AfterAll
    static void close() {
        h.close();
    }

    String text(String id) {
        return Fx.call(() -> ((Label) robot.lookup(id).query()).getText());
    }

    String field(String id) {
        return Fx.call(() -> ((TextField) robot.lookup(id).query()).getText());
    }

    boolean dirty() {
        return Fx.call(() -> h.workspace.dirtyProperty().get());
    }

    List<String> packages() {
        return Fx.call(() -> List.copyOf(h.workspace.packages()));
    }

    void search(String query) {
        robot.clickOn("#nav-search");
        robot.clickOn("#search-field").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL)
                .type(KeyCode.BACK_SPACE).write(query);
    }

    /** The button of the open dialog {@code id} whose text is {@code label}. */
    void answer(String dialogId, String label) {
        Fx.waitUntil(() -> robot.lookup("#" + dialogId).tryQuery().isPresent(), "the question " + dialogId);
        DialogPane pane = robot.lookup("#" + dialogId).queryAs(DialogPane.class);
        Button b = Fx.call(() -> pane.getButtonTypes().stream().map(t -> (Button) pane.lookupButton(t))
                .filter(x -> x.getText().equals(label)).findFirst().orElseThrow());
        robot.clickOn(b);
        Fx.waitUntil(() -> robot.lookup("#" + dialogId).tryQuery().isEmpty(), "the question to close");
    }

    @Test
    @Order(1)
    void everyEditIsTrackedAgainstTheSavedRecipeAndCanBeUndone() {
        // A fresh window is not modified, nor is it once its (unchanged) source is applied.
        assertFalse(dirty(), "a fresh window is not modified");
        assertFalse(Fx.call(() -> h.stage.getTitle()).startsWith("\u2022"), Fx.call(() -> h.stage.getTitle()));
        robot.clickOn("#source-apply");
        Fx.waitUntil(() -> h.workspace.indexProperty().get() != null, "the demo source to evaluate");
        assertFalse(dirty(), "applying the source it started with is no edit");

        // Enter in the search box adds the top hit; the status says so, and says so again truthfully.
        search("hello");
        robot.type(KeyCode.ENTER);
        Fx.waitUntil(() -> h.workspace.packages().equals(List.of("hello")), "hello added by Enter");
        assertTrue(dirty());
        assertTrue(Fx.call(() -> h.stage.getTitle()).startsWith("\u2022"), "the modified mark");
        assertEquals("1 package", text("#selection-count"));
        String added = Fx.call(() -> h.workspace.statusProperty().get());
        assertTrue(added.startsWith("Added hello"), added);
        robot.type(KeyCode.ENTER);
        Fx.waitUntil(() -> h.workspace.statusProperty().get().startsWith("hello is already in the image"),
                "the status to say hello was there already");
        assertEquals(List.of("hello"), packages());

        // Undo and redo (the buttons, and Ctrl+Z / Ctrl+Shift+Z outside a text field).
        robot.clickOn("#undo");
        assertEquals(List.of(), packages());
        assertFalse(dirty(), "undone back to the recipe the window started with");
        robot.clickOn("#redo");
        assertEquals(List.of("hello"), packages());
        robot.clickOn("#nav-layers");
        robot.clickOn("#layers-table");
        Fx.run(() -> h.workspace.maxLayersProperty().set(40));
        assertTrue(dirty());
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        assertEquals(Recipe.DEFAULT_MAX_LAYERS, Fx.call(() -> h.workspace.maxLayersProperty().get()));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
        assertEquals(40, Fx.call(() -> h.workspace.maxLayersProperty().get()));
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
    }

    @Test
    @Order(2)
    void newOpenAndCloseAskBeforeThrowingWorkAway() throws Exception {
        assertEquals(List.of("hello"), packages());
        assertTrue(dirty());

        // New: Cancel keeps everything.
        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        answer("unsaved-changes", "Cancel");
        assertEquals(List.of("hello"), packages());
        assertTrue(dirty());

        // Saved: no mark; another package: the mark again.
        Path recipe = tmp.resolve("hello.json");
        assertTrue(Fx.call(() -> h.app.saveAs(recipe)));
        assertFalse(dirty());
        assertFalse(Fx.call(() -> h.stage.getTitle()).startsWith("\u2022"));
        search("figlet");
        robot.type(KeyCode.ENTER);
        Fx.waitUntil(() -> h.workspace.packages().equals(List.of("hello", "figlet")), "figlet added");
        assertTrue(dirty());

        // Opening the recipe (from Recent) asks; Discard opens it, unmodified.
        Fx.run(() -> h.window.open(recipe));
        answer("unsaved-changes", "Discard");
        Fx.waitUntil(() -> h.workspace.packages().equals(List.of("hello")), "the recipe opened");
        Fx.waitUntil(() -> !h.window.sourceViewModel().busyProperty().get(), "its source evaluated");
        assertFalse(dirty(), "right after opening a recipe the window is not modified");

        // Closing with changes asks; Cancel keeps the window open.
        search("figlet");
        robot.type(KeyCode.ENTER);
        Fx.waitUntil(() -> h.workspace.packages().equals(List.of("hello", "figlet")), "figlet added again");
        Fx.run(() -> h.stage.fireEvent(new WindowEvent(h.stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        answer("unsaved-changes", "Cancel");
        assertTrue(Fx.call(() -> h.stage.isShowing()), "the window stays open");
        assertEquals(List.of("hello", "figlet"), packages());
    }

    @Test
    @Order(3)
    void aSourceSwitchKeepsWhatTheNewSetHasAndDropsTheRestVisibly() {
        // A pin on a store path of the demo set's closure.
        robot.clickOn("#show-closure");
        Fx.waitUntil(() -> h.workspace.realisationProperty().get() != null
                && !h.window.closureViewModel().rows().isEmpty(), "the closure of hello and figlet");
        PathRow figletRow = Fx.call(() -> h.window.closureViewModel().rows().stream()
                .filter(r -> r.path().baseName().contains("figlet")).findFirst().orElseThrow());
        Fx.run(() -> h.window.closureViewModel().pin(figletRow));
        assertEquals(List.of(figletRow.path().path()), Fx.call(() -> List.copyOf(h.workspace.pins())));

        // Another set, which has hello but no figlet.
        Path other = TestNix.resourceSet("nixsets/othersets");
        robot.clickOn("#nav-source");
        Fx.run(() -> {
            h.window.sourceViewModel().kindProperty().set(SourceViewModel.Kind.PATH);
            h.window.sourceViewModel().pathProperty().set(other.toString());
        });
        robot.clickOn("#source-apply");
        Fx.waitUntil(() -> !h.window.sourceViewModel().busyProperty().get()
                && h.workspace.sourceSpecProperty().get().startsWith("path:"), "the other set");
        assertEquals(List.of("hello"), packages(), "figlet is not in the other set");
        String note = text("#notice-text");
        assertTrue(note.startsWith("Removed figlet from the image"), note);

        // Its closure: the pin made on the demo set matches nothing and goes, with a note; planning works.
        robot.clickOn("#nav-search");
        robot.clickOn("#show-closure");
        Fx.waitUntil(() -> h.workspace.realisationProperty().get() != null && h.workspace.planProperty().get() != null,
                "hello's closure in the other set, planned");
        assertEquals(List.of(), Fx.call(() -> List.copyOf(h.workspace.pins())));
        assertTrue(text("#notice-text").startsWith("Unpinned "), text("#notice-text"));
        assertEquals("", Fx.call(() -> h.window.layersViewModel().errorProperty().get()));

        // Delete unpins the selected pin on the Layers screen.
        PathRow helloRow = Fx.call(() -> h.window.closureViewModel().rows().get(0));
        Fx.run(() -> h.window.closureViewModel().pin(helloRow));
        robot.clickOn("#nav-layers");
        @SuppressWarnings("unchecked")
        ListView<String> pins = robot.lookup("#layer-pins").queryAs(ListView.class);
        Fx.waitUntil(() -> pins.getItems().size() == 1, "the pin listed");
        Fx.run(() -> {
            pins.requestFocus();
            pins.getSelectionModel().select(0);
        });
        robot.type(KeyCode.DELETE);
        assertEquals(List.of(), Fx.call(() -> List.copyOf(h.workspace.pins())));
    }

    @Test
    @Order(4)
    void theDestinationFollowsTheNameAndFormatAndTheSuggestedCommandsRun() throws Exception {
        Requirements.require("skopeo", "dockerd", "docker");
        // Back to the demo set, with hello alone.
        robot.clickOn("#nav-source");
        robot.clickOn("#source-demo");
        robot.clickOn("#source-apply");
        Fx.waitUntil(() -> !h.window.sourceViewModel().busyProperty().get()
                && h.workspace.sourceSpecProperty().get().equals("demo"), "the demo set again");
        Fx.run(() -> h.workspace.packages().setAll("hello"));

        robot.clickOn("#nav-config");
        robot.clickOn("#config-tag").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write("trust:1");
        Fx.waitUntil(() -> "trust:1".equals(h.workspace.tagProperty().get()), "the image name");

        robot.clickOn("#nav-build");
        var vm = h.window.buildViewModel();
        Path out = Files.createDirectories(tmp.resolve("out"));
        Fx.run(() -> vm.chosen(out.resolve("anything.tar")));
        Fx.run(vm::useDerivedOutput);
        TextField output = robot.lookup("#build-output").queryAs(TextField.class);
        assertEquals(out.resolve("trust-1.tar").toString(), Fx.call(output::getText));
        Fx.run(() -> vm.destinationProperty().set(Destination.OCI_DIR));
        assertEquals(out.resolve("trust-1-oci").toString(), Fx.call(output::getText), "no format overwrites another's file");
        Fx.run(() -> vm.destinationProperty().set(Destination.OCI_ARCHIVE));
        assertEquals(out.resolve("trust-1.oci.tar").toString(), Fx.call(output::getText));

        // A docker-archive where a file is already: the screen asks; Cancel writes nothing.
        Fx.run(() -> vm.destinationProperty().set(Destination.DOCKER_ARCHIVE));
        Path tar = out.resolve("trust-1.tar");
        Files.writeString(tar, "precious");
        robot.clickOn("#build-start");
        answer("build-question", "Cancel");
        assertEquals("precious", Files.readString(tar));
        assertTrue(Fx.call(() -> vm.statusProperty().get()).startsWith("Cancelled"), Fx.call(() -> vm.statusProperty().get()));

        // Asked again and answered Replace: the image is there, and its command runs as pasted.
        robot.clickOn("#build-start");
        Fx.waitUntil(() -> robot.lookup("#build-question").tryQuery().isPresent(), "the question");
        DialogPane pane = robot.lookup("#build-question").queryAs(DialogPane.class);
        String replace = Fx.call(() -> pane.getButtonTypes().stream().map(t -> ((Button) pane.lookupButton(t)).getText())
                .filter(t -> !t.equals("Cancel")).findFirst().orElseThrow());
        answer("build-question", replace);
        Fx.waitUntil(() -> !vm.busyProperty().get() && vm.resultProperty().get() != null, "the docker-archive");
        String command = field("#build-command");
        assertTrue(command.startsWith("docker load -i "), command);
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "strata-trust-dockerd");
        try (Dockerd dockerd = Dockerd.start(dir)) {
            Commands.Result r = Commands.run(List.of("sh", "-c", command), Map.of("DOCKER_HOST", dockerd.host()), 120);
            assertEquals(0, r.exit(), r.stderr());
            assertTrue(r.stdout().contains("Hello, world!"), r.stdout());
        } finally {
            Commands.run(List.of("rm", "-rf", dir.toString()));
        }

        // An OCI layout with zstd layers (chosen on the Image screen): skopeo reads it by the name the command gives.
        robot.clickOn("#nav-config");
        @SuppressWarnings("unchecked")
        ChoiceBox<String> compression = robot.lookup("#config-compression").queryAs(ChoiceBox.class);
        Fx.run(() -> compression.setValue("zstd"));
        assertEquals("zstd", Fx.call(() -> h.workspace.toRecipe().compression().id()));
        robot.clickOn("#nav-build");
        Fx.run(() -> vm.destinationProperty().set(Destination.OCI_DIR));
        robot.clickOn("#build-start");
        Fx.waitUntil(() -> !vm.busyProperty().get() && vm.resultProperty().get() != null
                || !vm.errorProperty().get().isEmpty(), "the OCI layout");
        assertEquals("", Fx.call(() -> vm.errorProperty().get()));
        String ociCommand = field("#build-command");
        Path layout = out.resolve("trust-1-oci");
        assertTrue(ociCommand.contains("oci:" + layout + ":trust:1"), ociCommand);
        JsonNode manifest = new ObjectMapper().readTree(Commands.run(List.of("skopeo", "inspect", "--raw",
                "oci:" + layout + ":trust:1")).ok().stdout());
        assertTrue(manifest.path("layers").get(0).path("mediaType").asText().endsWith("+zstd"), manifest.toString());

        // A second build into the layout asks whether to add or replace; Cancel leaves it as it was.
        String index = Files.readString(layout.resolve("index.json"));
        robot.clickOn("#build-start");
        answer("build-question", "Cancel");
        assertEquals(index, Files.readString(layout.resolve("index.json")));
        Fx.run(() -> compression.setValue("gzip"));
    }

    @Test
    @Order(5)
    void errorsShowWholeInTheWindowsWordsWithDetails() {
        Fx.run(() -> h.workspace.packages().setAll("libfrob"));
        robot.clickOn("#nav-search");
        robot.clickOn("#allow-broken");
        robot.clickOn("#show-closure");
        Fx.waitUntil(() -> !h.window.closureViewModel().busyProperty().get()
                && !h.window.closureViewModel().errorProperty().get().isEmpty(), "the build failure");
        Label sentence = robot.lookup("#closure-error").queryAs(Label.class);
        String shown = Fx.call(sentence::getText);
        assertTrue(Fx.call(sentence::isWrapText), "the sentence wraps");
        assertFalse(shown.contains("--"), "no command-line option in the window: " + shown);
        assertTrue(shown.contains("libfrob"), shown);
        // The Nix log's last lines are one click away, copyable.
        Node toggle = robot.lookup("#closure-error-toggle").query();
        assertTrue(Fx.call(toggle::isVisible), "details to open");
        robot.clickOn(toggle);
        String details = Fx.call(() -> ((TextArea) robot.lookup("#closure-error-details").query())
                .getText());
        assertTrue(details.contains("builder failed") || details.contains("libfrob"), details);
        Fx.run(() -> h.workspace.allowBrokenProperty().set(false));
    }

    @Test
    @Order(6)
    void imageSettingsAreCheckedFieldByFieldWithoutMovingTheForm() {
        Fx.run(() -> h.workspace.packages().setAll("hello"));
        robot.clickOn("#nav-config");
        Node user = robot.lookup("#config-user").query();
        double before = Fx.call(() -> user.localToScene(0, 0).getY());
        robot.clickOn("#config-ports").write("99999");
        Fx.waitUntil(() -> !h.window.configViewModel().validProperty().get(), "the port refused");
        Label portError = robot.lookup("#config-ports-message").queryAs(Label.class);
        assertTrue(Fx.call(portError::getText).startsWith("Port '99999' is not valid"), Fx.call(portError::getText));
        assertTrue(Fx.call(() -> robot.lookup("#config-ports").query().getPseudoClassStates()
                .contains(Styles.STATE_DANGER)), "the field is marked");
        assertEquals(before, Fx.call(() -> user.localToScene(0, 0).getY()), "no field moved");
        robot.clickOn("#config-ports").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL)
                .type(KeyCode.BACK_SPACE);
        Fx.waitUntil(() -> h.window.configViewModel().validProperty().get(), "valid again");
        assertEquals("", Fx.call(portError::getText));
    }

    @Test
    @Order(7)
    void aBaseImageTypedButNotAppliedIsNotLostOnClose() {
        Fx.run(() -> h.workspace.markSaved());
        assertFalse(dirty());
        String typed = "oci:" + tmp.resolve("no-such-base") + ":1";
        robot.clickOn("#nav-config");
        // Typed, not applied: no Enter, no Read, the field keeps the focus.
        Fx.run(() -> h.window.baseImageViewModel().referenceProperty().set(typed));
        assertTrue(Fx.call(() -> h.window.baseImageViewModel().pending()));
        Fx.run(() -> h.stage.fireEvent(new WindowEvent(h.stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        answer("unsaved-changes", "Cancel");
        assertTrue(Fx.call(() -> h.stage.isShowing()), "the window stays open");
        assertEquals(typed, Fx.call(() -> h.workspace.fromProperty().get()), "the typed base became the recipe's");
        assertTrue(dirty());
        Fx.run(() -> h.window.baseImageViewModel().clear());
        Fx.waitUntil(() -> h.workspace.fromProperty().get() == null, "the base cleared");
    }

}
