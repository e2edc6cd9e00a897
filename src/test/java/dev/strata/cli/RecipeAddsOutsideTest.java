package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared recipe can add any file its user can read (the window saves files outside the recipe's
 * directory as ../app, so they are not refused): each one from outside the recipe's directory is
 * named in a warning before anything is built, a link inside that points out included.
 */
class RecipeAddsOutsideTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void useTemporaryCache() {
        System.setProperty("strata.cacheDir", dir.resolve("cache").toString());
    }

    @AfterAll
    static void restore() {
        System.clearProperty("strata.cacheDir");
    }

    static String warning(Path recipe, Path source, String destination) {
        return "strata: warning: the recipe " + recipe + " adds " + source + ", from outside its directory, as "
                + destination + " in the image; check that you meant to put it there";
    }

    @Test
    void filesFromOutsideTheRecipesDirectoryAreNamedAndFilesInsideAreNot() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("app.conf"), "inside\n");
        Path secret = Files.writeString(dir.resolve("secret.txt"), "outside\n");
        Files.createSymbolicLink(project.resolve("link.txt"), secret);
        Path recipe = Files.writeString(project.resolve("recipe.json"), """
                { "version": 5, "packages": [ "hello" ], "source": "demo",
                  "adds": [ { "source": "app.conf", "destination": "/etc/app.conf" },
                            { "source": "../secret.txt", "destination": "/k1" },
                            { "source": "link.txt", "destination": "/k2" } ] }
                """);
        CliRunner r = CliRunner.run("plan", "--recipe", recipe.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> warnings = r.err().lines().filter(l -> l.startsWith("strata: warning: the recipe")).toList();
        assertEquals(List.of(warning(recipe, secret, "/k1"), warning(recipe, project.resolve("link.txt"), "/k2")),
                warnings, r.err());
        assertFalse(r.err().contains("app.conf,"), "a file inside is not named: " + r.err());
        assertTrue(r.err().indexOf("strata: warning: the recipe") < r.err().indexOf("Resolving"),
                "said before the source is resolved: " + r.err());
    }
}
