package dev.strata.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.nix.TestNix;
import dev.strata.serve.PipelineImages;
import dev.strata.serve.RegistryServer;
import dev.strata.testing.GitHttpServer;
import dev.strata.testing.StrataProcess;
import dev.strata.testing.TestImages;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token in a package source's URL ({@code git:http://user:TOKEN@host/repo.git}) reaches git and
 * Nix, which need it, and nothing else: not the progress lines, errors (Strata's, git's and Nix's,
 * which echo the URL), JSON output, or the server's error bodies and log. The repository is served
 * by a real HTTP server that requires the token, so a build that succeeds proves it was used.
 */
class CredentialsInUrlsTest {
    static final String TOKEN = "s3cr3tT0ken";
    static final String UNREACHABLE = "http://strata:" + TOKEN + "@127.0.0.1:1/repo.git";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static GitHttpServer git;
    static String url;

    @BeforeAll
    static void serve() throws Exception {
        git = new GitHttpServer(TestNix.versionedRepo(tmp), tmp, "strata", TOKEN);
        url = git.url("strata", TOKEN);
    }

    @AfterAll
    static void stop() {
        git.close();
    }

    static void assertNoToken(String where, String text) {
        assertFalse(text.contains(TOKEN), "the token is in " + where + ": " + text);
    }

    @Test
    void aBuildFromAnAuthenticatedRepositoryPrintsNoToken() throws Exception {
        TestImages.Run plan = StrataProcess.run(tmp, tmp.resolve("cache-plan"), "plan", "--source", "git:" + url,
                "greeter");
        assertEquals(0, plan.exit(), plan.err());
        assertTrue(plan.err().contains("Resolving http://***@127.0.0.1:"), plan.err());
        assertNoToken("plan's progress", plan.err());
        assertNoToken("plan's output", plan.out());

        TestImages.Run json = StrataProcess.run(tmp, tmp.resolve("cache-json"), "plan", "--source", "git:" + url + "#next",
                "greeter", "--json");
        assertEquals(0, json.exit(), json.err());
        assertTrue(JSON.readTree(json.out()).path("packages").get(0).path("name").asText().equals("greeter-2.0-beta"),
                json.out());
        assertNoToken("plan --json", json.out() + json.err());
        assertTrue(git.authorisedRequests() > 0, "git used the token");

        TestImages.Run search = StrataProcess.run(tmp, tmp.resolve("cache-json"), "search", "--source", "git:" + url,
                "greeter", "--json");
        assertEquals(0, search.exit(), search.err());
        assertNoToken("search --json", search.out() + search.err());
    }

    @Test
    void errorsOfGitAndNixEchoNoToken() {
        // git ls-remote fails and says why (with the URL).
        TestImages.Run listing = StrataProcess.run(tmp, tmp.resolve("cache-err"), "plan", "--source",
                "git:" + UNREACHABLE, "hello");
        assertEquals(1, listing.exit(), listing.err());
        assertTrue(listing.err().contains("'http://***@127.0.0.1:1/repo.git' cannot be read"), listing.err());
        assertNoToken("the listing error", listing.err() + listing.out());

        // A commit skips the listing: Nix's fetchGit fails and echoes the URL in its log and error.
        TestImages.Run fetch = StrataProcess.run(tmp, tmp.resolve("cache-err"), "plan", "--source",
                "git:" + UNREACHABLE + "#" + "0".repeat(40), "hello");
        assertEquals(1, fetch.exit(), fetch.err());
        assertTrue(fetch.err().contains("http://***@127.0.0.1:1/repo.git"), fetch.err());
        assertNoToken("Nix's fetch error", fetch.err() + fetch.out());

        // A branch that does not exist: Strata's own message names the repository.
        TestImages.Run ref = StrataProcess.run(tmp, tmp.resolve("cache-err"), "plan", "--source",
                "git:" + url + "#no-such-branch", "greeter");
        assertEquals(1, ref.exit(), ref.err());
        assertTrue(ref.err().contains("there is no branch or tag named 'no-such-branch' in http://***@"), ref.err());
        assertNoToken("the ref error", ref.err() + ref.out());

        // A tarball channel: Nix retries the download, printing the URL each time.
        TestImages.Run channel = StrataProcess.run(tmp, tmp.resolve("cache-err"), "plan", "--source",
                "channel:http://strata:" + TOKEN + "@127.0.0.1:1/nixexprs.tar.xz", "hello");
        assertEquals(1, channel.exit(), channel.err());
        assertTrue(channel.err().contains("http://***@127.0.0.1:1/nixexprs.tar.xz"), channel.err());
        assertNoToken("the channel error", channel.err() + channel.out());
    }

    @Test
    void theServerTellsAnonymousClientsAndItsLogNoToken() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Composer composer = new Composer(TestNix.create(tmp.resolve("cache-serve")), tmp.resolve("cache-serve"));
        for (String source : List.of("git:" + url, "git:" + UNREACHABLE)) {
            try (RegistryServer server = RegistryServer.start(new PipelineImages(composer, source,
                    Recipe.of(source, List.of()), log::add), RegistryServer.Options.defaults(
                    new InetSocketAddress("127.0.0.1", 0)), log::add)) {
                String base = "http://127.0.0.1:" + server.address().getPort();
                // The tag names a ref: a missing branch, and for the unreachable repository any.
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                        + "/v2/greeter/manifests/no-such-branch")).build(), HttpResponse.BodyHandlers.ofString());
                assertNotEquals(200, r.statusCode());
                assertTrue(r.body().contains("http://***@127.0.0.1:"), r.body());
                assertNoToken("the error body", r.body());
            }
        }
        assertFalse(log.isEmpty(), "the failures were logged");
        log.forEach(line -> assertNoToken("the server log", line));
    }
}
