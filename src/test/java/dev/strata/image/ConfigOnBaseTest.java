package dev.strata.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A config on a base: what the base set stays unless Strata sets it; PATH puts Strata's /bin first. */
class ConfigOnBaseTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BASE = """
            {"architecture":"amd64","os":"linux","created":"2020-01-01T00:00:00Z",
             "config":{"Env":["PATH=/usr/local/bin:/usr/bin:/bin","LANG=C","BASE=1"],"Cmd":["/bin/sh"],
                       "WorkingDir":"/srv","User":"daemon","ExposedPorts":{"80/tcp":{}},"Labels":{"a":"base","b":"base"},
                       "StopSignal":"SIGQUIT"},
             "rootfs":{"type":"layers","diff_ids":["sha256:%s"]},
             "history":[{"created":"2020-01-01T00:00:00Z","created_by":"base layer"}]}""".formatted("1".repeat(64));

    JsonNode merged(ImageConfig ours) throws IOException {
        byte[] b = ImageJson.configOnBase(BASE.getBytes(StandardCharsets.UTF_8), Instant.EPOCH, ours,
                List.of(Digest.parse("sha256:" + "1".repeat(64)), Digest.parse("sha256:" + "2".repeat(64))),
                List.of(new ImageJson.History("strata: hello")));
        return JSON.readTree(b);
    }

    @Test
    void theBaseStaysUnlessSetAndPathPutsStrataFirst() throws IOException {
        JsonNode c = merged(ImageConfig.empty().withEnv(List.of("LANG=C.UTF-8", "MINE=2")));
        JsonNode cfg = c.path("config");
        assertEquals("[\"PATH=/bin:/usr/local/bin:/usr/bin\",\"LANG=C.UTF-8\",\"BASE=1\",\"MINE=2\"]",
                cfg.path("Env").toString());
        assertEquals("[\"/bin/sh\"]", cfg.path("Cmd").toString());
        assertEquals("/srv", cfg.path("WorkingDir").asText());
        assertEquals("daemon", cfg.path("User").asText());
        assertEquals("SIGQUIT", cfg.path("StopSignal").asText(), "what Strata does not set is kept");
        assertEquals("1970-01-01T00:00:00Z", c.path("created").asText());
        assertEquals(2, c.path("rootfs").path("diff_ids").size());
        assertEquals("base layer", c.path("history").get(0).path("created_by").asText());
        assertEquals("strata: hello", c.path("history").get(1).path("created_by").asText());
    }

    @Test
    void settingsOverrideAndMerge() throws IOException {
        JsonNode cfg = merged(ImageConfig.empty().withEntrypoint(List.of("/bin/hello")).withUser("app")
                .withWorkingDir("/app").withExposedPorts(List.of("8080")).withLabels(Map.of("b", "ours", "c", "ours"))
                .withEnv(List.of("PATH=/opt/bin"))).path("config");
        assertEquals("[\"/bin/hello\"]", cfg.path("Entrypoint").toString());
        assertFalse(cfg.has("Cmd"), "a new entrypoint drops the base's command, as Docker's ENTRYPOINT does");
        assertEquals("app", cfg.path("User").asText());
        assertEquals("/app", cfg.path("WorkingDir").asText());
        assertEquals("{\"80/tcp\":{},\"8080/tcp\":{}}", cfg.path("ExposedPorts").toString());
        assertEquals("{\"a\":\"base\",\"b\":\"ours\",\"c\":\"ours\"}", cfg.path("Labels").toString());
        assertEquals("PATH=/opt/bin", cfg.path("Env").get(0).asText(), "a PATH set to something else is taken as set");
    }
}
