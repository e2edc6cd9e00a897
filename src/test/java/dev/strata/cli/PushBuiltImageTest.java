package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Exports;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.output.registry.CredentialResolver;
import dev.strata.output.registry.PushedBlobIndex;
import dev.strata.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code strata push} with the image pipeline behind it ({@link Exports}) to a real
 * registry: what arrives is the image the builder wrote, and skopeo reads it back.
 */
class PushBuiltImageTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void builtImageIsPushedAndReadBack() throws Exception {
        var composer = TestImages.composer(work.resolve("cache"));
        PushCommand push = new PushCommand(new Exports(composer,
                new PushedBlobIndex(work.resolve("index")), new CredentialResolver(Map.of(), work.resolve("home")), null),
                new ByteArrayInputStream(new byte[0]));
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"))) {
            String ref = registry.address() + "/strata/greeter:1";
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = StrataCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                    TestCommands.supplying(push));
            int exit = cl.execute("push", "--source", "path:" + TestImages.set(), "greeter", ref, "--insecure", "--json");
            assertEquals(0, exit, err.toString());
            JsonNode pushed = JSON.readTree(out.toString());
            JsonNode inspected = JSON.readTree(TestImages.run(null, List.of("skopeo", "inspect", "--tls-verify=false",
                    "docker://" + ref), null, 120).ok("skopeo inspect").out());
            assertEquals(pushed.path("manifestDigest").asText(), inspected.path("Digest").asText());
            TestImages.run(null, List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + ref,
                    "dir:" + work.resolve("copy")), null, 120).ok("skopeo copy checks every blob");
        }
    }
}
