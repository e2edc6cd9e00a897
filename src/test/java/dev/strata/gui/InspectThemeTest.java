package dev.strata.gui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.gui.app.Theme;
import dev.strata.gui.inspect.InspectWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The "Open image…" window follows the application's colours as the main window does: opened under
 * the dark theme it is dark, and switching the theme (or the desktop's setting, when the theme
 * follows it) while it is open recolours it at once (TestFX, Monocle headless; the colours are
 * read from snapshots of both windows).
 */
class InspectThemeTest {
    @TempDir
    static Path tmp;
    static DesktopHarness h;

    @BeforeAll
    static void open() throws Exception {
        h = DesktopHarness.open(tmp, 1200, 800);
    }

    @AfterAll
    static void close() {
        Fx.run(() -> h.app.themeProperty().set(Theme.LIGHT));
        h.close();
    }

    /** The mean brightness (0 black .. 1 white) of a node's pixels as the window shows it. */
    static double brightness(Node node) {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage img = Fx.call(() -> {
            node.applyCss();
            return node.snapshot(null, null);
        });
        PixelReader px = img.getPixelReader();
        double sum = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y += 4) {
            for (int x = 0; x < img.getWidth(); x += 4) {
                sum += px.getColor(x, y).getBrightness();
                n++;
            }
        }
        return sum / n;
    }

    /** With {@code -Dstrata.screenshots=DIR}: the window as it looks, to check by eye. */
    static void shot(Scene scene, String name) {
        String dir = System.getProperty("strata.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        WritableImage img = Fx.call(() -> scene.snapshot(null));
        try {
            Path out = Files.createDirectories(Path.of(dir)).resolve(name + ".png");
            ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean looksDark(Scene scene) {
        return brightness(scene.getRoot()) < 0.5;
    }

    static void theme(Theme t) {
        Fx.run(() -> h.app.themeProperty().set(t));
        WaitForAsyncUtils.waitForFxEvents();
    }

    static void assertFollows(InspectWindow w, boolean dark, String when) {
        boolean main = looksDark(h.stage.getScene());
        boolean inspect = looksDark(w.stage().getScene());
        assertTrue(main == dark, "the main window is " + (main ? "dark" : "light") + " " + when);
        assertTrue(inspect == dark, "the Open image window is " + (inspect ? "dark" : "light") + " " + when
                + " while the main window is " + (main ? "dark" : "light"));
        assertTrue(Fx.call(() -> w.view().root().getStyleClass().contains("dark")) == dark,
                "the Open image window's root is marked " + (dark ? "" : "not ") + "dark " + when);
    }

    @Test
    void theOpenImageWindowFollowsTheThemeWhileOpenAndWhenOpenedUnderDark() {
        theme(Theme.DARK);
        InspectWindow w = Fx.call(h.window::openImage);
        try {
            assertFollows(w, true, "when opened under the dark theme");
            shot(w.stage().getScene(), "inspect-dark");
            theme(Theme.LIGHT);
            assertFollows(w, false, "after switching to the light theme while it is open");
            theme(Theme.DARK);
            assertFollows(w, true, "after switching back to dark while it is open");
            // Following the desktop: its setting decides, and a change of it shows at once.
            Fx.run(() -> h.app.desktopPrefersDarkProperty().set(false));
            theme(Theme.SYSTEM);
            assertFollows(w, false, "following a light desktop");
            Fx.run(() -> h.app.desktopPrefersDarkProperty().set(true));
            assertFollows(w, true, "after the desktop turned dark");
            // Closed under one theme and opened again under the other.
            Fx.run(() -> w.stage().hide());
            Fx.run(() -> h.app.desktopPrefersDarkProperty().set(false));
            InspectWindow again = Fx.call(h.window::openImage);
            assertFollows(again, false, "when opened again after the desktop turned light");
            assertFalse(looksDark(again.stage().getScene()));
        } finally {
            Fx.run(() -> w.stage().hide());
        }
    }
}
