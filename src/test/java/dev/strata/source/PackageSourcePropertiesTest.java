package dev.strata.source;

import static dev.strata.testing.Gens.concat;
import static dev.strata.testing.Gens.from;
import static dev.strata.testing.Gens.listOf;
import static dev.strata.testing.Gens.mapOf;
import static dev.strata.testing.Gens.oneOf;
import static dev.strata.testing.Gens.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.strata.Redaction;
import dev.strata.StrataException;
import dev.strata.testing.Gens;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Generated {@code --source} strings and git refs, a few thousand of each: the parser never fails
 * with anything but a {@link StrataException}, valid sources read back to themselves, refused
 * values are named in the message (credentials masked), and no credential is ever displayed.
 */
class PackageSourcePropertiesTest {
    static final String SECRET = "Sekr1t";
    static final String HEX = "0123456789abcdef";

    /** Characters that make parsing interesting: separators, option dashes, controls, non-ASCII. */
    static Gen<String> tricky(int maxLength) {
        return oneOf(Gens.any(maxLength),
                from("-#@:/.\\ \t\n\r\u0000\u007f\u0085\u2028~^{}[]?*'\"ab01", 0, maxLength),
                from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._/", 0, maxLength));
    }

    static Gen<String> specs() {
        Gen<String> prefix = pick("", "demo", "nixpkgs", "git:", "channel:", "path:", "git:-", "git:http://",
                "git:https://u:p@h/r.git#", "channel:https://", "git:/srv/r#", "git:/srv/r#-", "GIT:", " git:",
                "flake:", "flake:./", "flake:path:", "flake:git+https://u:p@h/r?rev=", "flake:-");
        return concat(prefix, tricky(30));
    }

    @Test
    void parsingNeverFailsWithAnythingButAStrataException() {
        qt().withExamples(4000).forAll(specs()).checkAssert(spec -> {
            try {
                PackageSource s = PackageSource.parse(spec);
                assertEquals(s, PackageSource.parse(s.spec()), "what parses reads back: " + s.spec());
            } catch (StrataException e) {
                assertFalse(e.getMessage().isBlank());
                assertTrue(e.getMessage().codePoints().noneMatch(Redaction::unprintable), "one line: " + e.getMessage());
            }
        });
    }

    static Gen<String> word() {
        return from("abcdefghijklmnopqrstuvwxyz0123456789-_.", 1, 12)
                .assuming(w -> !w.startsWith("-") && !w.startsWith("."));
    }

    static Gen<String> secretUrl() {
        Gen<String> userInfo = pick("", "user@", "user:" + SECRET + "@", SECRET + "@",
                "u:p%40ss" + SECRET + "@", "u:" + SECRET + "@x@");
        Gen<String> scheme = pick("https://", "http://", "ssh://", "git+ssh://", "file://");
        return scheme.zip(userInfo, word(), listOf(word(), 0, 3),
                (s, user, host, path) -> s + user + host + "/" + String.join("/", path) + ".git");
    }

    static Gen<PackageSource> validSources() {
        Gen<String> localPath = listOf(word(), 1, 4).map(p -> "/" + String.join("/", p));
        Gen<Optional<String>> ref = oneOf(pick(Optional.<String>empty()),
                word().map(Optional::of),
                word().map(w -> Optional.of("refs/heads/" + w)),
                word().map(w -> Optional.of("refs/tags/" + w)),
                from(HEX, 40, 40).map(Optional::of));
        Gen<PackageSource> git = oneOf(secretUrl(), localPath).zip(ref, PackageSource.Git::new);
        Gen<PackageSource> channel = oneOf(word().assuming(w -> Character.isLetterOrDigit(w.charAt(0))),
                secretUrl().map(u -> u.replace(".git", ".tar.xz"))).map(PackageSource.Channel::new);
        Gen<PackageSource> flake = oneOf(secretUrl().map(u -> "git+" + u), localPath, localPath.map(p -> "path:" + p),
                word().map(w -> "github:" + w + "/" + w)).map(PackageSource.Flake::new);
        return oneOf(git, channel, flake, pick(new PackageSource.Demo(), new PackageSource.Nixpkgs()));
    }

    @Test
    void validSourcesReadBackToThemselvesAndNeverShowACredential() {
        qt().withExamples(3000).forAll(validSources()).checkAssert(source -> {
            assertEquals(source, PackageSource.parse(source.spec()));
            for (String shown : List.of(source.display(), source.describe(), source.toString())) {
                assertFalse(shown.contains(SECRET), "a credential is shown: " + shown);
            }
            assertTrue(source.cacheKey().map(k -> !k.contains(SECRET)).orElse(true), "cache keys hold no credential");
        });
    }

    static Gen<String> refusedGitSpecs() {
        // Built so that every value is refused by construction (QuickTheories gives up on filters that reject much).
        Gen<String> dash = tricky(12).map(t -> "-" + t);
        Gen<String> isoControl = tricky(8).zip(pick("\n", "\t", "\u0000", "\u001b", "\u007f"), tricky(8),
                (a, c, b) -> "x" + a + c + b + "x");
        Gen<String> anyControl = tricky(8).zip(pick("\u0085", "\u2028", "\u202e"), tricky(8),
                (a, c, b) -> "x" + a + c + b + "x");
        Gen<String> bad = oneOf(dash, isoControl, anyControl);
        return oneOf(bad.map(b -> "git:" + b),
                bad.map(b -> "git:https://user:" + SECRET + "@host/r.git#" + b.replace("#", "")),
                isoControl.map(b -> "git:https://user:" + SECRET + "@host/" + b + "#main"),
                bad.map(b -> "channel:" + b));
    }

    @Test
    void refusedValuesAreNamedWithTheirCredentialMasked() {
        qt().withExamples(2000).forAll(refusedGitSpecs()).checkAssert(spec -> {
            String s = spec.strip();
            if (s.endsWith("#") || s.equals("git:") || s.equals("channel:")) {
                return; // blank after stripping: not a refused value but an empty one
            }
            StrataException e = assertThrows(StrataException.class, () -> PackageSource.parse(spec), "refused: " + spec);
            String kind = s.substring(0, s.indexOf(':') + 1);
            String rest = spaced(s.substring(kind.length())); // spaces around the location are spacing
            int hash = kind.equals("git:") ? rest.lastIndexOf('#') : -1;
            List<String> candidates = hash < 0 ? List.of(rest)
                    : List.of(spaced(rest.substring(0, hash)), rest.substring(hash + 1));
            if (candidates.get(0).isBlank()) {
                assertTrue(e.getMessage().contains("empty"), e.getMessage());
                return;
            }
            assertTrue(candidates.stream().anyMatch(v -> e.getMessage().contains("'" + Redaction.value(v) + "'")),
                    "the message names the value: " + e.getMessage() + " for " + candidates);
            assertFalse(e.getMessage().contains(SECRET), "the credential is masked: " + e.getMessage());
            assertTrue(e.getMessage().codePoints().noneMatch(Redaction::unprintable), "one printable line: " + e.getMessage());
        });
    }

    static String spaced(String location) {
        return location.replaceAll("\\A +| +\\z", "");
    }

    static Gen<String> textWithUrls() {
        Gen<String> secretInfo = pick(SECRET, "u:" + SECRET, "u:p@" + SECRET, "u:" + SECRET + "'x", "u:" + SECRET + "?#",
                SECRET + ":");
        Gen<String> url = pick("http", "https", "git+ssh", "ssh", "s3").zip(secretInfo,
                pick("host", "127.0.0.1:1", "[::1]:8080", "h"), pick("", "/r.git", "/a/b?c=d", "/"),
                (scheme, info, host, path) -> scheme + "://" + info + "@" + host + path);
        Gen<String> around = from(" '\"‘’()<>\n\tab:@/", 0, 6);
        return concat(around, url, around, url, around);
    }

    /** Text around URLs with secrets in their user-info: masked wherever they sit, and masking is stable. */
    @Test
    void redactionMasksEveryUserInfo() {
        qt().withExamples(3000).forAll(textWithUrls()).checkAssert(text -> {
            String masked = Redaction.text(text);
            assertFalse(masked.contains(SECRET), masked);
            assertEquals(masked, Redaction.text(masked), "masking twice changes nothing");
        });
    }

    static Gen<Map<String, String>> listings() {
        Gen<String> name = oneOf(pick("HEAD", "HEAD->"),
                from("ab1/.-^{}", 1, 10).map(n -> (n.hashCode() % 2 == 0 ? "refs/heads/" : "refs/tags/") + n));
        return mapOf(name, from(HEX, 40, 40), 8);
    }

    static Gen<String> refNames() {
        return oneOf(from("ab1/.-^{}", 1, 10), from("ab1/.-^{}", 1, 10).map(n -> "refs/heads/" + n), from(HEX, 4, 40));
    }

    /** Resolving any name against any listing: a ref Nix can fetch, or one sentence naming the name. */
    @Test
    void refResolutionGivesAFetchableRefOrNamesTheName() {
        qt().withExamples(2000).forAll(listings(), refNames()).checkAssert((refs, name) -> {
            try {
                GitRef r = GitRefResolver.resolve("/repo", Optional.of(name), refs);
                assertTrue(r.kind() == GitRef.Kind.COMMIT ? r.fullRef().isEmpty() : r.fullRef().startsWith("refs/"),
                        r.fullRef());
                assertTrue(r.kind() == GitRef.Kind.COMMIT || refs.containsValue(r.commit()), "a listed commit");
            } catch (StrataException e) {
                assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
            }
        });
    }

    /**
     * Names checked by real {@code git check-ref-format} (fewer tries: a process each): anything
     * starting with '-' never reaches git, and every refusal is a StrataException naming the name.
     */
    @Test
    void gitChecksEveryRefNameAndNothingBecomesAnOption() {
        GitRefResolver resolver = new GitRefResolver();
        qt().withExamples(200).forAll(refNames()).checkAssert(name -> {
            try {
                resolver.checkRefFormat(name);
                assertFalse(name.startsWith("-"));
            } catch (StrataException e) {
                assertTrue(e.getMessage().contains("'" + Redaction.value(name) + "'"), e.getMessage());
            }
        });
    }
}
