package dev.strata.layering;

import static dev.strata.testing.Gens.listOf;
import static dev.strata.testing.Gens.mapOf;
import static dev.strata.testing.Gens.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.strata.StrataException;
import dev.strata.testing.Gens;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Popularity data (Nixery's format, {@code --popularity FILE|URL}) as anyone may write it: any text
 * reads as popularity or ends in one sentence naming where it came from; data Strata writes reads
 * back equal, whatever the names hold (quotes, backslashes, any Unicode).
 */
class PopularityJsonPropertiesTest {
    static final String ORIGIN = "the popularity file p.json";

    @Test
    void whatStrataWritesReadsBackEqual() {
        qt().withExamples(500).forAll(mapOf(Gens.text(20).map(s -> "n" + s), // never a path
                longs().between(0, Long.MAX_VALUE), 20)).checkAssert(counts -> {
                    Popularity p = Popularity.of(counts);
                    assertEquals(p, Popularity.parse(p.toJson(), ORIGIN));
                });
    }

    @Test
    void anyTextIsPopularityOrOneSentence() {
        qt().withExamples(3000).forAll(listOf(pick("{", "}", "[", "]", ",", ":", "\"a\"", "\"glibc-2.37\"",
                "\"/nix/store/x-a\"", "\"\"", "1", "-3", "1.5", "1e3", "99999999999999999999", "null", "true", "\"many\"",
                " ", "\\u0000", "\"\\\""), 0, 30).map(l -> String.join("", l))).checkAssert(text -> {
                    try {
                        for (Map.Entry<String, Long> e : Popularity.parse(text, ORIGIN).asMap().entrySet()) {
                            assertTrue(e.getValue() >= 0 && !e.getKey().isEmpty() && !e.getKey().startsWith("/"),
                                    e.toString());
                        }
                    } catch (StrataException e) {
                        assertTrue(e.getMessage().startsWith(ORIGIN + " is not popularity data: "), e.getMessage());
                        assertTrue(e.getMessage().indexOf('\n') < 0, e.getMessage());
                    }
                });
    }
}
