package dev.strata.layering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Popularity data (Nixery's format, {@code --popularity FILE|URL}) as anyone may write it: any
 * text reads as popularity or ends in one sentence naming where it came from; data Strata writes
 * reads back equal, whatever the names hold (quotes, backslashes, any Unicode).
 */
class PopularityJsonPropertyTest {
    static final String ORIGIN = "the popularity file p.json";

    @Provide
    Arbitrary<Map<String, Long>> counts() {
        Arbitrary<String> name = Arbitraries.strings().ofMinLength(1).ofMaxLength(20)
                .filter(s -> !s.startsWith("/"));
        return Arbitraries.maps(name, Arbitraries.longs().between(0, Long.MAX_VALUE)).ofMaxSize(20);
    }

    @Property(tries = 1000)
    void whatStrataWritesReadsBackEqual(@ForAll("counts") Map<String, Long> counts) {
        Popularity p = Popularity.of(counts);
        assertEquals(p, Popularity.parse(p.toJson(), ORIGIN));
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.of("{", "}", "[", "]", ",", ":", "\"a\"", "\"glibc-2.37\"", "\"/nix/store/x-a\"", "\"\"",
                "1", "-3", "1.5", "1e3", "99999999999999999999", "null", "true", "\"many\"", " ", "\\u0000", "\"\\\"")
                .list().ofMaxSize(30).map(l -> String.join("", l));
    }

    @Property(tries = 3000)
    void anyTextIsPopularityOrOneSentence(@ForAll("jsonish") String text) {
        try {
            Popularity p = Popularity.parse(text, ORIGIN);
            for (Map.Entry<String, Long> e : p.asMap().entrySet()) {
                assertTrue(e.getValue() >= 0 && !e.getKey().isEmpty() && !e.getKey().startsWith("/"), e.toString());
            }
        } catch (StrataException e) {
            assertTrue(e.getMessage().startsWith(ORIGIN + " is not popularity data: "), e.getMessage());
            assertTrue(e.getMessage().indexOf('\n') < 0, e.getMessage());
        }
    }
}
