package dev.strata.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.compose.Recipe;
import dev.strata.nix.TestNix;
import dev.strata.testing.StrataProcess;
import dev.strata.testing.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package source that git would read as an option runs nothing, whichever face it comes
 * through. The attack of issue 11: run from inside a git checkout that has a remote (a user's
 * own project), {@code git ls-remote --symref --upload-pack=touch pwned} talks to that remote and
 * runs {@code touch pwned} as its upload-pack. Every test here runs a real Strata process in such
 * a checkout and checks that the marker file was not created.
 */
class OptionInjectionTest {
    @TempDir
    Path tmp;
    Path checkout;
    Path marker;
    String hostile;

    @BeforeEach
    void checkoutWithARemote() {
        Path upstream = tmp.resolve("upstream");
        TestNix.run(tmp, "git", "init", "-q", "-b", "main", upstream.toString());
        TestNix.run(upstream, "git", "-c", "user.email=t@strata", "-c", "user.name=t", "commit", "-q",
                "--allow-empty", "-m", "first");
        checkout = tmp.resolve("checkout");
        TestNix.run(tmp, "git", "clone", "-q", upstream.toString(), checkout.toString());
        marker = checkout.resolve("pwned");
        hostile = "git:--upload-pack=touch pwned";
    }

    private void assertRefused(TestImages.Run run) {
        assertFalse(Files.exists(marker), "the option ran a command: " + marker + " exists");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("'--upload-pack=touch pwned' starts with '-'"), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one sentence: " + run.err());
    }

    @Test
    void theCommandLineRefusesAGitUrlThatIsAnOption() {
        assertRefused(StrataProcess.run(checkout, tmp.resolve("cache"), "plan", "--source", hostile, "hello"));
    }

    @Test
    void aRecipeWithAGitUrlThatIsAnOptionRunsNothing() {
        Path recipe = tmp.resolve("shared.json");
        Recipe.of(hostile, List.of("hello")).write(recipe);
        assertRefused(StrataProcess.run(checkout, tmp.resolve("cache"), "build", "--recipe", recipe.toString(),
                "-o", tmp.resolve("out.tar").toString()));
    }

    /**
     * The server resolves its git source per request (the tag names the ref): it must refuse the
     * source when it starts, and if it ever serves, a pull must still run nothing.
     */
    @Test
    void theServerRefusesAGitUrlThatIsAnOption() throws Exception {
        Path log = tmp.resolve("serve.log");
        Process serve = StrataProcess.start(checkout, tmp.resolve("cache"), log, "serve", "--listen", "127.0.0.1:0",
                "--source", hostile);
        try {
            Pattern serving = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (serve.isAlive() && System.nanoTime() < end) {
                Matcher m = serving.matcher(Files.readString(log));
                if (m.find()) {
                    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1)
                            + "/v2/hello/manifests/latest")).timeout(Duration.ofSeconds(120)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    break;
                }
                Thread.sleep(100);
            }
            assertFalse(Files.exists(marker), "a pull ran the option as a command: " + marker + " exists");
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve refused to start: " + Files.readString(log));
            assertEquals(1, serve.exitValue(), Files.readString(log));
            assertTrue(Files.readString(log).contains("'--upload-pack=touch pwned' starts with '-'"),
                    Files.readString(log));
        } finally {
            serve.destroyForcibly();
        }
    }
}
