package dev.strata.testing;

import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import dev.strata.compose.Composer;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.layering.Layer;
import dev.strata.layering.LayerPlan;
import dev.strata.nix.Realisation;
import dev.strata.nix.TestNix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Images of the test package set {@code nixsets/images} (busybox, hello, greeter, oddities), built
 * with real Nix, and the trivial layering the image tests use while the real strategies live
 * elsewhere: one layer per store path, dependencies first.
 */
public final class TestImages {
    private TestImages() {}

    /** The test package set's directory. */
    public static Path set() {
        return TestNix.resourceSet("nixsets/images");
    }

    /** A recipe for packages of the test set. */
    public static Recipe recipe(String... packages) {
        return Recipe.of("path:" + set(), List.of(packages));
    }

    /** A composer whose Nix files, GC roots and image cache live in {@code cacheDir}. */
    public static Composer composer(Path cacheDir) {
        return new Composer(TestNix.create(cacheDir), cacheDir);
    }

    /** Realises packages of the test set; close the result. */
    public static Realisation realise(Composer composer, String... packages) {
        return composer.realise(recipe(packages), ProgressListener.NONE);
    }

    /** One layer per store path, in dependency order (base first): the test grouping. */
    public static LayerPlan onePerPath(Closure closure) {
        List<Layer> layers = new ArrayList<>();
        for (StorePath p : closure.topologicalOrder()) {
            layers.add(Layer.of(List.of(p), closure.narSize(p), "test: one store path per layer"));
        }
        return new LayerPlan("test-one-per-path", layers.size() + 1, layers);
    }

    /** The planner seam with the test grouping. */
    public static LayerPlan plan(Composer composer, Realisation r, Recipe recipe, ProgressListener progress) {
        return onePerPath(r.closure());
    }

    /** Result of a command: exit code, stdout, stderr. */
    public record Run(int exit, String out, String err) {
        public Run ok(String what) {
            if (exit != 0) {
                throw new AssertionError(what + " exited with " + exit + ":\n" + out + "\n" + err);
            }
            return this;
        }
    }

    /** Runs a command to completion (at most {@code timeoutSeconds}), capturing its output. */
    public static Run run(Path cwd, List<String> argv, Map<String, String> env, int timeoutSeconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv);
            if (cwd != null) {
                pb.directory(cwd.toFile());
            }
            if (env != null) {
                pb.environment().putAll(env);
            }
            Path out = Files.createTempFile("strata-run-", ".out");
            Path err = Files.createTempFile("strata-run-", ".err");
            try {
                Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", argv) + " did not finish in " + timeoutSeconds + " s");
                }
                return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static Run run(String... argv) {
        return run(null, List.of(argv), null, 300);
    }
}
