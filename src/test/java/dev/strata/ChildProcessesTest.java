package dev.strata;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.nix.TestNix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Strata process told to stop (SIGTERM) takes its running Nix build with it. */
class ChildProcessesTest {
    @TempDir
    Path tmp;

    static boolean commandContains(ProcessHandle p, String text) {
        return p.info().commandLine().map(c -> c.contains(text)).orElse(false);
    }

    @Test
    void aNixBuildDoesNotOutliveTheStrataProcess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = tmp.resolve("slow.tar");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "build", "--source", "path:" + TestNix.resourceSet("nixsets/slow"), "sleeper", "-o", out.toString());
        pb.environment().put("STRATA_CACHE_DIR", tmp.resolve("cache").toString());
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("strata.log").toFile());
        Process strata = pb.start();
        List<ProcessHandle> children = List.of();
        try {
            // Wait for the builder's sleep (the build really running), or at least nix-build waiting for it.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < end && strata.isAlive()) {
                children = strata.descendants().filter(ProcessHandle::isAlive).toList();
                if (children.stream().anyMatch(p -> commandContains(p, "sleep 600"))) {
                    break;
                }
                Thread.sleep(100);
            }
            assertTrue(strata.isAlive(), "strata ended early: " + Files.readString(tmp.resolve("strata.log")));
            assertTrue(children.stream().anyMatch(p -> commandContains(p, "prepare-image.nix")),
                    "nix-build is running: " + children.stream().map(p -> p.info().commandLine().orElse("?")).toList());
            strata.destroy(); // SIGTERM, as a service manager or kill(1) sends it
            assertTrue(strata.waitFor(30, TimeUnit.SECONDS), "strata stopped");
            for (ProcessHandle p : children) {
                p.onExit().get(10, TimeUnit.SECONDS);
                assertFalse(p.isAlive(), "left running: " + p.info().commandLine().orElse(Long.toString(p.pid())));
            }
            assertFalse(Files.exists(out), "no image was written");
        } finally {
            strata.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
