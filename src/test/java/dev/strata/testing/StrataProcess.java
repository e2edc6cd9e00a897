package dev.strata.testing;

import dev.strata.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strata as its own process (this build's classes, {@code dev.strata.Main}), for tests that need a
 * real working directory, a real exit code or a real process to kill.
 */
public final class StrataProcess {
    private StrataProcess() {}

    /** The command line that runs Strata with these arguments. */
    public static List<String> command(String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        argv.addAll(List.of(args));
        return argv;
    }

    /** Runs Strata in {@code cwd} with its own cache directory and waits (up to 5 minutes). */
    public static TestImages.Run run(Path cwd, Path cacheDir, String... args) {
        return TestImages.run(cwd, command(args), Map.of("STRATA_CACHE_DIR", cacheDir.toString()), 300);
    }

    /** Starts Strata in {@code cwd}, its stdout and stderr both going to {@code log}. */
    public static Process start(Path cwd, Path cacheDir, Path log, String... args) {
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(cwd.toFile());
        pb.environment().put("STRATA_CACHE_DIR", cacheDir.toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
