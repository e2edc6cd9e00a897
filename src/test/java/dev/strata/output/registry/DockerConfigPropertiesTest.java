package dev.strata.output.registry;

import static dev.strata.testing.Gens.from;
import static dev.strata.testing.Gens.listOf;
import static dev.strata.testing.Gens.oneOf;
import static dev.strata.testing.Gens.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.StrataException;
import dev.strata.testing.Gens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Docker's {@code config.json}, a file other tools write and people edit: any text is a config or
 * one sentence naming the file, and that sentence never holds a password; a login Docker would
 * write (as {@code auth} or as {@code username}/{@code password}, under any key form Docker uses)
 * is found for its registry, exactly; a helper named for a registry wins over the store.
 */
class DockerConfigPropertiesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path FILE = Path.of("/home/someone/.docker/config.json");

    record Login(String key, String registry, String user, String password, boolean asAuth) {}

    static Gen<Login> logins() {
        Gen<String> host = from("abcdefghijklmnopqrstuvwxyz", 1, 8).map(h -> h + ".example");
        Gen<String> hostPort = host.zip(oneOf(pick(""), integers().between(1, 65535).map(p -> ":" + p)), String::concat);
        Gen<String> form = pick("%s", "https://%s", "http://%s", "https://%s/v1/", "%s/v2/");
        Gen<String> user = Gens.text(12).map(u -> "u" + u.replace(":", ""));
        Gen<String> password = Gens.text(20).map(p -> "p" + p);
        return hostPort.zip(form, user, password, booleans().all(),
                (h, f, u, pw, auth) -> new Login(String.format(f, h), h, u, pw, auth));
    }

    @Test
    void aLoginDockerWouldWriteIsFoundForItsRegistry() {
        qt().withExamples(2000).forAll(logins()).checkAssert(l -> {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode entry = root.putObject("auths").putObject(l.key());
            if (l.asAuth()) {
                entry.put("auth", Base64.getEncoder().encodeToString((l.user() + ":" + l.password())
                        .getBytes(StandardCharsets.UTF_8)));
            } else {
                entry.put("username", l.user()).put("password", l.password());
            }
            DockerConfig c = DockerConfig.parse(root.toString(), FILE);
            DockerConfig.Login found = c.loginFor(l.registry()).orElseThrow();
            assertEquals(l.user(), found.username());
            assertEquals(l.password(), found.secret());
            assertTrue(c.loginFor("other.invalid").isEmpty());
            assertTrue(c.helperFor(l.registry()).isEmpty());
        });
    }

    @Test
    void aHelperNamedForARegistryWinsOverTheStore() {
        qt().withExamples(1000).forAll(logins()).checkAssert(l -> {
            String json;
            try {
                json = JSON.writeValueAsString(Map.of("credsStore", "store", "credHelpers", Map.of(l.key(), "own")));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            DockerConfig c = DockerConfig.parse(json, FILE);
            assertEquals("own", c.helperFor(l.registry()).orElseThrow());
            assertEquals("store", c.helperFor("other.invalid").orElseThrow());
        });
    }

    @Test
    void anyTextIsAConfigOrOneSentenceWithoutTheSecret() {
        qt().withExamples(3000).forAll(listOf(pick("{", "}", "[", "]", ",", ":", "\"auths\"", "\"auth\"",
                "\"credsStore\"", "\"credHelpers\"", "\"identitytoken\"", "\"username\"", "\"password\"", "\"r.example\"",
                "\"SECRETVALUE\"", "\"U0VDUkVUVkFMVUU=\"", "\"%%%\"", "1", "null", "true", " "), 0, 30)
                .map(l -> String.join("", l))).checkAssert(text -> {
                    try {
                        DockerConfig c = DockerConfig.parse(text, FILE);
                        c.loginFor("r.example");
                        c.helperFor("r.example");
                    } catch (StrataException e) {
                        assertTrue(e.getMessage().startsWith("the Docker config " + FILE + " cannot be used: "),
                                e.getMessage());
                        assertFalse(e.getMessage().contains("SECRETVALUE") || e.getMessage().contains("U0VDUkVUVkFMVUU"),
                                e.getMessage());
                        assertEquals(-1, e.getMessage().indexOf('\n'));
                    }
                });
    }
}
