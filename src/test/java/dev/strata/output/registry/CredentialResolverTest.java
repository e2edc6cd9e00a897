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
}
