package dev.strata.input;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    @Test
    void aReferenceWithCredentialsIsRefusedSayingSoWithoutTheSecret() {
        for (String text : List.of("docker://bob:S3CRET@127.0.0.1:5000/base:1", "bob:S3CRET@registry.example/team/base:1")) {
            StrataException e = assertThrows(StrataException.class, () -> ImageReference.parse(text));
            assertTrue(e.getMessage().contains("holds credentials") && e.getMessage().contains("--creds"), e.getMessage());
            assertFalse(e.getMessage().contains("S3CRET"), e.getMessage());
        }
    }

    @Test
    void aDigestReferenceIsNotMistakenForCredentials() {
        String digest = "sha256:" + "a".repeat(64);
        ImageReference.parse("docker://127.0.0.1:5000/team/base@" + digest);
        ImageReference.parse("registry.example/base@" + digest);
    }
}
