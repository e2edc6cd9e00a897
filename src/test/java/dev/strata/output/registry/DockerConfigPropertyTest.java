package dev.strata.output.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.StrataException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Docker's {@code config.json}, a file other tools write and people edit: any text is a config or
 * one sentence naming the file, and that sentence never holds a password; logins Docker would
 * write (as {@code auth}, as {@code username}/{@code password}, under any key form Docker uses)
 * are found for their registry, exactly.
 */
class DockerConfigPropertyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path FILE = Path.of("/home/someone/.docker/config.json");

    record Login(String key, String registry, String user, String password, boolean asAuth) {}

    @Provide
    Arbitrary<Login> logins() {
        Arbitrary<String> host = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)
                .map(h -> h + ".example");
        Arbitrary<String> port = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.integers().between(1, 65535).map(p -> ":" + p));
        Arbitrary<String> user = Arbitraries.strings().ofMinLength(1).ofMaxLength(12).filter(u -> !u.contains(":"));
        Arbitrary<String> password = Arbitraries.strings().ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> form = Arbitraries.of("%s", "https://%s", "http://%s", "https://%s/v1/", "%s/v2/");
        return Combinators.combine(host, port, form, user, password, Arbitraries.of(true, false))
                .as((h, p, f, u, pw, auth) -> new Login(String.format(f, h + p), h + p, u, pw, auth));
    }

    @Property(tries = 2000)
    void aLoginDockerWouldWriteIsFoundForItsRegistry(@ForAll("logins") Login l) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode entry = root.putObject("auths").putObject(l.key());
        if (l.asAuth()) {
            entry.put("auth", Base64.getEncoder().encodeToString((l.user() + ":" + l.password())
                    .getBytes(StandardCharsets.UTF_8)));
        } else {
            entry.put("username", l.user()).put("password", l.password());
        }
        DockerConfig c = DockerConfig.parse(JSON.writeValueAsString(root), FILE);
        DockerConfig.Login found = c.loginFor(l.registry()).orElseThrow();
        assertEquals(l.user(), found.username());
        assertEquals(l.password(), found.secret());
        assertTrue(c.loginFor("other.invalid").isEmpty());
        assertTrue(c.helperFor(l.registry()).isEmpty());
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.of("{", "}", "[", "]", ",", ":", "\"auths\"", "\"auth\"", "\"credsStore\"",
                "\"credHelpers\"", "\"identitytoken\"", "\"username\"", "\"password\"", "\"r.example\"",
                "\"SECRETVALUE\"", "\"U0VDUkVUVkFMVUU=\"", "\"%%%\"", "1", "null", "true", " ")
                .list().ofMaxSize(30).map(l -> String.join("", l));
    }

    @Property(tries = 3000)
    void anyTextIsAConfigOrOneSentenceWithoutTheSecret(@ForAll("jsonish") String text) {
        try {
            DockerConfig c = DockerConfig.parse(text, FILE);
            c.loginFor("r.example");
            c.helperFor("r.example");
        } catch (StrataException e) {
            assertTrue(e.getMessage().startsWith("the Docker config " + FILE + " cannot be used: "), e.getMessage());
            assertFalse(e.getMessage().contains("SECRETVALUE") || e.getMessage().contains("U0VDUkVUVkFMVUU"),
                    e.getMessage());
            assertEquals(-1, e.getMessage().indexOf('\n'));
        }
    }

    @Property(tries = 1000)
    void aHelperNamedForARegistryWinsOverTheStore(@ForAll("logins") Login l) throws Exception {
        String json = JSON.writeValueAsString(Map.of("credsStore", "store", "credHelpers", Map.of(l.key(), "own")));
        DockerConfig c = DockerConfig.parse(json, FILE);
        assertEquals("own", c.helperFor(l.registry()).orElseThrow());
        assertEquals("store", c.helperFor("other.invalid").orElseThrow());
    }
}
