package dev.strata.gui.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.gui.Fx;
import dev.strata.gui.closure.ClosureViewModel;
import dev.strata.gui.common.Workspace;
import dev.strata.nix.TestNix;
import dev.strata.testing.GitHttpServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window shows a git source with a token in its URL without the token: every text the Source
 * and Closure screens and the status bar show while resolving, building (Nix's log included) and
 * failing is recorded and searched for it. The repository is served behind basic auth, so the
 * closure appearing proves git and Nix got the token.
 */
class CredentialsOnScreenTest {
    static final String TOKEN = "w1nd0wT0ken";

    @TempDir
    static Path tmp;
    static GitHttpServer git;
    static Workspace workspace;
    static SourceViewModel source;
    static ClosureViewModel closure;
    static final List<String> shown = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        git = new GitHttpServer(TestNix.versionedRepo(tmp), tmp, "strata", TOKEN);
        Fx.start();
        workspace = Fx.call(() -> new Workspace(Fx.pipeline(tmp.resolve("cache"))));
        source = Fx.call(() -> new SourceViewModel(workspace));
        closure = Fx.call(() -> new ClosureViewModel(workspace));
        Fx.run(() -> {
            for (ObservableValue<String> text : List.of(source.progressProperty(), source.resultProperty(),
                    source.errorProperty(), source.inputErrorProperty(), source.refHintProperty(),
                    workspace.statusProperty(), closure.progressTextProperty(), closure.errorProperty(),
                    closure.summaryProperty())) {
                text.addListener((o, a, b) -> shown.add(b));
            }
            closure.log().lines().addListener((ListChangeListener<String>) c -> {
                while (c.next()) {
                    shown.addAll(c.getAddedSubList());
                }
            });
        });
    }

    @AfterAll
    static void stop() {
        git.close();
    }

    private static void apply(String url, String ref) {
        Fx.run(() -> {
            source.kindProperty().set(SourceViewModel.Kind.GIT);
            source.gitUrlProperty().set(url);
            source.gitRefProperty().set(ref);
            source.apply();
        });
        Fx.waitUntil(() -> !source.busyProperty().get(), "the source to be applied");
    }

    @Test
    void aTokenInAGitUrlIsNeverShown() {
        apply(git.url("strata", TOKEN), "next");
        assertEquals("", Fx.call(() -> source.errorProperty().get()));
        assertTrue(Fx.call(() -> source.resultProperty().get()).contains("http://***@127.0.0.1:"),
                Fx.call(() -> source.resultProperty().get()));

        Fx.run(() -> {
            workspace.packages().setAll("greeter");
            closure.realise();
        });
        Fx.waitUntil(() -> !closure.busyProperty().get(), "the realisation to end");
        assertEquals("", Fx.call(() -> closure.errorProperty().get()));
        assertTrue(Fx.call(() -> closure.summaryProperty().get()).contains("store paths"));
        assertTrue(git.authorisedRequests() > 0, "git and Nix used the token");

        // Failures: an unreachable host (git's error) and a missing branch (Strata's own message).
        apply("http://strata:" + TOKEN + "@127.0.0.1:1/repo.git", "");
        assertTrue(Fx.call(() -> source.errorProperty().get()).contains("http://***@127.0.0.1:1/repo.git"),
                Fx.call(() -> source.errorProperty().get()));
        apply(git.url("strata", TOKEN), "no-such-branch");
        assertTrue(Fx.call(() -> source.errorProperty().get()).contains("no-such-branch"));

        assertFalse(shown.isEmpty());
        for (String text : shown) {
            assertFalse(text != null && text.contains(TOKEN), "the window showed the token: " + text);
        }
    }
}
