package dev.strata.output.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WwwAuthenticateTest {
    @Test
    void bearerChallengeKeepsTheCommaInsideTheQuotedScope() {
        WwwAuthenticate c = WwwAuthenticate.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:samalba/my-app:pull,push\"").orElseThrow();

        assertTrue(c.isBearer());
        assertEquals(Map.of("realm", "https://auth.docker.io/token", "service", "registry.docker.io",
                "scope", "repository:samalba/my-app:pull,push"), c.params());
    }

    @Test
    void distributionsInvalidTokenChallenge() {
        WwwAuthenticate c = WwwAuthenticate.parse("Bearer realm=\"http://127.0.0.1:9/token\",service=\"s\","
                + "scope=\"repository:a/b:pull\",error=\"invalid_token\"").orElseThrow();

        assertEquals("invalid_token", c.param("error"));
        assertEquals("repository:a/b:pull", c.param("scope"));
    }

    @Test
    void basicChallengeSchemeIsCaseInsensitiveAndSpacesAreAllowed() {
        WwwAuthenticate c = WwwAuthenticate.parse("BASIC  realm = \"Registry \\\"Realm\\\"\" , charset=UTF-8").orElseThrow();

        assertTrue(c.isBasic());
        assertEquals("Registry \"Realm\"", c.param("realm"));
        assertEquals("UTF-8", c.param("charset"));
    }

    @Test
    void bearerIsPreferredAmongSeveralChallenges() {
        WwwAuthenticate c = WwwAuthenticate.first(List.of("Basic realm=\"x\"", "Bearer realm=\"https://t\"")).orElseThrow();

        assertTrue(c.isBearer());
    }

    @Test
    void emptyHeaderIsNoChallenge() {
        assertTrue(WwwAuthenticate.parse("").isEmpty());
        assertTrue(WwwAuthenticate.first(List.of()).isEmpty());
    }
}
