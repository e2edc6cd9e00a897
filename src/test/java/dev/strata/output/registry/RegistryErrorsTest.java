package dev.strata.output.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistryErrorsTest {
    private static final RegistryReference REF = RegistryReference.parse("reg.example/team/app:1");
    private static final RegistryCredential ALICE = CredentialResolver.parseCreds("alice:pw", "--creds");

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void forbiddenNamesTheUserAndTheRepository() {
        RegistryException e = RegistryErrors.forStatus(403, json("{\"errors\":[{\"code\":\"DENIED\",\"message\":"
                + "\"requested access to the resource is denied\"}]}"), "uploading blob x", REF, ALICE);

        assertEquals("User 'alice' from --creds may not push to reg.example/team/app (the registry said: DENIED: "
                + "requested access to the resource is denied); ask the registry's administrator for push access, "
                + "or push to a repository you own", e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void serverErrorsAreRetryableClientErrorsAreNot() {
        assertTrue(RegistryErrors.forStatus(502, new byte[0], "s", REF, ALICE).retryable());
        assertTrue(RegistryErrors.forStatus(503, json("busy"), "s", REF, ALICE).retryable());
        assertFalse(RegistryErrors.forStatus(400, json("{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":"
                + "\"provided digest did not match uploaded content\"}]}"), "s", REF, ALICE).retryable());
    }

    @Test
    void fullDiskIsRecognisedInTheRegistrysWordsAndNotRetried() {
        RegistryException e = RegistryErrors.forStatus(500, json("{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":"
                + "\"unknown error\",\"detail\":\"write /var/lib/registry/x/data: no space left on device\"}]}"),
                "uploading blob sha256:abc", REF, ALICE);

        assertTrue(e.getMessage().startsWith("the registry reg.example ran out of disk space while uploading blob "
                + "sha256:abc (the registry said: UNKNOWN: unknown error (write /var/lib/registry/x/data: no space left "
                + "on device))"), e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void timeoutIsOneSentenceWithTheLimit() {
        RegistryException e = RegistryErrors.forIo(new HttpTimeoutException("request timed out"),
                "checking for blob sha256:abc", REF, Duration.ofSeconds(30));

        assertEquals("the registry reg.example did not answer within 30 s while checking for blob sha256:abc; check "
                + "that it is up and reachable, or give it longer with --timeout", e.getMessage());
    }

    @Test
    void longHtmlBodiesAreCutToOneLine() {
        String page = "<html>\n<body>" + "x".repeat(2000) + "</body></html>";
        RegistryException e = RegistryErrors.forStatus(500, json(page), "s", REF, ALICE);

        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().length() < 600, e.getMessage());
    }
}
