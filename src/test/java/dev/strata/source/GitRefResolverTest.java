package dev.strata.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRefResolverTest {
    static final String LISTING = """
            ref: refs/heads/main\tHEAD
            1111111111111111111111111111111111111111\tHEAD
            1111111111111111111111111111111111111111\trefs/heads/main
            2222222222222222222222222222222222222222\trefs/heads/feature
            3333333333333333333333333333333333333333\trefs/heads/both
            4444444444444444444444444444444444444444\trefs/tags/both
            5555555555555555555555555555555555555555\trefs/tags/v1.0
            6666666666666666666666666666666666666666\trefs/tags/v1.0^{}
            7777777777777777777777777777777777777777\trefs/heads/abc1234
            """;

    static GitRef resolve(String ref) {
        return GitRefResolver.resolve("/repo", Optional.ofNullable(ref), GitRefResolver.parse(LISTING));
    }

    @Test
    void noRefMeansTheDefaultBranch() {
        GitRef r = resolve(null);
        assertEquals(GitRef.Kind.DEFAULT_BRANCH, r.kind());
        assertEquals("main", r.name());
        assertEquals("refs/heads/main", r.fullRef());
    }

    @Test
    void branchesTagsAndAnnotatedTags() {
        assertEquals(new GitRef(GitRef.Kind.BRANCH, "feature", "2".repeat(40)), resolve("feature"));
        GitRef tag = resolve("v1.0");
        assertEquals(GitRef.Kind.TAG, tag.kind());
        assertEquals("6".repeat(40), tag.commit(), "an annotated tag resolves to its commit, not the tag object");
        assertEquals("refs/tags/v1.0", tag.fullRef());
    }

    @Test
    void aNameThatIsBothMustBeSpelledOut() {
        var e = assertThrows(StrataException.class, () -> resolve("both"));
        assertTrue(e.getMessage().contains("refs/heads/both") && e.getMessage().contains("refs/tags/both"), e.getMessage());
        assertEquals(GitRef.Kind.TAG, resolve("refs/tags/both").kind());
        assertEquals(GitRef.Kind.BRANCH, resolve("refs/heads/both").kind());
    }

    @Test
    void aShortHexBranchIsABranchButAnUnknownShortHexIsRefused() {
        assertEquals(GitRef.Kind.BRANCH, resolve("abc1234").kind());
        var e = assertThrows(StrataException.class, () -> resolve("deadbeef"));
        assertTrue(e.getMessage().contains("40-hex"), e.getMessage());
    }

    @Test
    void unknownRefsListWhatExists() {
        var e = assertThrows(StrataException.class, () -> resolve("nope"));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("feature")
                && e.getMessage().contains("v1.0"), e.getMessage());
    }

    @Test
    void aFullCommitNeedsNoLookup() {
        GitRefResolver r = new GitRefResolver(argv -> {
            throw new AssertionError("git must not run for a full commit: " + argv);
        }, Duration.ofSeconds(5));
        assertEquals(GitRef.Kind.COMMIT, r.resolve("/nowhere", Optional.of("8".repeat(40))).kind());
    }

    @Test
    void resolvesAgainstARealRepository(@TempDir Path dir) throws Exception {
        Path repo = dir.resolve("repo");
        git(dir, "init", "-q", "-b", "trunk", repo.toString());
        Files.writeString(repo.resolve("f"), "1");
        git(repo, "add", "f");
        git(repo, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "one");
        git(repo, "tag", "-a", "-m", "release", "r1");
        GitRefResolver resolver = new GitRefResolver();
        GitRef head = resolver.resolve(repo.toString(), Optional.empty());
        assertEquals(GitRef.Kind.DEFAULT_BRANCH, head.kind());
        assertEquals("trunk", head.name());
        GitRef tag = resolver.resolve(repo.toString(), Optional.of("r1"));
        assertEquals(head.commit(), tag.commit());
        var e = assertThrows(StrataException.class, () -> resolver.resolve(dir.resolve("missing").toString(),
                Optional.of("main")));
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    }

    static void git(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: " + out);
        }
    }

    @Test
    void parseKeepsSymrefsApart() {
        Map<String, String> refs = GitRefResolver.parse(LISTING);
        assertEquals("refs/heads/main", refs.get("HEAD->"));
        assertEquals("1".repeat(40), refs.get("HEAD"));
    }

    /** git waits for ever on a server that accepts and never answers; the resolver's timeout ends it. */
    @Test
    void aGitServerThatNeverAnswersEndsAtTheTimeout() throws Exception {
        try (dev.strata.output.fixtures.StallingServer server = dev.strata.output.fixtures.StallingServer.tcp(
                dev.strata.output.fixtures.StallingServer.Mode.SILENT, "")) {
            String url = "http://" + server.address() + "/repo.git";
            GitRefResolver resolver = new GitRefResolver(ProcessBuilder::new, java.time.Duration.ofSeconds(2));
            StrataException e = assertThrows(StrataException.class, () -> resolver.resolve(url, Optional.of("main")));
            assertEquals("git did not answer within 2 s listing the refs of " + url + "; check the URL and your network",
                    e.getMessage());
            assertTrue(server.connections() > 0, "git did connect");
        }
    }
}
