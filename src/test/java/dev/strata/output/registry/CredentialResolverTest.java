package dev.strata.output.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import dev.strata.output.fixtures.Commands;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialResolverTest {
    private static final RegistryReference REF = RegistryReference.parse("registry.example:5000/team/app:1");

    @TempDir
    Path dir;

    @Test
    void dockerConfigEnvironmentVariableWinsOverHome() throws Exception {
        Path home = dir.resolve("home");
        writeConfig(home.resolve(".docker"), "home-user", "home-pass");
        writeConfig(dir.resolve("env"), "env-user", "env-pass");

        RegistryCredential c = new CredentialResolver(Map.of("DOCKER_CONFIG", dir.resolve("env").toString()), home)
                .resolve(REF, null);

        assertEquals("env-user", c.username());
        assertEquals("the Docker config " + dir.resolve("env/config.json"), c.source());
    }

    @Test
    void explicitCredentialWinsAndNothingFoundIsAnonymousWithWhereItLooked() throws Exception {
        writeConfig(dir.resolve("home/.docker"), "home-user", "home-pass");
        CredentialResolver resolver = new CredentialResolver(Map.of(), dir.resolve("home"));

        assertEquals("cli", resolver.resolve(REF, CredentialResolver.parseCreds("cli:pw", "--creds")).username());
        RegistryCredential none = resolver.resolve(RegistryReference.parse("other.example/a:1"), null);
        assertTrue(none.isAnonymous());
        assertTrue(none.source().contains("none for other.example in " + dir.resolve("home/.docker/config.json")),
                none.source());
    }

    @Test
    void credsNeedAUserAndNeverEchoTheValue() {
        RegistryCredential c = CredentialResolver.parseCreds("alice:pa:ss", "--creds");
        assertEquals("alice", c.username());
        assertEquals("pa:ss", c.secret());
        assertFalse(c.toString().contains("pa:ss"));
        assertEquals("user 'alice' from --creds", c.describe());

        StrataException e = assertThrows(StrataException.class, () -> CredentialResolver.parseCreds("justapassword", "--creds"));
        assertFalse(e.getMessage().contains("justapassword"));
    }

    @Test
    void credsFromStandardInput() {
        RegistryCredential c = CredentialResolver.readCreds(new ByteArrayInputStream(
                "bob:t0ken\nignored\n".getBytes(StandardCharsets.UTF_8)));

        assertEquals("bob", c.username());
        assertEquals("t0ken", c.secret());
        assertEquals("--creds-stdin", c.source());
        assertThrows(StrataException.class, () -> CredentialResolver.readCreds(new ByteArrayInputStream(new byte[0])));
    }

    private static void writeConfig(Path dir, String user, String pass) throws Exception {
        Files.createDirectories(dir);
        String auth = Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"registry.example:5000\":{\"auth\":\"" + auth + "\"}}}");
    }

    @Test
    void credsStoreAndCredHelpersRunTheDockerCredentialHelper() throws Exception {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Path helper = bin.resolve("docker-credential-strata-test");
        Files.writeString(helper, "#!/bin/sh\n[ \"$1\" = get ] || exit 1\nread url\n"
                + "printf '{\"ServerURL\":\"%s\",\"Username\":\"helper-user\",\"Secret\":\"helper-secret\"}' \"$url\"\n");
        helper.toFile().setExecutable(true);
        for (String config : new String[] {"{\"credsStore\":\"strata-test\"}",
                "{\"credHelpers\":{\"registry.example:5000\":\"strata-test\"}}"}) {
            Path dockerConfig = dir.resolve("config-" + config.hashCode());
            Files.createDirectories(dockerConfig);
            Files.writeString(dockerConfig.resolve("config.json"), config);
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();

            Commands.Result r = Commands.run(List.of(javaBin,
                    "-cp", System.getProperty("java.class.path"), ResolveCredentialsInChild.class.getName(),
                    "registry.example:5000/team/app:1", "helper-secret"), Map.of("PATH", bin + ":" + System.getenv("PATH"),
                    "DOCKER_CONFIG", dockerConfig.toString()), 60);

            assertEquals("helper-user|the Docker config " + dockerConfig.resolve("config.json") + "|true",
                    r.stdout().lines().findFirst().orElse(""), config + ": " + r.stderr());
        }
    }

    private RegistryCredential resolveWith(String config, Map<String, String> extraEnv, java.time.Duration timeout)
            throws Exception {
        Path configDir = Files.createDirectories(dir.resolve("cfg-" + Integer.toHexString(config.hashCode())));
        Files.writeString(configDir.resolve("config.json"), config);
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        env.put("DOCKER_CONFIG", configDir.toString());
        return new CredentialResolver(env, dir.resolve("home")).resolve(REF, null, timeout);
    }

    private RegistryCredential resolveWith(String config) throws Exception {
        return resolveWith(config, Map.of(), java.time.Duration.ofSeconds(10));
    }

    /** A docker-credential-NAME script in its own bin directory; returns that PATH. */
    private Map<String, String> helper(String name, String script) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin-" + name));
        Path helper = bin.resolve("docker-credential-" + name);
        Files.writeString(helper, "#!/bin/sh\n" + script);
        helper.toFile().setExecutable(true);
        return Map.of("PATH", bin + ":/usr/bin:/bin");
    }

    @Test
    void aConfigThatCannotBeReadIsOneSentenceNamingTheFileNotTheSecret() throws Exception {
        String secret = "c2VjcmV0LXZhbHVl"; // base64 of something, cut so it does not decode to USER:PASSWORD
        for (String[] c : new String[][] {
            {"{\"auths\":{\"registry.example:5000\":{\"auth\":\"%%%not-base64%%%\"}}}",
                "the \"auth\" of \"registry.example:5000\" is not base64"},
            {"{\"auths\":{\"registry.example:5000\":{\"auth\":\"" + secret + "\"}}}",
                "is not base64 of USER:PASSWORD"},
            {"{\"auths\":{\"registry.example:5000\":{\"auth\":\"" + secret, "it is not valid JSON at line 1"},
            {"", "it is empty"},
            {"[]", "it is an array, not a JSON object"},
            {"{\"auths\":[]}", "\"auths\" is an array, not an object"},
            {"{\"auths\":{\"registry.example:5000\":\"x\"}}", "the auths entry of \"registry.example:5000\" is a string"},
            {"{\"auths\":{\"registry.example:5000\":{\"auth\":5}}}", "\"auth\" in the auths entry"},
            {"{\"credsStore\":7}", "\"credsStore\" is a number, not text"},
            {"{\"credHelpers\":{\"registry.example:5000\":true}}", "the credHelpers entry of \"registry.example:5000\""},
            {"{\"auths\":{},\"auths\":{}}", "'auths' appears twice"},
        }) {
            StrataException e = assertThrows(StrataException.class, () -> resolveWith(c[0]), c[0]);
            assertTrue(e.getMessage().startsWith("the Docker config " + dir), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
            assertFalse(e.getMessage().contains(secret) || e.getMessage().contains("not-base64"), e.getMessage());
            assertEquals(-1, e.getMessage().indexOf('\n'));
        }
    }

    @Test
    void aConfiguredHelperThatIsMissingIsAnErrorAsInDocker() throws Exception {
        StrataException e = assertThrows(StrataException.class, () -> resolveWith("{\"credsStore\":\"nowhere\"}",
                Map.of("PATH", dir.toString()), java.time.Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("names the credential helper 'nowhere' for registry.example:5000, but "
                + "docker-credential-nowhere is not on PATH"), e.getMessage());
        StrataException path = assertThrows(StrataException.class, () -> resolveWith(
                "{\"credHelpers\":{\"registry.example:5000\":\"../../bin/sh\"}}", Map.of("PATH", "/usr/bin:/bin"),
                java.time.Duration.ofSeconds(10)));
        assertTrue(path.getMessage().contains("is not on PATH"), path.getMessage());
    }

    @Test
    void aHelperThatHangsIsStoppedAtTheDeadline() throws Exception {
        Path pidFile = dir.resolve("helper.pid");
        Map<String, String> path = helper("stuck", "echo $$ > " + pidFile + "\nexec sleep 300\n");
        StrataException e = assertThrows(StrataException.class, () -> resolveWith("{\"credsStore\":\"stuck\"}", path,
                java.time.Duration.ofSeconds(1)));
        assertEquals("the credential helper docker-credential-stuck did not answer within 1 s for registry.example:5000 "
                + "(it may be waiting for a keyring or a password prompt); unlock or fix it, or give --creds",
                e.getMessage());
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        java.util.Optional<ProcessHandle> left = ProcessHandle.of(pid);
        if (left.isPresent()) {
            left.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the helper was killed");
    }

    @Test
    void helperAnswersAreReadAsDockerReadsThem() throws Exception {
        Map<String, String> notFound = helper("none", "cat >/dev/null\necho 'credentials not found in native keychain'\n"
                + "exit 1\n");
        assertTrue(resolveWith("{\"credsStore\":\"none\"}", notFound, java.time.Duration.ofSeconds(10)).isAnonymous());

        Map<String, String> broken = helper("broken", "cat >/dev/null\necho 'the keyring \033[31mexploded'\nexit 3\n");
        StrataException e = assertThrows(StrataException.class, () -> resolveWith("{\"credsStore\":\"broken\"}",
                broken, java.time.Duration.ofSeconds(10)));
        assertEquals("the credential helper docker-credential-broken failed for registry.example:5000 (exit 3: the "
                + "keyring ?[31mexploded); fix it, or give --creds", e.getMessage());

        Map<String, String> garbage = helper("garbage", "cat >/dev/null\necho '[1,2]'\n");
        StrataException g = assertThrows(StrataException.class, () -> resolveWith("{\"credsStore\":\"garbage\"}",
                garbage, java.time.Duration.ofSeconds(10)));
        assertTrue(g.getMessage().contains("without a Username and Secret"), g.getMessage());

        Map<String, String> token = helper("token", "read url\nprintf '{\"ServerURL\":\"%s\",\"Username\":\"<token>\","
                + "\"Secret\":\"refresh-123\"}' \"$url\"\n");
        RegistryCredential t = resolveWith("{\"credHelpers\":{\"https://registry.example:5000/v2/\":\"token\"}}",
                token, java.time.Duration.ofSeconds(10));
        assertTrue(t.isRefreshToken(), t.toString());
        assertEquals("refresh-123", t.secret());
    }

    @Test
    void authsEntriesInEveryFormDockerWrites() throws Exception {
        RegistryCredential plain = resolveWith("{\"auths\":{\"https://registry.example:5000/v1/\":"
                + "{\"username\":\"u\",\"password\":\"p\"}}}");
        assertEquals("u", plain.username());
        assertEquals("p", plain.secret());
        RegistryCredential token = resolveWith("{\"auths\":{\"registry.example:5000\":{\"auth\":\"\","
                + "\"identitytoken\":\"it-1\"}}}");
        assertTrue(token.isRefreshToken());
        assertTrue(resolveWith("{\"auths\":{\"registry.example:5000\":{}}}").isAnonymous(),
                "an entry without a secret (docker login with a store) is no credential");

        Path hub = Files.createDirectories(dir.resolve("hub"));
        String auth = Base64.getEncoder().encodeToString("hubuser:hubpass".getBytes(StandardCharsets.UTF_8));
        Files.writeString(hub.resolve("config.json"), "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
                + auth + "\"}}}");
        RegistryCredential c = new CredentialResolver(Map.of("DOCKER_CONFIG", hub.toString()), dir)
                .resolve(RegistryReference.parse("library/busybox:1"), null);
        assertEquals("hubuser", c.username(), "Docker Hub's key serves registry-1.docker.io");
    }
}
