package dev.strata.layering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.StrataException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategiesTest {
    @Test
    void namesAndDefault() {
        assertEquals(List.of("strata", "nixery", "popularity", "size"), Strategies.names());
        assertEquals("strata", Strategies.byName(null).name());
        assertEquals("strata", Strategies.byName(" ").name());
        assertEquals("nixery", Strategies.byName("Nixery").name());
    }

    @Test
    void anUnknownNameListsTheValidOnes() {
        StrataException e = assertThrows(StrataException.class, () -> Strategies.byName("dominators"));
        assertEquals("unknown layering strategy 'dominators'; choose one of strata, nixery, popularity, size "
                + "(default strata)", e.getMessage());
    }
}
