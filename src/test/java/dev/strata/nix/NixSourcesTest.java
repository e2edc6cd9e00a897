package dev.strata.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import dev.strata.source.GitRefResolver;
import dev.strata.source.PackageSource;
import dev.strata.source.ResolvedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Package sources against real Nix and real git repositories. */
class NixSourcesTest {
    @TempDir
    Path tmp;

    private String versionAt(Nix nix, String spec) {
        ResolvedSource source = nix.resolve(PackageSource.parse(spec));
        return nix.index(source, NixProgress.Listener.NONE).get("greeter").orElseThrow().version();
    }

    @Test
    void gitSourcesGiveTheVersionCommittedAtBranchTagOrCommit() {
        Path repo = TestNix.versionedRepo(tmp);
        Nix nix = TestNix.create(tmp.resolve("cache"));
        String firstCommit = TestNix.run(repo, "git", "rev-list", "--max-parents=0", "HEAD").strip();
        assertEquals("1.1", versionAt(nix, "git:" + repo));
        assertEquals("2.0-beta", versionAt(nix, "git:" + repo + "#next"));
        assertEquals("1.0", versionAt(nix, "git:" + repo + "#v1.0"));
        assertEquals("1.0", versionAt(nix, "git:" + repo + "#" + firstCommit));

        ResolvedSource next = nix.resolve(PackageSource.parse("git:" + repo + "#next"));
        try (Realisation r = nix.realise(next, List.of("greeter"), NixProgress.Listener.NONE)) {
            assertEquals("greeter-2.0-beta", r.packages().get(0).drvName());
            Path bin = Path.of(r.packages().get(0).outputs().get(0).path(), "bin", "greeter");
            assertEquals("greeter 2.0-beta\n", TestNix.run(null, bin.toString()));
            // The forest links the program at the image's /bin.
            assertTrue(Files.isSymbolicLink(Path.of(r.forest().path(), "bin", "greeter")));
        }
    }

    @Test
    void aBranchResolvesToItsCommitWhichKeysTheCache() {
        Path repo = TestNix.versionedRepo(tmp);
        Nix nix = TestNix.create(tmp.resolve("cache"));
        String head = TestNix.run(repo, "git", "rev-parse", "main").strip();
        ResolvedSource main = nix.resolve(PackageSource.parse("git:" + repo + "#main"));
        assertEquals(head, main.rev());
        assertEquals("git:" + repo + "@" + head, main.cacheKey().orElseThrow());
        assertFalse(PackageSource.parse("git:" + repo + "#main").cacheKey().isPresent(),
                "the branch itself moves, so the unresolved source has no cache key");
    }

    @Test
    void unknownGitRefsAndRepositoriesAreClearErrors() {
        Path repo = TestNix.versionedRepo(tmp);
        Nix nix = TestNix.create(tmp.resolve("cache"));
        var noRef = assertThrows(StrataException.class,
                () -> nix.resolve(PackageSource.parse("git:" + repo + "#no-such-branch")));
        assertEquals("there is no branch or tag named 'no-such-branch' in " + repo
                + "; existing branches: main, next; tags: v1.0", noRef.getMessage());
        var noRepo = assertThrows(StrataException.class,
                () -> nix.resolve(PackageSource.parse("git:" + tmp.resolve("nowhere") + "#main")));
        assertTrue(noRepo.getMessage().startsWith("the git repository '" + tmp.resolve("nowhere") + "' cannot be read"),
                noRepo.getMessage());
        // A commit that is not in the repository: Nix's fetchGit says so.
        var noCommit = assertThrows(StrataException.class, () -> versionAt(nix, "git:" + repo + "#" + "0".repeat(40)));
        assertTrue(noCommit.getMessage().contains("0".repeat(40)), noCommit.getMessage());
    }

    @Test
    void aChannelCanBeATarballUrl() throws Exception {
        Path set = tmp.resolve("set");
        Files.createDirectories(set);
        String template = Files.readString(TestNix.resourceSet("nixsets/versioned").resolve("default.nix.in"));
        Files.writeString(set.resolve("default.nix"), template.replace("@VERSION@", "3.3"));
        Path tarball = tmp.resolve("set.tar.gz");
        TestNix.run(tmp, "tar", "-czf", tarball.toString(), "set");
        Nix nix = TestNix.create(tmp.resolve("cache"));
        assertEquals("3.3", versionAt(nix, "channel:file://" + tarball));
    }

    @Test
    void aTimeoutKillsTheBuildAndSaysWhatToDo() {
        Nix nix = TestNix.create(tmp.resolve("cache"), Nix.Options.defaults().withTimeout(Duration.ofSeconds(4)));
        ResolvedSource slow = nix.resolve(new PackageSource.LocalPath(TestNix.resourceSet("nixsets/slow")));
        NixFailure f = assertThrows(NixFailure.class, () -> nix.realise(slow, List.of("sleeper"), NixProgress.Listener.NONE));
        assertEquals(NixFailure.Kind.TIMEOUT, f.kind());
        assertTrue(f.getMessage().startsWith("Nix did not finish within 4 s while building sleeper"), f.getMessage());
        assertTrue(f.getMessage().contains("--nix-timeout"), f.getMessage());
        assertNoSleeperLeft();
    }

    @Test
    void interruptingTheCallerCancelsTheBuild() throws Exception {
        Nix nix = TestNix.create(tmp.resolve("cache"));
        ResolvedSource slow = nix.resolve(new PackageSource.LocalPath(TestNix.resourceSet("nixsets/slow")));
        CountDownLatch building = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                nix.realise(slow, List.of("sleeper"), new NixProgress.Listener() {
                    @Override
                    public void log(String line) {
                        if (line.contains("going to sleep")) {
                            building.countDown();
                        }
                    }
                });
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        worker.start();
        assertTrue(building.await(60, TimeUnit.SECONDS), "the build never started");
        worker.interrupt();
        worker.join(30_000);
        assertFalse(worker.isAlive());
        assertTrue(outcome.get() instanceof CancellationException, String.valueOf(outcome.get()));
        assertNoSleeperLeft();
    }

    @Test
    void missingNixIsAnInstructionNotAStackTrace() {
        Path emptyBin = tmp.resolve("empty-bin");
        NixRunner runner = new NixRunner(argv -> {
            ProcessBuilder pb = new ProcessBuilder(List.of(emptyBin.resolve(argv.get(0)).toString()));
            return pb;
        });
        Nix nix = new Nix(runner, NixFiles.locate(tmp.resolve("cache")), tmp.resolve("cache"), Nix.Options.defaults(),
                new GitRefResolver());
        NixFailure f = assertThrows(NixFailure.class, nix::currentSystem);
        assertEquals(NixFailure.Kind.NOT_INSTALLED, f.kind());
        assertTrue(f.getMessage().startsWith("Nix is not installed or not on PATH"), f.getMessage());
        assertTrue(f.getMessage().contains("./strata"), f.getMessage());
    }

    private static void assertNoSleeperLeft() {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            boolean alive = ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
                    .map(c -> c.contains("sleep 600")).orElse(false));
            if (!alive) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the builder process survived");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
