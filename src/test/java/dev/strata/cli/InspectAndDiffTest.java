package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Composer;
import dev.strata.output.fixtures.Dockerd;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.sbom.SbomFormat;
import dev.strata.sbom.SbomSchemas;
import dev.strata.testing.Requirements;
import dev.strata.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata inspect}, {@code diff} and {@code sbom IMAGE} on images Strata built (demo set,
 * real Nix), an image umoci made from one (a layer of its own that overwrites and deletes files),
 * the same image pulled from the real registry, and one saved by a real dockerd.
 */
class InspectAndDiffTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static Composer composer;
    static Path hello;
    static Path helloGit;

    static CliRunner strata(String... args) {
        return CliRunner.run(composer, args);
    }

    static JsonNode json(String... args) throws Exception {
        CliRunner r = strata(args);
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    @BeforeAll
    static void build() {
        composer = TestImages.composer(tmp.resolve("cache"));
        hello = tmp.resolve("hello.tar");
        helloGit = tmp.resolve("hello-git.tar");
        assertEquals(0, strata("build", "hello", "--source", "demo", "-o", hello.toString()).exit());
        assertEquals(0, strata("build", "hello", "git", "--source", "demo", "-o", helloGit.toString()).exit());
    }

    @Test
    void inspectGivesTheFieldsOfTheIssueForAStrataImage() throws Exception {
        JsonNode built = json("build", "hello", "--source", "demo", "-o", tmp.resolve("again.tar").toString(), "--json");
        JsonNode i = json("inspect", "oci-archive:" + hello, "--json");
        assertEquals(built.path("manifestDigest").asText(), i.path("manifestDigest").asText());
        assertEquals(built.path("configDigest").asText(), i.path("configDigest").asText());
        assertEquals("linux/amd64", i.path("platform").asText());
        assertEquals("[\"PATH=/bin\"]", i.path("config").path("Env").toString());
        assertEquals(built.path("layers").size(), i.path("layers").size());
        Set<String> storePaths = new HashSet<>();
        for (int n = 0; n < built.path("layers").size(); n++) {
            JsonNode b = built.path("layers").get(n);
            JsonNode l = i.path("layers").get(n);
            assertEquals(b.path("digest").asText(), l.path("digest").asText());
            assertEquals(b.path("diffId").asText(), l.path("diffId").asText());
            assertEquals(b.path("size").asLong(), l.path("size").asLong());
            assertTrue(l.path("uncompressedSize").asLong() > l.path("size").asLong());
            assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", l.path("mediaType").asText());
            l.path("storePaths").forEach(p -> storePaths.add(p.asText()));
            assertTrue(l.path("files").size() > 0);
            for (String field : List.of("path", "type", "mode", "size", "linkTarget")) {
                assertTrue(l.path("files").get(0).has(field), field);
            }
        }
        assertTrue(storePaths.stream().anyMatch(p -> p.endsWith("-hello-2.12.1")), storePaths.toString());
        JsonNode top = i.path("layers").get(i.path("layers").size() - 1);
        boolean binHello = false;
        for (JsonNode f : top.path("files")) {
            if (f.path("path").asText().equals("bin/hello")) {
                binHello = f.path("type").asText().equals("symlink") && f.path("linkTarget").asText().endsWith("/bin/hello");
            }
        }
        assertTrue(binHello, "the symlink layer's bin/hello");
        assertEquals(0, i.path("wasted").path("bytes").asLong());
    }

    @Test
    void diffSaysWhatAHostHoldingHelloPullsForHelloAndGit() throws Exception {
        JsonNode a = json("inspect", "oci-archive:" + hello, "--json");
        JsonNode b = json("inspect", "oci-archive:" + helloGit, "--json");
        JsonNode d = json("diff", "oci-archive:" + hello, "oci-archive:" + helloGit, "--json");
        Set<String> aDigests = new HashSet<>();
        a.path("layers").forEach(l -> aDigests.add(l.path("digest").asText()));
        long expected = 0;
        for (JsonNode l : b.path("layers")) {
            if (!aDigests.contains(l.path("digest").asText())) {
                expected += l.path("size").asLong();
            }
        }
        assertEquals(expected, d.path("pullBytesByDigest").asLong());
        assertTrue(d.path("pullBytesByChain").asLong() >= expected, "the chain rule never pulls less");
        List<String> added = new ArrayList<>();
        d.path("packages").path("added").forEach(n -> added.add(n.asText()));
        assertTrue(added.contains("git") && added.contains("curl") && !added.contains("hello"), added.toString());
        assertEquals(0, d.path("packages").path("removed").size());
        assertEquals(0, d.path("packages").path("changed").size());
        boolean kept = false;
        for (JsonNode l : d.path("layers")) {
            kept |= l.path("change").asText().equals("kept");
        }
        assertTrue(kept, "busybox and glibc layers are shared");
    }

    @Test
    void anUmociImagePulledFromTheRegistryAndSavedByDockerd() throws Exception {
        Requirements.require("umoci", "skopeo");
        Path layout = tmp.resolve("umoci");
        TestImages.run(null, List.of("skopeo", "copy", "oci-archive:" + hello, "oci:" + layout + ":hello"), null, 120)
                .ok("skopeo copy");
        Path bundle = tmp.resolve("bundle");
        TestImages.run(null, List.of("umoci", "unpack", "--rootless", "--image", layout + ":hello", bundle.toString()),
                null, 120).ok("umoci unpack");
        Path motd = bundle.resolve("rootfs/etc/motd");
        Files.createDirectories(motd.getParent());
        Files.write(motd, new byte[5000]);
        TestImages.run(null, List.of("umoci", "repack", "--image", layout + ":v1", bundle.toString()), null, 120)
                .ok("umoci repack");
        Path bundle2 = tmp.resolve("bundle2");
        TestImages.run(null, List.of("umoci", "unpack", "--rootless", "--image", layout + ":v1", bundle2.toString()),
                null, 120).ok("umoci unpack v1");
        Files.write(bundle2.resolve("rootfs/etc/motd"), new byte[7000]);
        TestImages.run(null, List.of("umoci", "repack", "--image", layout + ":v2", bundle2.toString()), null, 120)
                .ok("umoci repack");
        JsonNode v2 = json("inspect", "oci:" + layout + ":v2", "--json");
        assertEquals(5000, v2.path("wasted").path("bytes").asLong(), "v1's motd, overwritten by v2's");
        assertEquals("etc/motd", v2.path("wasted").path("files").get(0).path("path").asText());
        JsonNode d = json("diff", "oci:" + layout + ":v1", "oci:" + layout + ":v2", "--json");
        assertEquals(v2.path("layers").get(v2.path("layers").size() - 1).path("size").asLong(),
                d.path("pullBytesByDigest").asLong(), "only the new umoci layer");

        try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"))) {
            String ref = registry.address() + "/umoci/hello:v2";
            TestImages.run(null, List.of("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":v2",
                    "docker://" + ref), null, 120).ok("skopeo copy to the registry");
            JsonNode pulled = json("inspect", "docker://" + ref, "--insecure", "--json");
            assertEquals(v2.path("configDigest").asText(), pulled.path("configDigest").asText());
            assertEquals(5000, pulled.path("wasted").path("bytes").asLong());
            CliRunner sbom = strata("sbom", "docker://" + ref, "--insecure", "--format", "cyclonedx");
            assertEquals(0, sbom.exit(), sbom.err());
            JsonNode cdx = JSON.readTree(sbom.out());
            assertEquals(List.of(), SbomSchemas.errors(SbomFormat.CYCLONEDX, cdx));
            assertEquals(3, cdx.path("components").size(), "hello, glibc and busybox from the recorded inventory");
        }

        Requirements.require("dockerd", "docker");
        try (Dockerd dockerd = Dockerd.start(tmp.resolve("docker"))) {
            Path archive = tmp.resolve("hello-git-docker.tar");
            assertEquals(0, strata("build", "hello", "git", "--source", "demo", "--format", "docker-archive", "-t",
                    "demo/hello-git:1", "-o", archive.toString()).exit());
            dockerd.docker("load", "-i", archive.toString()).ok();
            String loaded = "demo/hello-git:1";
            JsonNode fromDocker = json("inspect", "docker-daemon:" + loaded, "--docker-host", dockerd.host(), "--json");
            JsonNode strataMade = json("inspect", "oci-archive:" + helloGit, "--json");
            assertEquals(strataMade.path("layers").size(), fromDocker.path("layers").size());
            for (int n = 0; n < fromDocker.path("layers").size(); n++) {
                assertEquals(strataMade.path("layers").get(n).path("diffId").asText(),
                        fromDocker.path("layers").get(n).path("diffId").asText());
                assertEquals(strataMade.path("layers").get(n).path("storePaths"),
                        fromDocker.path("layers").get(n).path("storePaths"));
            }
            JsonNode same = json("diff", "oci-archive:" + helloGit, "docker-daemon:" + loaded, "--docker-host", dockerd.host(),
                    "--json");
            assertEquals(0, same.path("packages").path("added").size());
            assertEquals(0, same.path("pullBytesByChain").asLong(), "the daemon's image has every chain of Strata's");
            // sbom reads any image as inspect does, the daemon's included (it had no --docker-host).
            JsonNode sbom = json("sbom", "docker-daemon:" + loaded, "--docker-host", dockerd.host(), "--format", "spdx");
            assertEquals(List.of(), SbomSchemas.errors(SbomFormat.SPDX, sbom));
            assertTrue(sbom.path("packages").toString().contains("hello"), sbom.toString());
        }
    }
}
