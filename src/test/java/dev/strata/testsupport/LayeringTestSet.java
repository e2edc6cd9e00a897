package dev.strata.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tiny package set of src/test/resources/layering-set, built with real Nix:
 * base &lt;- libx &lt;- app1; base, libx &lt;- app2; base &lt;- tool; plus broken and failing.
 */
public final class LayeringTestSet {
    private LayeringTestSet() {}

    public static Path dir() {
        return Path.of("src/test/resources/layering-set").toAbsolutePath();
    }

    /** {@code --source} value for the set. */
    public static String source() {
        return "path:" + dir();
    }

    /** Builds the attributes, keeping them alive with out-links below {@code gcDir}; returns their outputs. */
    public static List<String> build(Path gcDir, String... attrs) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("nix-build", dir().toString(), "--out-link",
                gcDir.resolve("result").toString()));
        for (String a : attrs) {
            argv.add("-A");
            argv.add(a);
        }
        return run(argv).lines().filter(l -> l.startsWith("/nix/store/")).toList();
    }

    /** {@code nix path-info --json --recursive} of the paths: the array shape Nix 2.8 prints. */
    public static String pathInfoJson(List<String> paths) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("nix", "path-info", "--json", "--recursive"));
        argv.addAll(paths);
        return run(argv);
    }

    public static String run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] err = new byte[0];
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + new String(err, StandardCharsets.UTF_8));
        }
        return out;
    }

    public static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
