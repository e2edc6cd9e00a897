package dev.strata.gui.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.compose.Recipe;
import dev.strata.gui.Fx;
import dev.strata.gui.common.Workspace;
import dev.strata.nix.TestFlakes;
import dev.strata.nix.TestNix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source screen's view model, without a window, against real Nix. */
class SourceViewModelTest {
    @TempDir
    static Path tmp;
    static Workspace workspace;
    static SourceViewModel vm;

    @BeforeAll
    static void setUp() {
        Fx.start();
        workspace = Fx.call(() -> new Workspace(Fx.pipeline(tmp.resolve("cache"))));
        vm = Fx.call(() -> new SourceViewModel(workspace));
    }

    @Test
    void demoSourceEvaluatesAndBecomesTheWorkspaceSource() {
        Fx.run(() -> {
            vm.kindProperty().set(SourceViewModel.Kind.DEMO);
            vm.apply();
        });
        Fx.waitUntil(() -> !vm.busyProperty().get() && workspace.indexProperty().get() != null, "the demo index");
        assertEquals("", Fx.call(() -> vm.errorProperty().get()));
        assertTrue(Fx.call(() -> workspace.indexProperty().get().get("hello").isPresent()));
        assertTrue(Fx.call(() -> vm.resultProperty().get()).contains("packages in the embedded demo package set"),
                Fx.call(() -> vm.resultProperty().get()));
        assertEquals("demo", Fx.call(() -> workspace.sourceSpecProperty().get()));
    }

    @Test
    void gitRefKindsAreExplainedBeforeAnythingRuns() {
        Fx.run(() -> {
            vm.kindProperty().set(SourceViewModel.Kind.GIT);
            vm.gitUrlProperty().set("https://example.org/pkgs.git");
            vm.gitRefProperty().set("0123456789abcdef0123456789abcdef01234567");
        });
        assertTrue(Fx.call(() -> vm.refHintProperty().get()).startsWith("A commit"));
        Fx.run(() -> vm.gitRefProperty().set("abc1234"));
        assertTrue(Fx.call(() -> vm.refHintProperty().get()).contains("abbreviated commit"));
        Fx.run(() -> vm.gitRefProperty().set("refs/tags/v1"));
        assertTrue(Fx.call(() -> vm.refHintProperty().get()).startsWith("A tag"));
        Fx.run(() -> vm.gitRefProperty().set(""));
        assertTrue(Fx.call(() -> vm.refHintProperty().get()).contains("default branch"));
        assertEquals("git:https://example.org/pkgs.git", Fx.call(() -> vm.spec().orElseThrow()));
    }

    @Test
    void aGitRefThatDoesNotExistIsReportedAndTheOldSourceStays() {
        Path repo = TestNix.versionedRepo(tmp);
        Fx.run(() -> {
            vm.kindProperty().set(SourceViewModel.Kind.DEMO);
            vm.apply();
        });
        Fx.waitUntil(() -> !vm.busyProperty().get() && workspace.sourceProperty().get() != null, "the demo source");
        Fx.run(() -> {
            vm.kindProperty().set(SourceViewModel.Kind.GIT);
            vm.gitUrlProperty().set(repo.toString());
            vm.gitRefProperty().set("no-such-branch");
            vm.apply();
        });
        Fx.waitUntil(() -> !vm.busyProperty().get() && !vm.errorProperty().get().isEmpty(), "an error message");
        String error = Fx.call(() -> vm.errorProperty().get());
        assertTrue(error.contains("no-such-branch"), error);
        assertTrue(!error.contains("Exception") && !error.contains("\tat "), error);
        assertEquals("demo", Fx.call(() -> workspace.sourceSpecProperty().get()));

        // The same screen then works with a real tag: the app is still usable.
        Fx.run(() -> {
            vm.gitRefProperty().set("v1.0");
            vm.apply();
        });
        Fx.waitUntil(() -> !vm.busyProperty().get() && workspace.sourceSpecProperty().get().startsWith("git:"),
                Duration.ofSeconds(120), () -> "the git source; " + Fx.call(() -> "busy: " + vm.busyProperty().get()
                        + ", source: " + workspace.sourceSpecProperty().get() + ", progress: " + vm.progressProperty().get()
                        + ", error: " + vm.errorProperty().get()));
        assertEquals("", Fx.call(() -> vm.errorProperty().get()));
        assertTrue(Fx.call(() -> workspace.indexProperty().get().get("greeter").orElseThrow().version()).equals("1.0"));
        assertTrue(Fx.call(() -> vm.resultProperty().get()).contains("Cacheable"), Fx.call(() -> vm.resultProperty().get()));
    }

