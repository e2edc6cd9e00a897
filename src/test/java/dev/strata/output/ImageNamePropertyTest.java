package dev.strata.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import dev.strata.output.registry.RegistryReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Image references as users and anonymous registry clients type them ({@code -t NAME:TAG},
 * {@code push ... REGISTRY/REPO:TAG}): any text is a reference or one sentence quoting it (never an
 * internal error, never a hang on a long hostile string); a reference made by the grammar parses to
 * its parts and prints back the same.
 */
class ImageNamePropertyTest {
    /** A reference as the grammar builds it: optional host[:port], path components, a tag. */
    record Ref(String host, int port, String path, String tag) {
        String registry() {
            return host + (port > 0 ? ":" + port : "");
        }

        String text() {
            return registry() + "/" + path + ":" + tag;
        }
    }

    @Provide
    Arbitrary<Ref> references() {
        Arbitrary<String> alnum = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> component = Combinators.combine(alnum, Arbitraries.of(".", "_", "__", "-", "--"), alnum)
                .as((a, sep, b) -> a + sep + b).injectDuplicates(0.1);
        Arbitrary<String> path = Arbitraries.oneOf(alnum, component).list().ofMinSize(1).ofMaxSize(3)
                .map(l -> String.join("/", l));
        Arbitrary<String> host = Combinators.combine(alnum, Arbitraries.of("example", "test", "corp"))
                .as((a, b) -> a + "." + b);
        Arbitrary<String> tag = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars("_.-").ofMinLength(1).ofMaxLength(20)
                .filter(t -> t.charAt(0) != '.' && t.charAt(0) != '-');
        return Combinators.combine(host, Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(1, 65535)),
                path, tag).as(Ref::new);
    }

    @Property(tries = 1000)
    void aGrammaticalNameParsesToItsPartsAndBack(@ForAll("references") Ref r) {
        ImageName n = ImageName.parse(r.text());
        assertEquals(r.registry() + "/" + r.path(), n.repository());
        assertEquals(r.tag(), n.tag());
        assertEquals(r.text(), n.toString());
        assertEquals(n, ImageName.parse(n.toString()));

        RegistryReference ref = RegistryReference.parse(r.text());
        assertEquals(r.registry(), ref.registry());
        assertEquals(r.path(), ref.repository());
        assertEquals(r.tag(), ref.tag());
        assertEquals(ref, RegistryReference.parse(ref.toString()));
    }

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> pieces = Arbitraries.of("a", "z9", "/", ":", "@", ".", "-", "_", "__", "--", "sha256:",
                "0".repeat(64), "localhost", "127.0.0.1", ":99999", ":0", ":65536", ":5000", "[::1]", "UPPER", " ",
                "\u0000", "\n", "é", "a".repeat(130), "-".repeat(40) + "!");
        return Arbitraries.oneOf(pieces.list().ofMaxSize(30).map(l -> String.join("", l)),
                Arbitraries.strings().ofMaxLength(300));
    }

    @Property(tries = 3000)
    void anyTextIsANameOrOneSentenceQuotingIt(@ForAll("hostile") String text) {
        try {
            ImageName n = ImageName.parse(text);
            assertEquals(n, ImageName.parse(n.toString()));
        } catch (StrataException e) {
            assertTrue(e.getMessage().contains(text) || text.isBlank(), e.getMessage());
        }
        try {
            RegistryReference r = RegistryReference.parse(text);
            assertEquals(r, RegistryReference.parse(r.toString()));
            int colon = r.registry().lastIndexOf(':');
            if (colon > r.registry().lastIndexOf(']')) {
                int port = Integer.parseInt(r.registry().substring(colon + 1));
                assertTrue(port >= 1 && port <= 65535, r.toString());
            }
        } catch (StrataException e) {
            assertTrue(e.getMessage().contains(text) || e.getMessage().startsWith("'"), e.getMessage());
        }
    }
}
