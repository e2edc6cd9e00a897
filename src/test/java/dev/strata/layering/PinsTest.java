package dev.strata.layering;

import static dev.strata.layering.Fixture.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.StrataException;
import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PinsTest {
    static Closure closure() {
        return new Fixture()
                .add("hello-2.12", 10, "glibc-2.37-8")
                .add("hello-2.12-man", 10)
                .add("glibc-2.37-8", 10)
                .roots("hello-2.12", "hello-2.12-man")
                .closure();
    }

    static final Map<String, List<StorePath>> PACKAGES = Map.of("hello",
            List.of(path("hello-2.12"), path("hello-2.12-man")));

    @Test
    void aRequestedPackagePinsAllItsOutputs() {
        assertEquals(List.of(new Pin("hello", List.of(path("hello-2.12"), path("hello-2.12-man")))),
                Pins.resolve(List.of("hello"), closure(), PACKAGES));
    }

    @Test
    void aStorePathOrItsNameWithoutHashPinsThatPath() {
        assertEquals(List.of(path("glibc-2.37-8")),
                Pins.resolve(List.of(path("glibc-2.37-8").path()), closure(), PACKAGES).get(0).paths());
        assertEquals(List.of(path("glibc-2.37-8")),
                Pins.resolve(List.of("glibc-2.37-8"), closure(), PACKAGES).get(0).paths());
        assertEquals(List.of(path("glibc-2.37-8")),
                Pins.resolve(List.of(path("glibc-2.37-8").baseName()), closure(), Map.of()).get(0).paths());
    }

    @Test
    void theSamePinTwiceCountsOnce() {
        assertEquals(1, Pins.resolve(List.of("hello", " hello "), closure(), PACKAGES).size());
    }

    @Test
    void anUnknownPinNamesTheClosestMatches() {
        StrataException e = assertThrows(StrataException.class,
                () -> Pins.resolve(List.of("glibc-2.37"), closure(), PACKAGES));
        assertEquals("--pin 'glibc-2.37' matches no requested package and no store path of this image (did you mean "
                + "glibc-2.37-8?); pin a requested package, a store path or a store path name such as hello-2.12",
                e.getMessage());
        StrataException p = assertThrows(StrataException.class,
                () -> Pins.resolve(List.of(path("glibc-2.38").path()), closure(), PACKAGES));
        assertEquals("--pin " + path("glibc-2.38") + " is not in this image's closure (did you mean glibc-2.37-8?); "
                + "pin one of its store paths", p.getMessage());
        StrataException bad = assertThrows(StrataException.class,
                () -> Pins.resolve(List.of("/tmp/x"), closure(), PACKAGES));
        assertEquals("--pin /tmp/x is not a store path; write /nix/store/HASH-NAME, a store path name such as "
                + "hello-2.12, or a requested package", bad.getMessage());
    }
}
