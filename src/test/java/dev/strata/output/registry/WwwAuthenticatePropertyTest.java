package dev.strata.output.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code WWW-Authenticate}, which any registry (or anything pretending to be one) sends: any header
 * value parses without an exception; a challenge written by RFC 7235's rules, with quoted values
 * holding commas, quotes, backslashes and spaces, parses to exactly its scheme and parameters.
 */
class WwwAuthenticatePropertyTest {
    record Challenge(String scheme, Map<String, String> params) {
        String header() {
            StringBuilder b = new StringBuilder(scheme);
            String sep = " ";
            for (Map.Entry<String, String> e : params.entrySet()) {
                b.append(sep).append(e.getKey()).append("=\"")
                        .append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                sep = ", ";
            }
            return b.toString();
        }
    }

    @Provide
    Arbitrary<Challenge> challenges() {
        Arbitrary<String> scheme = Arbitraries.of("Bearer", "Basic", "bearer", "BASIC", "Negotiate");
        Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30)
                .map(String::strip);
        return Combinators.combine(scheme, Arbitraries.maps(name, value).ofMaxSize(5))
                .as((s, p) -> new Challenge(s, new LinkedHashMap<>(p)));
    }

    @Property(tries = 3000)
    void aWellFormedChallengeParsesToItsParts(@ForAll("challenges") Challenge c) {
        WwwAuthenticate w = WwwAuthenticate.parse(c.header()).orElseThrow();
        assertEquals(c.scheme().toLowerCase(Locale.ROOT), w.scheme());
        assertEquals(c.params(), w.params());
    }

    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> pieces = Arbitraries.of("Bearer", "Basic", " ", ",", "=", "\"", "\\", "realm", "scope",
                "https://a/token", "repository:a/b:pull,push", "\t", "\u0000", "é", "==", "token68abc");
        return Arbitraries.oneOf(pieces.list().ofMaxSize(30).map(l -> String.join("", l)),
                Arbitraries.strings().ofMaxLength(200));
    }

    @Property(tries = 3000)
    void anyHeaderParsesWithoutAnException(@ForAll("headers") String header) {
        Optional<WwwAuthenticate> w = WwwAuthenticate.parse(header);
        w.ifPresent(c -> assertNotNull(c.scheme()));
        WwwAuthenticate.first(List.of(header, header));
    }
}
