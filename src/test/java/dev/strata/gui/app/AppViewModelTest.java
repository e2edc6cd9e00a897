package dev.strata.gui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.compose.Recipe;
import dev.strata.gui.Fx;
import dev.strata.gui.common.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recipes, recent recipes and remembered settings, without a window. */
class AppViewModelTest {
    @TempDir
    Path tmp;

    @Test
    void aSavedRecipeOpensToTheSameRecipeAndIsRemembered() {
        Path settings = tmp.resolve("gui.json");
        Workspace ws = Fx.call(() -> new Workspace(Fx.pipeline(tmp.resolve("cache"))));
        AppViewModel app = Fx.call(() -> new AppViewModel(ws, settings));
        Fx.run(() -> {
            ws.sourceSpecProperty().set("demo");
            ws.packages().setAll("hello", "tree");
            ws.tagProperty().set("hello:1.0");
            ws.maxLayersProperty().set(20);
            ws.pins().setAll("tree");
        });
        assertTrue(Fx.call(() -> app.title().get()).startsWith("\u2022 Untitled"));
        Path file = tmp.resolve("hello-recipe");
        assertTrue(Fx.call(() -> app.saveAs(file)));
        Path saved = tmp.resolve("hello-recipe.json");
        assertTrue(Files.exists(saved));
        assertEquals("hello-recipe.json \u2014 Strata", Fx.call(() -> app.title().get()));
        Recipe written = Recipe.read(saved);
        assertEquals(List.of("hello", "tree"), written.packages());
        assertEquals("hello:1.0", written.tag());
        assertEquals(20, written.maxLayers());

        // A new window (new workspace) reading the same settings file opens it from the recent list.
        Workspace ws2 = Fx.call(() -> new Workspace(Fx.pipeline(tmp.resolve("cache"))));
        AppViewModel app2 = Fx.call(() -> new AppViewModel(ws2, settings));
        assertEquals(List.of(saved.toAbsolutePath()), Fx.call(() -> List.copyOf(app2.recent())));
        assertTrue(Fx.call(() -> app2.open(app2.recent().get(0))));
        assertEquals(written, Fx.call(ws2::toRecipe));
        assertFalse(Fx.call(() -> ws2.dirtyProperty().get()));
    }

    @Test
    void theLastSourceAndWindowSizeAreRemembered() {
        Path settings = tmp.resolve("gui.json");
        Workspace ws = Fx.call(() -> new Workspace(Fx.pipeline(tmp.resolve("cache"))));
        AppViewModel app = Fx.call(() -> new AppViewModel(ws, settings));
        Fx.run(() -> {
            ws.sourceSpecProperty().set("channel:nixos-24.05");
            app.rememberWindow(1400, 900, false);
        });
        Settings s = Settings.load(settings);
        assertEquals("channel:nixos-24.05", s.lastSource());
        assertEquals(1400, s.width());
        Workspace ws2 = Fx.call(() -> new Workspace(Fx.pipeline(tmp.resolve("cache"))));
        Fx.call(() -> new AppViewModel(ws2, settings));
        assertEquals("channel:nixos-24.05", Fx.call(() -> ws2.sourceSpecProperty().get()));
    }

    @Test
    void aBrokenRecipeIsAReadableErrorAndChangesNothing() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{ \"packages\": [\"hello\"], \"maxLayers\": 500 }");
        Workspace ws = Fx.call(() -> new Workspace(Fx.pipeline(tmp.resolve("cache"))));
        AppViewModel app = Fx.call(() -> new AppViewModel(ws, tmp.resolve("gui.json")));
        assertFalse(Fx.call(() -> app.open(bad)));
        String error = Fx.call(() -> app.errorProperty().get());
        assertTrue(error.contains("bad.json: the recipe's maxLayers 500 is out of range; choose 2 to 125"), error);
        assertFalse(error.contains("--"), "the window names settings, not command-line options: " + error);
        assertTrue(Fx.call(() -> ws.packages().isEmpty()));
        assertFalse(Fx.call(() -> app.open(tmp.resolve("missing.json"))));
        assertTrue(Fx.call(() -> app.errorProperty().get()).contains("missing.json"));
    }

    @Test
    void damagedSettingsMeanDefaults() throws Exception {
        Path settings = tmp.resolve("gui.json");
        Files.writeString(settings, "not json");
        assertEquals(Settings.defaults(), Settings.load(settings));
    }
}
