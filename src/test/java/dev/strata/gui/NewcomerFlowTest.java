package dev.strata.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.gui.app.MainWindow;
import dev.strata.gui.app.Settings;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * What a newcomer ran into clicking through the window for the first time (TestFX, Monocle
 * headless, real Nix on the demo set), each checked the way the user met it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NewcomerFlowTest {
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

    void selectAll(String id) {
        robot.clickOn(id).press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).type(KeyCode.BACK_SPACE);
    }

    @Test
    @Order(1)
    void typingWordsIntoMaxLayersKeepsTheBudgetAndSaysWhy() {
        robot.clickOn("#source-apply");
        Fx.waitUntil(() -> h.workspace.indexProperty().get() != null, "the demo source");
        robot.write("hello").type(KeyCode.ENTER);
        Fx.waitUntil(() -> h.workspace.packages().equals(List.of("hello")), "hello added by Enter");
        robot.clickOn("#nav-layers");
        int before = Fx.call(() -> h.workspace.maxLayersProperty().get());
        // Enter commits the text; before the fix the spinner's converter threw NumberFormatException
        // on the FX thread (TestFX rethrows it here) and "abc" stayed in the field.
        selectAll("#layers-max");
        robot.write("abc").type(KeyCode.ENTER);
        assertEquals(before, Fx.call(() -> h.workspace.maxLayersProperty().get()));
        Spinner<?> spinner = robot.lookup("#layers-max").queryAs(Spinner.class);
        assertEquals(String.valueOf(before), Fx.call(() -> spinner.getEditor().getText()));
        String status = Fx.call(() -> h.workspace.statusProperty().get());
        assertTrue(status.startsWith("Max layers takes a whole number from 2 to ") && status.contains("'abc'"), status);
        // A number still works, and leaving the field commits it too.
        selectAll("#layers-max");
        robot.write("40").type(KeyCode.TAB);
        assertEquals(40, Fx.call(() -> h.workspace.maxLayersProperty().get()));
    }

    @Test
    @Order(6)
    void atTheMinimumSizeNothingIsCutOffEveryScreenFitsOrScrolls() throws Exception {
        // A closure and its plan, so the Layers screen is as tall as it gets with one package.
        robot.press(KeyCode.CONTROL).type(KeyCode.R).release(KeyCode.CONTROL);
        Fx.waitUntil(() -> h.workspace.planProperty().get() != null, "the plan of hello");
        try {
            Fx.run(() -> {
                h.stage.setWidth(Settings.MIN_WIDTH);
                h.stage.setHeight(Settings.MIN_HEIGHT);
            });
            for (MainWindow.Screen s : MainWindow.Screen.values()) {
                Fx.run(() -> h.window.show(s));
                ScreenshotTour.settle();
                Fx.run(() -> {
                    Scene scene = h.stage.getScene();
                    scene.getRoot().applyCss();
                    scene.getRoot().layout();
                });
                String where = "on the " + s + " screen at " + Settings.MIN_WIDTH + "x" + Settings.MIN_HEIGHT;
                // Before: the toolbar needed 923 px, so every screen was laid out 23 px wider than the
                // window and its right edge (the help button, scroll bars, buttons) was cut off; the
                // Layers screen with a plan pushed the status bar below the window.
                for (String id : List.of("#help", "#theme", "#status", "#screen-scroll")) {
                    Bounds b = Fx.call(() -> {
                        Node n = robot.lookup(id).query();
                        return n.localToScene(n.getLayoutBounds());
                    });
                    double w = Fx.call(() -> h.stage.getScene().getWidth());
                    double hgt = Fx.call(() -> h.stage.getScene().getHeight());
                    assertTrue(b.getMaxX() <= w + 0.5 && b.getMaxY() <= hgt + 0.5,
                            id + " ends at " + b.getMaxX() + "," + b.getMaxY() + ", outside the window " + w + "x" + hgt + " " + where);
                }
                // No button's words end in "...": a button says what it does whole, or shows its icon alone.
                List<String> cut = Fx.call(() -> robot.lookup(".button").queryAll().stream()
                        .filter(n -> n instanceof Button && n.isVisible() && n.getScene() == h.stage.getScene())
                        .map(n -> (Button) n)
                        .filter(b -> b.getContentDisplay() != ContentDisplay.GRAPHIC_ONLY && b.getText() != null && !b.getText().isEmpty())
                        .filter(b -> b.lookupAll(".text").stream().filter(t -> t instanceof Text)
                                .anyMatch(t -> !((Text) t).getText().equals(b.getText().replace("_", ""))))
                        .map(b -> b.getId() + " '" + b.getText() + "'").toList());
                assertEquals(List.of(), cut, "buttons cut " + where);
                Node statusBar = robot.lookup("#status").query();
                assertTrue(Fx.call(() -> statusBar.localToScene(statusBar.getLayoutBounds()).getMinY()
                        < h.stage.getScene().getHeight()), "the status bar is shown " + where);
            }
            // The words come back when there is room for them.
            Button fresh = robot.lookup("#recipe-new").queryAs(Button.class);
            assertEquals(ContentDisplay.GRAPHIC_ONLY, Fx.call(fresh::getContentDisplay));
            assertEquals("New", Fx.call(fresh::getAccessibleText));
        } finally {
            Fx.run(() -> {
                h.stage.setWidth(1200);
                h.stage.setHeight(800);
            });
        }
        ScreenshotTour.settle();
        Button fresh = robot.lookup("#recipe-new").queryAs(Button.class);
        Fx.waitUntil(() -> fresh.getContentDisplay() != ContentDisplay.GRAPHIC_ONLY, "New to show its word at 1200 px");
    }

    String where(String id) {
        return Fx.call(() -> {
            Node n = robot.lookup(id).query();
            return n.localToScene(n.getLayoutBounds()).toString();
        });
    }

    /** True when {@code id} is wholly inside what the scroll pane {@code pane} shows now. */
    boolean inView(String id, String pane) {
        return Fx.call(() -> {
            Node n = robot.lookup(id).query();
            Node p = robot.lookup(pane).query();
            Bounds b = n.localToScene(n.getLayoutBounds());
            Bounds v = p.localToScene(p.getLayoutBounds());
            return n.isVisible() && b.getMinY() >= v.getMinY() - 0.5 && b.getMaxY() <= v.getMaxY() + 0.5;
        });
    }

    @Test
    @Order(3)
    void atTheDefaultSizeTheBuildButtonAndTheResultAreInView() throws Exception {
        robot.press(KeyCode.CONTROL).type(KeyCode.R).release(KeyCode.CONTROL);
        Fx.waitUntil(() -> h.workspace.planProperty().get() != null, "the plan of hello");
        robot.clickOn("#nav-config");
        robot.clickOn("#config-tag").write("demo/hello:1");
        robot.clickOn("#nav-build");
        selectAll("#build-output");
        robot.write(tmp.resolve("hello.tar").toString());
        robot.clickOn("#build-start");
        Fx.waitUntil(() -> h.window.buildViewModel().resultProperty().get() != null
                && !h.window.buildViewModel().busyProperty().get(), "the docker-archive");
        ScreenshotTour.settle();
        // Before: the divider sat at 0.55 of the screen, the result's title showed and its digest and
        // command were under the divider.
        assertTrue(inView("#build-digest", "#build-top"), "the digest of the image just built is in view");
        assertTrue(inView("#build-command", "#build-top"), "the command that runs it is in view: " + where("#build-command") + " in " + where("#build-top"));

        // Push with Insecure ticked: its warning pushed the Build and push button under the divider.
        robot.clickOn("#build-destination");
        robot.clickOn("Push to a registry");
        selectAll("#push-reference");
        robot.write("127.0.0.1:5999/demo/hello:1");
        robot.clickOn("#push-insecure");
        ScreenshotTour.settle();
        assertTrue(inView("#build-start", "#build-top"), "the Build and push button is in view");
        assertTrue(Fx.call(() -> ((Button) robot.lookup("#build-start").query()).getText()).equals("Build and push"));
    }

    @Test
    @Order(4)
    void f1ListsEveryShortcutWhole() throws Exception {
        robot.clickOn("#nav-search");
        robot.type(KeyCode.F1);
        Fx.waitUntil(() -> robot.lookup("#shortcut-sheet").tryQuery().isPresent(), "the shortcut sheet");
        ScreenshotTour.settle();
        Node sheet = robot.lookup("#shortcut-sheet").query();
        // Before: "Ctrl+Shift+Z, ...", "Enter (in the s...", "Remove the selected package or added file, or unpin the s...".
        List<String> cut = Fx.call(() -> sheet.lookupAll(".label").stream().map(n -> (javafx.scene.control.Label) n)
                .filter(l -> l.lookupAll(".text").stream().filter(t -> t instanceof Text)
                        .anyMatch(t -> !((Text) t).getText().equals(l.getText())))
                .map(javafx.scene.control.Label::getText).toList());
        assertEquals(List.of(), cut, "shortcut lines cut");
        assertEquals(14, Fx.call(() -> sheet.lookupAll(".label").size()) / 2);
        robot.type(KeyCode.ESCAPE);
        Fx.waitUntil(() -> robot.lookup("#shortcut-sheet").tryQuery().isEmpty(), "Escape to close the sheet");
    }

    @Test
    @Order(5)
    void theBuildScreenNamesFormatsInTheWindowsWords() {
        // hello.tar holds the docker-archive of test 3; the same path as an OCI archive asks first.
        robot.clickOn("#nav-build");
        robot.clickOn("#build-destination");
        robot.clickOn("OCI archive file (.tar)");
        robot.clickOn("#build-start");
        Fx.waitUntil(() -> robot.lookup("#build-question").tryQuery().isPresent(), "the question about hello.tar");
        String question = Fx.call(() -> ((javafx.scene.control.DialogPane) robot.lookup("#build-question").query()).getContentText());
        // Before: "... Replace it with this image (oci-archive)?", the command line's word.
        assertTrue(question.endsWith("Replace it with this image (OCI archive)?"), question);
        robot.clickOn("Replace the file");
        Fx.waitUntil(() -> h.window.buildViewModel().resultProperty().get() != null
                && !h.window.buildViewModel().busyProperty().get(), "the OCI archive");
        String details = Fx.call(() -> ((javafx.scene.control.Label) robot.lookup("#build-details").query()).getText());
        assertTrue(details.contains(" \u2014 OCI archive, "), details);
    }
}
