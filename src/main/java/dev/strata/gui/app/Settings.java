package dev.strata.gui.app;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the window remembers between runs: its place and size, the last package source, the recent
 * recipes and the theme. Stored as JSON in {@code $XDG_CONFIG_HOME/strata/gui.json} (else
 * {@code ~/.config}), or where {@code -Dstrata.gui.settings=FILE} says. A missing or damaged file
 * means defaults.
 *
 * @param width the window's width when it is not maximized (the size it gets back when un-maximized)
 * @param x the window's left edge on the desktop, or null when not known (the window is centred)
 * @param theme {@code system} (follow the desktop), {@code light} or {@code dark}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Settings(double width, double height, boolean maximized, String lastSource, List<String> recentRecipes,
                       Double x, Double y, String theme) {
    public static final int RECENT = 8;
    /** The size a window opens at the first time: fits a 1280x800 screen with room for panels. */
    public static final double DEFAULT_WIDTH = 1200;
    public static final double DEFAULT_HEIGHT = 800;
    /** The smallest size the window can be made (the screens are usable down to this). */
    public static final double MIN_WIDTH = 900;
    public static final double MIN_HEIGHT = 600;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Settings {
        if (!chosenSize(width, height)) {
            width = DEFAULT_WIDTH;
            height = DEFAULT_HEIGHT;
        }
        lastSource = lastSource == null || lastSource.isBlank() ? "demo" : lastSource;
        recentRecipes = recentRecipes == null ? List.of() : List.copyOf(recentRecipes);
        x = x == null || x.isNaN() || x.isInfinite() ? null : x;
        y = y == null || y.isNaN() || y.isInfinite() ? null : y;
        theme = theme == null || !List.of("system", "light", "dark").contains(theme) ? "system" : theme;
    }

    /**
     * Whether a window size is one a user chose: not below the minimum, and not the minimum itself
     * in both directions, which is what a window passes through while a window manager sets it up
     * (saving that once made every later start open at the minimum, and save it again).
     */
    public static boolean chosenSize(double w, double h) {
        return !Double.isNaN(w) && !Double.isNaN(h) && w >= MIN_WIDTH && h >= MIN_HEIGHT
                && (w > MIN_WIDTH || h > MIN_HEIGHT);
    }

    public static Settings defaults() {
        return new Settings(DEFAULT_WIDTH, DEFAULT_HEIGHT, false, "demo", List.of(), null, null, "system");
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

    /** The window's size when not maximized, and whether it is maximized. */
    public Settings withWindow(double w, double h, boolean max) {
        return new Settings(w, h, max, lastSource, recentRecipes, x, y, theme);
    }

    /** The window's place (its left and top edge on the desktop). */
    public Settings withPlace(double left, double top) {
        return new Settings(width, height, maximized, lastSource, recentRecipes, left, top, theme);
    }

    public Settings withLastSource(String s) {
        return new Settings(width, height, maximized, s, recentRecipes, x, y, theme);
    }

    public Settings withTheme(String t) {
        return new Settings(width, height, maximized, lastSource, recentRecipes, x, y, t);
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
        return new Settings(width, height, maximized, lastSource, r, x, y, theme);
    }
}
