package dev.strata.output.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.output.fixtures.Pki;
import dev.strata.output.fixtures.TestImage;
import dev.strata.testing.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry with TLS (self-signed, subjectAltName=IP:127.0.0.1) and htpasswd Basic auth. */
class TlsBasicAuthPushTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55-word";

    @TempDir
    static Path dir;

    static LocalRegistry registry;
    static Pki.KeyPair tls;

    @TempDir
    Path work;

    @BeforeAll
    static void startRegistry() throws Exception {
        Requirements.require("docker-registry", "htpasswd", "openssl");
        tls = Pki.loopbackServer(dir.resolve("pki"), "registry");
        Path htpasswd = dir.resolve("htpasswd");
        Files.writeString(htpasswd, Commands.run(List.of("htpasswd", "-Bbn", USER, PASSWORD)).ok().stdout());
        registry = LocalRegistry.start(dir.resolve("registry"), new LocalRegistry.Config().tls(tls).htpasswd(htpasswd));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private PushResult push(String repoTag, PushOptions options, Map<String, String> env, List<String> warnings)
            throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), repoTag, true);
        RegistryPusher pusher = new RegistryPusher(new PushedBlobIndex(work.resolve("index")),
                new CredentialResolver(env, work.resolve("home")), warnings::add);
        return pusher.push(image.pushable(), RegistryReference.parse(registry.address() + "/" + repoTag), options,
                e -> { });
    }

    private static PushOptions withCaCert() {
        return PushOptions.defaults().withTls(new TlsOptions(false, tls.cert()));
    }

    @Test
    void rightPasswordAndCaCertPush() throws Exception {
        List<String> warnings = new ArrayList<>();
        PushResult r = push("secure/app:1", withCaCert().withCredential(
                CredentialResolver.parseCreds(USER + ":" + PASSWORD, "--creds")), Map.of(), warnings);

        assertEquals(3, r.blobsUploaded());
        assertTrue(warnings.isEmpty(), warnings.toString());
        String inspect = Commands.run(List.of("skopeo", "inspect", "--tls-verify=false", "--creds", USER + ":" + PASSWORD,
                "docker://" + registry.address() + "/secure/app:1")).ok().stdout();
        assertTrue(inspect.contains(r.manifestDigest()));
    }

    @Test
    void wrongPasswordIsOneClearSentenceWithoutTheSecret() {
        String wrong = "wrong-Pa55-guess";
        RegistryException e = assertThrows(RegistryException.class, () -> push("secure/wrong:1",
                withCaCert().withCredential(CredentialResolver.parseCreds(USER + ":" + wrong, "--creds")), Map.of(),
                new ArrayList<>()));

        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("refused user 'alice' from --creds"), e.getMessage());
        assertFalse(e.getMessage().contains(wrong), "the secret is never in a message");
        assertFalse(e.getMessage().contains(PASSWORD));
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void dockerConfigCredentialsFromDockerConfigDirectory() throws Exception {
        Path dockerConfig = work.resolve("docker-config");
        Files.createDirectories(dockerConfig);
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Files.writeString(dockerConfig.resolve("config.json"),
                "{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + auth + "\"}}}");

        PushResult r = push("secure/config:1", withCaCert(), Map.of("DOCKER_CONFIG", dockerConfig.toString()),
                new ArrayList<>());

        assertEquals(3, r.blobsUploaded());
    }

    @Test
    void credentialFromHomeDockerConfigIsNamedWhenRefused() throws Exception {
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve(".docker"));
        String auth = Base64.getEncoder().encodeToString((USER + ":not-it").getBytes(StandardCharsets.UTF_8));
        Files.writeString(home.resolve(".docker/config.json"),
                "{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + auth + "\"}}}");

        RegistryException e = assertThrows(RegistryException.class,
                () -> push("secure/home:1", withCaCert(), Map.of(), new ArrayList<>()));

        assertTrue(e.getMessage().contains("user 'alice' from the Docker config " + home.resolve(".docker/config.json")),
                e.getMessage());
        assertFalse(e.getMessage().contains("not-it"));
    }

    @Test
    void noCredentialsSaysWhereItLooked() {
        RegistryException e = assertThrows(RegistryException.class,
                () -> push("secure/anon:1", withCaCert(), Map.of(), new ArrayList<>()));

        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("needs credentials"), e.getMessage());
        assertTrue(e.getMessage().contains("--creds"), e.getMessage());
    }

    @Test
    void untrustedCertificateAsksForCaCert() {
        RegistryException e = assertThrows(RegistryException.class, () -> push("secure/untrusted:1",
                PushOptions.defaults().withCredential(CredentialResolver.parseCreds(USER + ":" + PASSWORD, "--creds")),
                Map.of(), new ArrayList<>()));

        assertTrue(e.getMessage().contains("not trusted") && e.getMessage().contains("--ca-cert"), e.getMessage());
    }

    @Test
    void insecureSkipsVerificationForThisRegistryWithAWarning() throws Exception {
        List<String> warnings = new ArrayList<>();
        PushResult r = push("secure/insecure:1", PushOptions.defaults().withTls(new TlsOptions(true, null))
                .withCredential(CredentialResolver.parseCreds(USER + ":" + PASSWORD, "--creds")), Map.of(), warnings);

        assertEquals(3, r.blobsUploaded());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("HTTPS without checking its certificate")), warnings.toString());
        assertTrue(warnings.stream().noneMatch(w -> w.contains(PASSWORD)));
    }
}
