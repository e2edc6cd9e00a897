package dev.strata.output.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.output.fixtures.Pki;
import dev.strata.output.fixtures.TestImage;
import dev.strata.output.fixtures.TokenIssuer;
import dev.strata.testing.Requirements;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer tokens: the real registry configured for token auth, with a token issuer in the test. */
class TokenAuthPushTest {
    private static final String USER = "bob";
    private static final String PASSWORD = "t0ken-Pa55";

    @TempDir
    static Path dir;

    static TokenIssuer issuer;
    static LocalRegistry registry;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        Requirements.require("docker-registry", "openssl");
        Pki.KeyPair signer = Pki.tokenSigner(dir.resolve("pki"));
        issuer = new TokenIssuer(signer, USER, PASSWORD);
        registry = LocalRegistry.start(dir.resolve("registry"),
                new LocalRegistry.Config().token(issuer.realm(), signer.cert()));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    private RegistryClient connect(String repoTag, String password) {
        return RegistryClient.connect(RegistryReference.parse(registry.address() + "/" + repoTag),
                CredentialResolver.parseCreds(USER + ":" + password, "--creds"), new TlsOptions(true, null),
                Duration.ofSeconds(20), RetryPolicy.DEFAULT, w -> { });
    }

    private RegistryPusher pusher() {
        return new RegistryPusher(new PushedBlobIndex(work.resolve("index")), new CredentialResolver(Map.of(), work),
                w -> { });
    }

    @Test
    void pushWithBearerTokenForTheRepositoryScope() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "token", true);
        int before = issuer.requests().size();
        RegistryClient client = connect("tok/app:1", PASSWORD);

        PushResult r = pusher().push(client, image.pushable(), PushOptions.defaults(), e -> { });

        assertEquals(3, r.blobsUploaded());
        assertEquals(1, client.tokenFetches(), "one token serves the whole push");
        String query = issuer.requests().get(before);
        assertTrue(query.contains("service=" + LocalRegistry.TOKEN_SERVICE), query);
        assertTrue(query.contains("scope=repository%3Atok%2Fapp%3Apull%2Cpush"), query);
        Commands.run(List.of("skopeo", "inspect", "--tls-verify=false", "--creds", USER + ":" + PASSWORD,
                "docker://" + registry.address() + "/tok/app:1")).ok();
    }

    @Test
    void tokenTheRegistryRejectsIsRefreshedOn401() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "stale", true);
        issuer.issueStaleTokens(1);
        RegistryClient client = connect("tok/stale:1", PASSWORD);

        PushResult r = pusher().push(client, image.pushable(), PushOptions.defaults(), e -> { });

        assertEquals(3, r.blobsUploaded());
        assertEquals(2, client.tokenFetches(), "the stale token was replaced after the registry's 401");
    }

    @Test
    void tokenIsRenewedWhenItsLifetimeRunsOut() throws Exception {
        issuer.lifetimeSeconds(2);
        try {
            RegistryClient client = connect("tok/short:1", PASSWORD);
            pusher().push(client, TestImage.busybox(work.resolve("a"), "short-a", true).pushable(),
                    PushOptions.defaults(), e -> { });
            int first = client.tokenFetches();
            Thread.sleep(2_100);

            PushResult r = pusher().push(client, TestImage.busybox(work.resolve("b"), "short-b", true).pushable(),
                    PushOptions.defaults(), e -> { });

            assertEquals(2, r.blobsUploaded());
            assertTrue(client.tokenFetches() > first, "a new token after expires_in passed");
        } finally {
            issuer.lifetimeSeconds(300);
        }
    }

    @Test
    void wrongPasswordAtTheTokenServerIsOneSentence() {
        RegistryException e = assertThrows(RegistryException.class, () -> pusher().push(
                connect("tok/wrong:1", "guess-Pa55"),
                TestImage.busybox(work.resolve("layout"), "wrong", true).pushable(), PushOptions.defaults(), ev -> { }));

        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("refused user 'bob' from --creds"), e.getMessage());
        assertFalse(e.getMessage().contains("guess-Pa55"));
    }

    @Test
    void anonymousTokenWithoutPushAccessSaysCredentialsAreNeeded() {
        RegistryClient client = RegistryClient.connect(RegistryReference.parse(registry.address() + "/tok/anon:1"),
                RegistryCredential.anonymous(), new TlsOptions(true, null), Duration.ofSeconds(20),
                RetryPolicy.DEFAULT, w -> { });
        RegistryException e = assertThrows(RegistryException.class, () -> pusher().push(client,
                TestImage.busybox(work.resolve("layout"), "anon", true).pushable(), PushOptions.defaults(), ev -> { }));

        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("needs credentials"), e.getMessage());
    }

    @Test
    void mountFromAnotherRepositoryAsksForPullOnIt() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "tok-mount", true);
        RegistryPusher pusher = pusher();
        pusher.push(connect("tok/origin:1", PASSWORD), image.pushable(), PushOptions.defaults(), e -> { });
        int before = issuer.requests().size();

        PushResult r = pusher.push(connect("tok/mounted:1", PASSWORD), image.pushable(), PushOptions.defaults(), e -> { });

        assertEquals(3, r.blobsMounted());
        assertEquals(0, r.bytesUploaded());
        assertTrue(issuer.requests().subList(before, issuer.requests().size()).stream()
                .anyMatch(q -> q.contains("scope=repository%3Atok%2Forigin%3Apull")), issuer.requests().toString());
    }
}
