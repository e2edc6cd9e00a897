package dev.strata.gui.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.gui.Fx;
import dev.strata.gui.common.Workspace;
import dev.strata.nix.PackageInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search as you type, adding and editing the selection; no window, the real demo index. */
class SearchViewModelTest {
    @TempDir
    static Path tmp;
    static Workspace workspace;
    static SearchViewModel vm;

    @BeforeAll
    static void setUp() {
        workspace = Fx.call(() -> new Workspace(Fx.pipeline(tmp)));
        var resolved = workspace.pipeline().resolve("demo", e -> { });
        var index = workspace.pipeline().index(resolved, e -> { });
        vm = Fx.call(() -> new SearchViewModel(workspace));
        Fx.run(() -> {
            workspace.sourceProperty().set(resolved);
            workspace.indexProperty().set(index);
        });
    }

    @BeforeEach
    void clear() {
        Fx.run(() -> workspace.packages().clear());
    }

    @Test
    void resultsFollowTheQueryAsItIsTyped() {
        Fx.run(() -> {
            for (String prefix : List.of("h", "he", "hel", "hell", "hello")) {
                vm.queryProperty().set(prefix);
            }
        });
        Fx.waitUntil(() -> !vm.results().isEmpty() && vm.results().get(0).attrPath().equals("hello")
                && vm.summaryProperty().get().contains("of 43"), "hello first in the results");
        PackageInfo hello = Fx.call(() -> vm.results().get(0));
        assertEquals("2.12.1", hello.version());
        assertTrue(!hello.description().isEmpty());
    }

    @Test
    void flagsAndLicencesOfBrokenAndUnfreePackagesAreThere() {
        Fx.run(() -> vm.queryProperty().set("unrar"));
        Fx.waitUntil(() -> !vm.results().isEmpty() && vm.results().get(0).attrPath().equals("unrar"), "unrar");
        assertTrue(Fx.call(() -> vm.results().get(0).unfree()));
        assertEquals("unfree", SearchView.flags(Fx.call(() -> vm.results().get(0))));
        Fx.run(() -> vm.queryProperty().set("libfrob"));
        Fx.waitUntil(() -> !vm.results().isEmpty() && vm.results().get(0).attrPath().equals("libfrob"), "libfrob");
        assertTrue(Fx.call(() -> vm.results().get(0).broken()));
        Fx.run(() -> vm.add(List.of(vm.results().get(0))));
        assertTrue(Fx.call(() -> workspace.statusProperty().get()).contains("libfrob is marked broken: tick "
                + "\u201cAllow broken packages\u201d"), Fx.call(() -> workspace.statusProperty().get()));
    }

    @Test
    void noMatchSaysSo() {
        Fx.run(() -> vm.queryProperty().set("zzzznothing"));
        Fx.waitUntil(() -> vm.summaryProperty().get().startsWith("No package matches"), "the no-match summary");
        assertTrue(Fx.call(() -> vm.results().isEmpty()));
    }

    @Test
    void addingRemovingAndReorderingEditTheSelection() {
        Fx.run(() -> vm.queryProperty().set("python3Packages"));
        Fx.waitUntil(() -> vm.results().size() >= 3 && vm.results().get(0).attrPath().startsWith("python3Packages"),
                "python packages");
        Fx.run(() -> {
            vm.add(List.of(vm.results().get(0), vm.results().get(1)));
            vm.add(List.of(vm.results().get(0))); // twice: still once
        });
        List<String> sel = Fx.call(() -> List.copyOf(vm.selection()));
        assertEquals(2, sel.size());
        Fx.run(() -> vm.move(sel.get(1), -1));
        assertEquals(List.of(sel.get(1), sel.get(0)), Fx.call(() -> List.copyOf(vm.selection())));
        Fx.run(() -> vm.remove(List.of(sel.get(0))));
        assertEquals(List.of(sel.get(1)), Fx.call(() -> List.copyOf(vm.selection())));
    }

    @Test
    void droppingAnUnknownNameExplainsAndSuggests() {
        String msg = Fx.call(() -> vm.addByName("helo"));
        assertTrue(msg.contains("There is no package helo") && msg.contains("hello"), msg);
        assertEquals("", Fx.call(() -> vm.addByName("hello")));
        assertEquals(List.of("hello"), Fx.call(() -> List.copyOf(vm.selection())));
    }

    @Test
    void expressionsAreCheckedAsTypedAndLabelledByTheirDerivationOnceBuilt() {
        Fx.run(() -> {
            workspace.expressions().clear();
            vm.expressionTextProperty().set("   ");
            vm.addExpression();
        });
        assertTrue(Fx.call(() -> vm.expressionErrorProperty().get()).startsWith("The expression is empty"));
        String env = "buildEnv { name = \"tools\"; paths = [ hello tree ]; }";
        Fx.run(() -> {
            vm.expressionTextProperty().set(env);
            vm.addExpression();
        });
        assertEquals("", Fx.call(() -> vm.expressionErrorProperty().get()));
        assertEquals(List.of(env), Fx.call(() -> List.copyOf(workspace.expressions())));
        assertEquals("", Fx.call(() -> vm.expressionTextProperty().get()), "the field is cleared");
        assertEquals(env, Fx.call(() -> vm.expressionLabel(env)));
        assertEquals(List.of(env), Fx.call(() -> workspace.toRecipe().expressions()));

        var recipe = Fx.call(workspace::toRecipe);
        var realised = workspace.pipeline().realise(workspace.sourceProperty().get(), recipe, e -> { });
        Fx.run(() -> workspace.realisationProperty().set(realised));
        assertEquals("tools  \u2190  " + env, Fx.call(() -> vm.expressionLabel(env)));

        Fx.run(() -> vm.removeExpressions(List.of(env)));
        assertTrue(Fx.call(() -> workspace.expressions().isEmpty()));
        assertEquals(null, Fx.call(() -> workspace.realisationProperty().get()), "the closure of other roots is dropped");
    }
}
