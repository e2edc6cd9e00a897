package dev.strata.gui.closure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.closure.StorePath;
import dev.strata.gui.Fx;
import dev.strata.gui.common.Workspace;
import dev.strata.nix.TestNix;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Realising, browsing and why-depends, without a window, against real Nix and the demo set. */
class ClosureViewModelTest {
    @TempDir
    static Path tmp;
    static Workspace workspace;
    static ClosureViewModel vm;

    @BeforeAll
    static void setUp() {
        workspace = Fx.call(() -> new Workspace(Fx.pipeline(tmp)));
        var resolved = workspace.pipeline().resolve("demo", e -> { });
        var index = workspace.pipeline().index(resolved, e -> { });
        vm = Fx.call(() -> new ClosureViewModel(workspace));
        Fx.run(() -> {
            workspace.sourceProperty().set(resolved);
            workspace.indexProperty().set(index);
        });
    }

    void realise(String... packages) {
        Fx.run(() -> {
            workspace.packages().setAll(packages);
            vm.realise();
        });
        Fx.waitUntil(() -> !vm.busyProperty().get(), "the realisation to end");
    }

    @Test
    void theClosureOfGitMatchesNixStoreAndHasSizesAndWhyDepends() {
        realise("git");
        assertEquals("", Fx.call(() -> vm.errorProperty().get()));
        Fx.waitUntil(() -> !vm.rows().isEmpty() && vm.layoutProperty().get() != null, "rows and graph layout");
        var realisation = Fx.call(() -> workspace.realisationProperty().get());
        List<String> expected = TestNix.nixStoreRequisites(realisation.roots().stream().map(StorePath::path).toList());
        List<String> shown = Fx.call(() -> vm.rows().stream().map(r -> r.path().path()).sorted().toList());
        assertEquals(expected, shown);
        assertEquals(expected.size(), Fx.call(() -> vm.layoutProperty().get().size()));
        assertTrue(Fx.call(() -> vm.summaryProperty().get()).startsWith(expected.size() + " store paths"));

        // A path git does not reference directly: its why-depends chain goes from git through a middle path to it.
        var direct = realisation.closure().references(realisation.roots().get(0));
        var deepest = Fx.call(() -> vm.rows().stream().filter(r -> !r.root() && !direct.contains(r.path()))
                .findFirst().orElseThrow());
        Fx.run(() -> vm.selectedProperty().set(deepest));
        List<String> chain = Fx.call(() -> vm.whyDepends().stream().map(ClosureViewModel.PathRow::name).toList());
        assertTrue(chain.get(0).startsWith("git-"), chain.toString());
        assertEquals(deepest.name(), chain.get(chain.size() - 1));
        assertTrue(chain.size() >= 3, chain.toString());

        // Sizes: a root's closure size is the whole closure; added <= closure; tooltips explain each.
        var root = Fx.call(() -> vm.rootRows().get(0));
        assertEquals(realisation.closure().totalNarSize(), root.closureSize());
        assertTrue(Fx.call(() -> vm.rows().stream().allMatch(r -> r.addedSize() <= r.closureSize() && r.narSize() <= r.addedSize())));
        String tip = ClosureViewModel.tooltipOf(root);
        assertTrue(tip.contains("NAR size") && tip.contains("Closure size") && tip.contains("Added size"), tip);

        // Children in the browser are the path's references.
        assertEquals(realisation.closure().references(root.path()).size(), Fx.call(() -> vm.referencesOf(root).size()));

        Fx.run(() -> vm.filterProperty().set("openssl"));
        assertTrue(Fx.call(() -> !vm.filteredRows().isEmpty()
                && vm.filteredRows().stream().allMatch(r -> r.name().contains("openssl"))));
        Fx.run(() -> vm.filterProperty().set(""));
    }

    @Test
    void aFailingPackageShowsNixsReasonAndTheNextRealisationWorks() {
        Fx.run(() -> workspace.allowBrokenProperty().set(false));
        realise("libfrob");
        String refusal = Fx.call(() -> vm.errorProperty().get());
        // In the window's words: the tick that allows it, not the command line's option.
        assertTrue(refusal.contains("'libfrob' is marked broken") && refusal.contains("\u201cAllow broken packages\u201d")
                && !refusal.contains("--"), refusal);
        Fx.run(() -> workspace.allowBrokenProperty().set(true));
        realise("libfrob");
        Fx.run(() -> workspace.allowBrokenProperty().set(false));
        String error = Fx.call(() -> vm.errorProperty().get());
        assertTrue(error.contains("libfrob") && error.contains("builder failed"), error);
        assertFalse(error.contains("Exception"), error);
        assertTrue(Fx.call(() -> vm.log().lines().stream().anyMatch(l -> l.contains("frob"))), "Nix's log is shown");
        realise("hello");
        assertEquals("", Fx.call(() -> vm.errorProperty().get()));
        Fx.waitUntil(() -> vm.rows().size() == 3, "the 3 paths of hello");
    }

    @Test
    void anUnfreePackageNeedsPermissionAndBuildsWithIt() {
        Fx.run(() -> workspace.allowUnfreeProperty().set(false));
        realise("unrar");
        String error = Fx.call(() -> vm.errorProperty().get());
        assertTrue(error.contains("unrar") && error.toLowerCase().contains("unfree"), error);
        Fx.run(() -> workspace.allowUnfreeProperty().set(true));
        realise("unrar");
        assertEquals("", Fx.call(() -> vm.errorProperty().get()));
        Fx.run(() -> workspace.allowUnfreeProperty().set(false));
    }

    @Test
    void anUnknownPackageIsNamedInTheError() {
        realise("no-such-package");
        String error = Fx.call(() -> vm.errorProperty().get());
        assertTrue(error.contains("no-such-package"), error);
    }

    @Test
    void changingThePackagesDropsTheStaleClosure() {
        realise("hello");
        Fx.waitUntil(() -> vm.rows().size() == 3, "hello's closure");
        Fx.run(() -> workspace.packages().add("tree"));
        assertTrue(Fx.call(() -> workspace.realisationProperty().get() == null && vm.rows().isEmpty()));
    }
}
