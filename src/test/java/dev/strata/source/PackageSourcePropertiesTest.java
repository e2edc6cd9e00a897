package dev.strata.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.Redaction;
import dev.strata.StrataException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated {@code --source} strings and git refs, a few thousand of each: the parser never fails
 * with anything but a {@link StrataException}, valid sources read back to themselves, refused
 * values are named in the message (credentials masked), and no credential is ever displayed.
 */
class PackageSourcePropertiesTest {
    static final String SECRET = "Sekr1t";

    /** Characters that make parsing interesting: separators, option dashes, controls, non-ASCII. */
    static Arbitrary<String> tricky(int maxLength) {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(maxLength),
                Arbitraries.strings().withChars("-#@:/.\\ \t\n\r\u0000\u007f\u0085\u2028~^{}[]?*'\"ab01")
                        .ofMaxLength(maxLength),
                Arbitraries.strings().alpha().numeric().withChars("-._/").ofMaxLength(maxLength));
    }

    @Provide
    Arbitrary<String> specs() {
        Arbitrary<String> prefix = Arbitraries.of("", "demo", "nixpkgs", "git:", "channel:", "path:", "git:-", "git:http://",
                "git:https://u:p@h/r.git#", "channel:https://", "git:/srv/r#", "git:/srv/r#-", "GIT:", " git:");
        return Combinators.combine(prefix, tricky(30)).as(String::concat);
    }

    @Property(tries = 4000)
    void parsingNeverFailsWithAnythingButAStrataException(@ForAll("specs") String spec) {
        try {
            PackageSource s = PackageSource.parse(spec);
            assertEquals(s, PackageSource.parse(s.spec()), "what parses reads back: " + s.spec());
        } catch (StrataException e) {
            assertFalse(e.getMessage().isBlank());
            assertTrue(e.getMessage().codePoints().noneMatch(Redaction::unprintable), "one line: " + e.getMessage());
        }
    }

    @Provide
    Arbitrary<PackageSource> validSources() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-_.")
                .ofMinLength(1).ofMaxLength(12).filter(w -> !w.startsWith("-") && !w.startsWith("."));
        Arbitrary<String> userInfo = Arbitraries.of("", "user@", "user:" + SECRET + "@", SECRET + "@",
                "u:p%40ss" + SECRET + "@", "u:" + SECRET + "@x@");
        Arbitrary<String> url = Combinators.combine(Arbitraries.of("https://", "http://", "ssh://", "git+ssh://",
                "file://"), userInfo, word, word.list().ofMaxSize(3))
                .as((scheme, user, host, path) -> scheme + user + host + "/" + String.join("/", path) + ".git");
        Arbitrary<String> localPath = word.list().ofMinSize(1).ofMaxSize(4).map(p -> "/" + String.join("/", p));
        Arbitrary<Optional<String>> ref = Arbitraries.oneOf(
                Arbitraries.just(Optional.empty()),
                word.map(Optional::of),
                word.map(w -> Optional.of("refs/heads/" + w)),
                word.map(w -> Optional.of("refs/tags/" + w)),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(40).map(Optional::of));
        Arbitrary<PackageSource> git = Combinators.combine(Arbitraries.oneOf(url, localPath), ref)
                .as(PackageSource.Git::new);
        Arbitrary<PackageSource> channel = Arbitraries.oneOf(word.filter(w -> Character.isLetterOrDigit(w.charAt(0))),
                url.map(u -> u.replace(".git", ".tar.xz"))).map(PackageSource.Channel::new);
        return Arbitraries.oneOf(git, channel, Arbitraries.of(new PackageSource.Demo(), new PackageSource.Nixpkgs()));
    }

    @Property(tries = 3000)
    void validSourcesReadBackToThemselvesAndNeverShowACredential(@ForAll("validSources") PackageSource source) {
        assertEquals(source, PackageSource.parse(source.spec()));
        for (String shown : List.of(source.display(), source.describe(), source.toString())) {
            assertFalse(shown.contains(SECRET), "a credential is shown: " + shown);
        }
        assertTrue(source.cacheKey().map(k -> !k.contains(SECRET)).orElse(true), "cache keys hold no credential");
    }

    @Provide
    Arbitrary<String> refusedGitSpecs() {
        Arbitrary<String> bad = Arbitraries.oneOf(
                tricky(12).map(t -> "-" + t),
                Combinators.combine(tricky(8), Arbitraries.of("\n", "\t", "\u0000", "\u001b", "\u007f", "\u0085",
                        "\u2028", "\u202e"), tricky(8)).as((a, c, b) -> "x" + a + c + b + "x"));
        return Arbitraries.oneOf(
                bad.map(b -> "git:" + b),
                bad.filter(b -> !b.contains("#")).map(b -> "git:https://user:" + SECRET + "@host/r.git#" + b),
                bad.map(b -> "git:https://user:" + SECRET + "@host/" + b + "#main")
                        .filter(s -> s.substring(4).chars().anyMatch(Character::isISOControl)),
                bad.map(b -> "channel:" + b));
    }

    @Property(tries = 2000)
    void refusedValuesAreNamedWithTheirCredentialMasked(@ForAll("refusedGitSpecs") String spec) {
        String s = spec.strip();
        if (s.endsWith("#") || s.equals("git:") || s.equals("channel:")) {
            return; // blank after stripping: not a refused value but an empty one
        }
        StrataException e = assertThrows(StrataException.class, () -> PackageSource.parse(spec), "refused: " + spec);
        String kind = s.substring(0, s.indexOf(':') + 1);
        String rest = s.substring(kind.length());
        int hash = kind.equals("git:") ? rest.lastIndexOf('#') : -1;
        List<String> candidates = hash < 0 ? List.of(rest) : List.of(rest.substring(0, hash), rest.substring(hash + 1));
        if (candidates.get(0).isBlank()) {
            assertTrue(e.getMessage().contains("empty"), e.getMessage());
            return;
        }
        assertTrue(candidates.stream().anyMatch(v -> e.getMessage().contains("'" + Redaction.value(v) + "'")),
                "the message names the value: " + e.getMessage() + " for " + candidates);
        assertFalse(e.getMessage().contains(SECRET), "the credential is masked: " + e.getMessage());
        assertTrue(e.getMessage().codePoints().noneMatch(Redaction::unprintable), "one printable line: " + e.getMessage());
    }

    /** Text around URLs with secrets in their user-info: masked wherever they sit, and masking is stable. */
    @Property(tries = 3000)
    void redactionMasksEveryUserInfo(@ForAll("textWithUrls") String text) {
        String masked = Redaction.text(text);
        assertFalse(masked.contains(SECRET), masked);
        assertEquals(masked, Redaction.text(masked), "masking twice changes nothing");
    }

    @Provide
    Arbitrary<String> textWithUrls() {
        Arbitrary<String> secretInfo = Arbitraries.of(SECRET, "u:" + SECRET, "u:p@" + SECRET, "u:" + SECRET + "'x",
                "u:" + SECRET + "?#", SECRET + ":");
        Arbitrary<String> url = Combinators.combine(Arbitraries.of("http", "https", "git+ssh", "ssh", "s3"), secretInfo,
                Arbitraries.of("host", "127.0.0.1:1", "[::1]:8080", "h"), Arbitraries.of("", "/r.git", "/a/b?c=d", "/"))
                .as((scheme, info, host, path) -> scheme + "://" + info + "@" + host + path);
        Arbitrary<String> around = Arbitraries.strings().withChars(" '\"‘’()<>\n\tab:@/").ofMaxLength(6);
        return Combinators.combine(around, url, around, url, around)
                .as((a, u1, b, u2, c) -> a + u1 + b + u2 + c);
    }

    @Provide
    Arbitrary<Map<String, String>> listings() {
        Arbitrary<String> commit = Arbitraries.strings().withChars("0123456789abcdef").ofLength(40);
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of("HEAD", "HEAD->"),
                Arbitraries.strings().withChars("ab1/.-^{}").ofMinLength(1).ofMaxLength(10)
                        .map(n -> (n.hashCode() % 2 == 0 ? "refs/heads/" : "refs/tags/") + n));
        return Arbitraries.maps(name, commit).ofMaxSize(8);
    }

    /** Resolving any name against any listing: a ref Nix can fetch, or one sentence naming the name. */
    @Property(tries = 2000)
    void refResolutionGivesAFetchableRefOrNamesTheName(@ForAll("listings") Map<String, String> refs,
                                                      @ForAll("refNames") String name) {
        try {
            GitRef r = GitRefResolver.resolve("/repo", Optional.of(name), refs);
            assertTrue(r.kind() == GitRef.Kind.COMMIT ? r.fullRef().isEmpty() : r.fullRef().startsWith("refs/"),
                    r.fullRef());
            assertTrue(r.kind() == GitRef.Kind.COMMIT || refs.containsValue(r.commit()), "a listed commit");
        } catch (StrataException e) {
            assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> refNames() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("ab1/.-^{}").ofMinLength(1).ofMaxLength(10),
                Arbitraries.strings().withChars("ab1/.-^{}").ofMinLength(1).ofMaxLength(10).map(n -> "refs/heads/" + n),
                Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(4).ofMaxLength(40));
    }

    /**
     * Names checked by real {@code git check-ref-format} (fewer tries: a process each): anything
     * starting with '-' never reaches git, and every refusal is a StrataException naming the name.
     */
    @Property(tries = 200)
    void gitChecksEveryRefNameAndNothingBecomesAnOption(@ForAll("refNames") String name) {
        GitRefResolver resolver = new GitRefResolver();
        try {
            resolver.checkRefFormat(name);
            assertFalse(name.startsWith("-"));
        } catch (StrataException e) {
            assertTrue(e.getMessage().contains("'" + Redaction.value(name) + "'"), e.getMessage());
        }
    }
}
