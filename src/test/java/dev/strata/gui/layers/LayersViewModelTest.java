package dev.strata.gui.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.closure.StorePath;
import dev.strata.compose.Recipe;
import dev.strata.gui.Fx;
import dev.strata.gui.common.Workspace;
import dev.strata.layering.LayerPlan;
import dev.strata.layering.Strategies;
import dev.strata.nix.Realisation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layers screen's view model on a real closure (git, python requests, curl from the demo set). */
class LayersViewModelTest {
    @TempDir
    static Path tmp;
    static Workspace workspace;
    static LayersViewModel vm;
    static Realisation realisation;

    @BeforeAll
    static void setUp() {
        workspace = Fx.call(() -> new Workspace(Fx.pipeline(tmp)));
        var resolved = workspace.pipeline().resolve("demo", e -> { });
        realisation = workspace.pipeline().realise(resolved,
                Recipe.of("demo", List.of("git", "python3Packages.requests", "curl")), e -> { });
        vm = Fx.call(() -> new LayersViewModel(workspace));
        Fx.run(() -> {
            workspace.sourceProperty().set(resolved);
            workspace.packages().setAll("git", "python3Packages.requests", "curl");
            workspace.realisationProperty().set(realisation);
        });
        Fx.waitUntil(() -> workspace.planProperty().get() != null, "the first plan");
    }

    @AfterAll
    static void close() {
        Fx.run(() -> workspace.realisationProperty().set(null));
    }

    LayerPlan replanned(Runnable change) {
        LayerPlan before = Fx.call(() -> workspace.planProperty().get());
        Fx.run(change);
        Fx.waitUntil(() -> workspace.planProperty().get() != null && workspace.planProperty().get() != before
                && !vm.busyProperty().get(), "a new plan");
        return Fx.call(() -> workspace.planProperty().get());
    }

    @Test
    void everyStrategyIsOfferedDefaultFirstAndTheRowsAddUp() {
        assertEquals(Strategies.names(), Fx.call(() -> vm.strategies().stream().map(s -> s.name()).toList()));
        assertEquals(Strategies.DEFAULT, Fx.call(() -> workspace.strategyProperty().get()));
        long rows = Fx.call(() -> vm.rows().stream().mapToLong(LayersViewModel.LayerRow::narSize).sum());
        assertEquals(realisation.closure().totalNarSize(), rows);
        double share = Fx.call(() -> vm.rows().stream().mapToDouble(LayersViewModel.LayerRow::share).sum());
        assertEquals(1.0, share, 1e-9);
        assertTrue(Fx.call(() -> vm.summaryProperty().get()).contains(realisation.closure().size() + " paths"));
    }

    @Test
    void aSmallerBudgetReplansAtOnce() {
        LayerPlan plan = replanned(() -> workspace.maxLayersProperty().set(4));
        assertTrue(plan.layers().size() <= 3, "4 layers in all, one of them the symlink layer: " + plan.layers().size());
        assertEquals(realisation.closure().size(), plan.pathCount());
        LayerPlan nixery = replanned(() -> workspace.strategyProperty().set("nixery"));
        assertEquals("nixery", nixery.strategy());
        replanned(() -> {
            workspace.strategyProperty().set(Strategies.DEFAULT);
            workspace.maxLayersProperty().set(Recipe.DEFAULT_MAX_LAYERS);
        });
    }

    @Test
    void aPinnedPathGetsALayerOfItsOwn() {
        StorePath openssl = realisation.closure().paths().stream().filter(p -> p.name().startsWith("openssl"))
                .findFirst().orElseThrow();
        replanned(() -> workspace.maxLayersProperty().set(5));
        LayerPlan pinned = replanned(() -> vm.pin(openssl.path()));
        assertTrue(pinned.layers().stream().anyMatch(l -> l.paths().equals(List.of(openssl))),
                "openssl alone in a layer: " + pinned.layers());
        replanned(() -> {
            vm.unpin(openssl.path());
            workspace.maxLayersProperty().set(Recipe.DEFAULT_MAX_LAYERS);
        });
    }

    @Test
    void theComparisonPlansWithEveryStrategy() {
        Fx.run(vm::compare);
        Fx.waitUntil(() -> vm.comparisons().size() == Strategies.names().size(), "one comparison per strategy");
        for (LayersViewModel.Comparison c : Fx.call(() -> List.copyOf(vm.comparisons()))) {
            assertEquals("", c.error(), c.strategy());
            assertEquals(realisation.closure().totalNarSize(), c.plan().totalNarSize(), c.strategy());
            assertTrue(c.largest() >= c.median());
        }
    }
}
