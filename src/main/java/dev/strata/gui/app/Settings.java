package dev.strata.gui.app;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the window remembers between runs: its size, the last package source and the recent
 * recipes. Stored as JSON in {@code $XDG_CONFIG_HOME/strata/gui.json} (else {@code ~/.config}),
 * or where {@code -Dstrata.gui.settings=FILE} says. A missing or damaged file means defaults.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Settings(double width, double height, boolean maximized, String lastSource, List<String> recentRecipes) {
    public static final int RECENT = 8;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Settings {
        width = width < 640 ? 1200 : width;
        height = height < 480 ? 800 : height;
        lastSource = lastSource == null || lastSource.isBlank() ? "demo" : lastSource;
        recentRecipes = recentRecipes == null ? List.of() : List.copyOf(recentRecipes);
    }

    public static Settings defaults() {
        return new Settings(1200, 800, false, "demo", List.of());
    }

    public static Path defaultFile() {
        String prop = System.getProperty("strata.gui.settings");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("strata").resolve("gui.json");
    }

    public static Settings load(Path file) {
        try {
            return Files.isRegularFile(file) ? JSON.readValue(file.toFile(), Settings.class) : defaults();
        } catch (IOException e) {
            return defaults();
        }
    }

    /** Saves atomically; failures are ignored (remembering is a convenience, not a duty). */
    public void save(Path file) {
        try {
            AtomicFile.write(file, JSON.writeValueAsBytes(this), AtomicFile.Durability.CACHE);
        } catch (IOException e) {
            System.err.println("strata: could not save the window settings to " + file + ": " + e.getMessage());
        }
    }

    public Settings withWindow(double w, double h, boolean max) {
        return new Settings(w, h, max, lastSource, recentRecipes);
    }

    public Settings withLastSource(String s) {
        return new Settings(width, height, maximized, s, recentRecipes);
    }

    /** Puts a recipe first in the recent list (once), keeping at most {@link #RECENT}. */
    public Settings withRecent(Path recipe) {
        List<String> r = new ArrayList<>();
        r.add(recipe.toAbsolutePath().normalize().toString());
        for (String s : recentRecipes) {
            if (!r.contains(s) && r.size() < RECENT) {
                r.add(s);
            }
        }
        return new Settings(width, height, maximized, lastSource, r);
    }
}
