package dev.strata.output.registry;

import static dev.strata.testing.Gens.from;
import static dev.strata.testing.Gens.listOf;
import static dev.strata.testing.Gens.mapOf;
import static dev.strata.testing.Gens.oneOf;
import static dev.strata.testing.Gens.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.strata.testing.Gens;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code WWW-Authenticate}, which any registry (or anything pretending to be one) sends: any header
 * value parses without an exception; a challenge written by RFC 7235's rules, with quoted values
 * holding commas, quotes, backslashes and spaces, parses to exactly its scheme and parameters.
 */
class WwwAuthenticatePropertiesTest {
    static String header(String scheme, Map<String, String> params) {
        StringBuilder b = new StringBuilder(scheme);
        String sep = " ";
        for (Map.Entry<String, String> e : params.entrySet()) {
            b.append(sep).append(e.getKey()).append("=\"")
                    .append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            sep = ", ";
        }
        return b.toString();
    }

    @Test
    void aWellFormedChallengeParsesToItsParts() {
        StringBuilder printable = new StringBuilder();
        for (char c = ' '; c <= '~'; c++) {
            printable.append(c);
        }
        qt().withExamples(3000).forAll(pick("Bearer", "Basic", "bearer", "BASIC", "Negotiate"),
                mapOf(from("abcdefghijklmnopqrstuvwxyz", 1, 8), from(printable.toString(), 0, 30).map(String::strip), 5))
                .checkAssert((scheme, params) -> {
                    WwwAuthenticate w = WwwAuthenticate.parse(header(scheme, params)).orElseThrow();
                    assertEquals(scheme.toLowerCase(Locale.ROOT), w.scheme());
                    assertEquals(params, w.params());
                });
    }

    @Test
    void anyHeaderParsesWithoutAnException() {
        qt().withExamples(3000).forAll(oneOf(listOf(pick("Bearer", "Basic", " ", ",", "=", "\"", "\\", "realm", "scope",
                "https://a/token", "repository:a/b:pull,push", "\t", "\u0000", "\u00e9", "==", "token68abc"), 0, 30)
                .map(l -> String.join("", l)), Gens.any(200))).checkAssert(h -> {
                    WwwAuthenticate.parse(h).ifPresent(w -> w.param("realm"));
                    WwwAuthenticate.first(List.of(h, h));
                });
    }
}
