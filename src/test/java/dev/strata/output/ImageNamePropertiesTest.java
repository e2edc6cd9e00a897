package dev.strata.output;

import static dev.strata.testing.Gens.from;
import static dev.strata.testing.Gens.listOf;
import static dev.strata.testing.Gens.oneOf;
import static dev.strata.testing.Gens.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.strata.StrataException;
import dev.strata.output.registry.RegistryReference;
import dev.strata.testing.Gens;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Image references as users and anonymous registry clients type them ({@code -t NAME:TAG},
 * {@code push ... REGISTRY/REPO:TAG}): any text is a reference or one sentence quoting it (never an
 * internal error, never a hang on a long hostile string); a reference the grammar makes parses to
 * its parts and prints back the same, ports included.
 */
class ImageNamePropertiesTest {
    static final String ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** A reference as the grammar builds it: host[:port], path components, a tag. */
    record Ref(String host, int port, String path, String tag) {
        String registry() {
            return host + (port > 0 ? ":" + port : "");
        }

        String text() {
            return registry() + "/" + path + ":" + tag;
        }
    }

    static Gen<Ref> references() {
        Gen<String> alnum = from(ALNUM, 1, 6);
        Gen<String> component = oneOf(alnum, alnum.zip(pick(".", "_", "__", "-", "--"), alnum,
                (a, sep, b) -> a + sep + b));
        Gen<String> path = listOf(component, 1, 3).map(l -> String.join("/", l));
        Gen<String> host = alnum.zip(pick("example", "test", "corp"), (a, b) -> a + "." + b);
        Gen<String> tag = from(ALNUM + "ABCXYZ_.-", 1, 20).assuming(t -> t.charAt(0) != '.' && t.charAt(0) != '-');
        return host.zip(oneOf(pick(0), integers().between(1, 65535)), path, tag, Ref::new);
    }

    @Test
    void aGrammaticalReferenceParsesToItsPartsAndBack() {
        qt().withExamples(1000).forAll(references()).checkAssert(r -> {
            ImageName n = ImageName.parse(r.text());
            assertEquals(r.registry() + "/" + r.path(), n.repository());
            assertEquals(r.tag(), n.tag());
            assertEquals(r.text(), n.toString());
            RegistryReference ref = RegistryReference.parse(r.text());
            assertEquals(r.registry(), ref.registry());
            assertEquals(r.path(), ref.repository());
            assertEquals(r.tag(), ref.tag());
            assertEquals(ref, RegistryReference.parse(ref.toString()));
        });
    }

    static Gen<String> hostile() {
        Gen<String> pieces = pick("a", "z9", "/", ":", "@", ".", "-", "_", "__", "--", "sha256:", "0".repeat(64),
                "localhost", "127.0.0.1", ":99999", ":0", ":65536", ":5000", "[::1]", "UPPER", " ", "\u0000", "\n",
                "\u00e9", "a".repeat(130), "-".repeat(40) + "!");
        return oneOf(listOf(pieces, 0, 30).map(l -> String.join("", l)), Gens.any(300));
    }

    @Test
    void anyTextIsAReferenceOrOneSentenceQuotingIt() {
        qt().withExamples(3000).forAll(hostile()).checkAssert(text -> {
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
        });
    }
}