    @Test
    void anUnknownPathIsRefusedWithAReadableMessage() {
        Fx.run(() -> {
            vm.kindProperty().set(SourceViewModel.Kind.PATH);
            vm.pathProperty().set(tmp.resolve("does-not-exist").toString());
        });
        String error = Fx.call(() -> vm.inputErrorProperty().get());
        assertTrue(error.contains("does not exist"), error);
        assertTrue(!Fx.call(() -> vm.canApply().get()));
        Fx.run(vm::apply);
        assertTrue(Fx.call(() -> vm.errorProperty().get()).contains("does not exist"));
    }

    @Test
    void aDirectoryWithoutAPackageSetIsRefused() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Fx.run(() -> {
            vm.kindProperty().set(SourceViewModel.Kind.PATH);
            vm.pathProperty().set(empty.toString());
        });
        assertTrue(Fx.call(() -> vm.inputErrorProperty().get()).contains("no default.nix"));
    }

    @Test
    void aRecipeSpecFillsTheInputs() {
        Fx.run(() -> vm.showSpec("git:/srv/pkgs.git#release"));
        assertEquals(SourceViewModel.Kind.GIT, Fx.call(() -> vm.kindProperty().get()));
        assertEquals("/srv/pkgs.git", Fx.call(() -> vm.gitUrlProperty().get()));
        assertEquals("release", Fx.call(() -> vm.gitRefProperty().get()));
        Fx.run(() -> vm.showSpec("channel:nixos-24.05"));
        assertEquals("channel:nixos-24.05", Fx.call(() -> vm.spec().orElseThrow()));
    }

    /** A shared recipe whose git URL is an option: the Source screen refuses it and runs nothing. */
    @Test
    void aRecipeWhoseGitUrlIsAnOptionIsRefusedBeforeGitRuns() {
        Fx.run(() -> workspace.load(Recipe.of("git:--upload-pack=touch pwned", List.of("hello")), null));
        String refusal = Fx.call(() -> vm.inputErrorProperty().get());
        assertTrue(refusal.contains("'--upload-pack=touch pwned' starts with '-'"), refusal);
        Fx.run(vm::apply);
        assertFalse(Fx.call(() -> vm.busyProperty().get()), "nothing was started");
        assertEquals(refusal, Fx.call(() -> vm.errorProperty().get()));
    }

    @Test
    void aFlakeIsValidatedAsTypedAndShowsTheCommitItWasLockedTo() throws Exception {
        Fx.run(() -> {
            vm.kindProperty().set(SourceViewModel.Kind.FLAKE);
            vm.flakeProperty().set(tmp.resolve("no-flake-here").toString());
        });
        assertTrue(Fx.call(() -> vm.inputErrorProperty().get()).contains("does not exist"));
        Path empty = Files.createDirectories(tmp.resolve("empty-flake"));
        Fx.run(() -> vm.flakeProperty().set(empty.toString()));
        assertTrue(Fx.call(() -> vm.inputErrorProperty().get()).contains("has no flake.nix"));
        Fx.run(() -> vm.flakeProperty().set("-x"));
        assertTrue(Fx.call(() -> vm.inputErrorProperty().get()).contains("starts with '-'"));

        Path repo = TestFlakes.repo(tmp, "packages");
        Fx.run(() -> {
            vm.flakeProperty().set(repo.toString());
            vm.apply();
        });
        Fx.waitUntil(() -> !vm.busyProperty().get() && workspace.sourceSpecProperty().get().startsWith("flake:"),
                java.time.Duration.ofSeconds(120), () -> "the flake source; error: " + Fx.call(() -> vm.errorProperty().get()));
        String result = Fx.call(() -> vm.resultProperty().get());
        assertTrue(result.contains("locked at commit " + TestFlakes.head(repo)) && result.contains("Cacheable"), result);
        assertTrue(Fx.call(() -> workspace.indexProperty().get().get("greeters.shout").isPresent()));
        assertEquals("flake:" + repo, Fx.call(() -> workspace.toRecipe().source()));

        TestFlakes.edit(repo, "flake.nix", "Hello from a flake!", "Hello, uncommitted!");
        Fx.run(vm::apply);
        Fx.waitUntil(() -> !vm.busyProperty().get() && vm.resultProperty().get().contains("Warning"),
                java.time.Duration.ofSeconds(120), () -> "the dirty flake; result: " + Fx.call(() -> vm.resultProperty().get()));
        String dirty = Fx.call(() -> vm.resultProperty().get());
        assertTrue(dirty.contains("uncommitted changes") && dirty.contains("Not cacheable"), dirty);
    }

    @Test
    void aFlakeSpecFillsTheInputs() {
        Fx.run(() -> vm.showSpec("flake:github:owner/repo/0123456789abcdef0123456789abcdef01234567"));
        assertEquals(SourceViewModel.Kind.FLAKE, Fx.call(() -> vm.kindProperty().get()));
        assertEquals("github:owner/repo/0123456789abcdef0123456789abcdef01234567", Fx.call(() -> vm.flakeProperty().get()));
        assertEquals("", Fx.call(() -> vm.inputErrorProperty().get()));
    }
}
