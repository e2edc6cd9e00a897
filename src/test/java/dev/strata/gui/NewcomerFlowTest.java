package dev.strata.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
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
}
