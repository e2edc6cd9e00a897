package dev.strata.output.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import org.junit.jupiter.api.Test;

class RegistryReferenceTest {
    @Test
    void localRegistryWithPortAndNestedRepository() {
        RegistryReference r = RegistryReference.parse("127.0.0.1:5000/tools/hello:1.2");

        assertEquals("127.0.0.1:5000", r.registry());
        assertEquals("tools/hello", r.repository());
        assertEquals("1.2", r.tag());
        assertEquals("127.0.0.1:5000/tools/hello:1.2", r.toString());
    }

    @Test
    void shortNamesMeanDockerHubAndLatest() {
        RegistryReference r = RegistryReference.parse("busybox");

        assertEquals("registry-1.docker.io", r.registry());
        assertEquals("library/busybox", r.repository());
        assertEquals("latest", r.tag());
    }

    @Test
    void digestsAndUpperCaseAreRefusedWithAHint() {
        StrataException digest = assertThrows(StrataException.class,
                () -> RegistryReference.parse("ghcr.io/a/b@sha256:" + "0".repeat(64)));
        assertTrue(digest.getMessage().contains("ghcr.io/a/b:latest"), digest.getMessage());
        assertThrows(StrataException.class, () -> RegistryReference.parse("ghcr.io/A/b:1"));
        assertThrows(StrataException.class, () -> RegistryReference.parse("not a reference"));
    }

    @Test
    void badExtraTagIsRefused() {
        StrataException e = assertThrows(StrataException.class,
                () -> RegistryReference.parse("127.0.0.1:5000/a:1").withTag("-bad"));

        assertTrue(e.getMessage().contains("'-bad' is not a valid tag"), e.getMessage());
    }
}
