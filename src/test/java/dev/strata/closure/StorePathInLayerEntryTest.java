package dev.strata.closure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link StorePath#ofLayerEntry}: the one rule inspect, sbom and --previous use to find store paths in a layer. */
class StorePathInLayerEntryTest {
    static final String HELLO = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello-2.12";

    private static Optional<StorePath> of(String name) {
        return StorePath.ofLayerEntry(name);
    }

    @Test
    void theStorePathDirectoryAndEverythingBelowItBelongToIt() {
        Optional<StorePath> hello = Optional.of(StorePath.of(HELLO));
        assertEquals(hello, of("nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello-2.12"));
        assertEquals(hello, of("nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello-2.12/"));
        assertEquals(hello, of("nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello-2.12/bin/hello"));
    }

    @Test
    void leadingSlashesDotsAndDoubleSlashesReadAsARuntimeExtractsThem() {
        Optional<StorePath> hello = Optional.of(StorePath.of(HELLO));
        assertEquals(hello, of("/nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello-2.12/bin"));
        assertEquals(hello, of("./nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello-2.12"));
        assertEquals(hello, of(".//nix//store/./0123456789abcdfghijklmnpqrsvwxyz-hello-2.12"));
    }

    @Test
    void dotDotTakesBackOnePartAndNeverClimbsAboveTheRoot() {
        Optional<StorePath> hello = Optional.of(StorePath.of(HELLO));
        // inspect and --previous disagreed on these before they shared this rule
        assertEquals(hello, of("etc/../nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello-2.12/bin"));
        assertEquals(hello, of("../../nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello-2.12"));
        assertEquals(Optional.empty(), of("nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello-2.12/.."));
        assertEquals(Optional.empty(), of("nix/store/../0123456789abcdfghijklmnpqrsvwxyz-hello-2.12"));
    }

    @Test
    void otherNamesUnderTheStoreAndOutsideItAreNoStorePath() {
        assertEquals(Optional.empty(), of("nix/store"));
        assertEquals(Optional.empty(), of("nix/store/"));
        assertEquals(Optional.empty(), of("nix/store/.wh.0123456789abcdfghijklmnpqrsvwxyz-hello-2.12"));
        assertEquals(Optional.empty(), of("nix/store/.links/abc"));
        assertEquals(Optional.empty(), of("nix/store/not-a-store-path"));
        assertEquals(Optional.empty(), of("nix/store/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee-hello")); // e is not Nix base32
        assertEquals(Optional.empty(), of("bin/hello"));
        assertEquals(Optional.empty(), of("opt/nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello-2.12"));
        assertEquals(Optional.empty(), of(""));
    }
}
