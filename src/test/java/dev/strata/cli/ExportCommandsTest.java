package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Exports;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.output.ImageBlob;
import dev.strata.output.LoadableImage;
import dev.strata.output.PushableImage;
import dev.strata.output.daemon.DaemonLoader;
import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.Dockerd;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.output.fixtures.Pki;
import dev.strata.output.fixtures.TestImage;
import dev.strata.output.registry.CredentialResolver;
import dev.strata.output.registry.PushedBlobIndex;
import dev.strata.testing.Requirements;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code strata push} and {@code strata load} as a user runs them, with the image seam answering a
 * hand-built test image (the image pipeline is another branch), against a real registry and dockerd.
 */
class ExportCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    /** The seam answering one prepared image, and remembering the recipe it was asked for. */
    static final class FixedImages implements Exports.Images {
        final TestImage image;
        final List<Recipe> asked = new ArrayList<>();

        FixedImages(TestImage image) {
            this.image = image;
        }

        @Override
        public PushableImage forPush(Recipe recipe, ProgressListener progress) {
            asked.add(recipe);
            return image.pushable();
        }

        @Override
        public LoadableImage forLoad(Recipe recipe, String nameTag, ProgressListener progress) {
            asked.add(recipe);
            return new LoadableImage(image.dockerArchive(nameTag), -1, nameTag);
        }
    }

    record Run(int exit, String out, String err) {}

    private Run run(Object command, String name, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = StrataCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                TestCommands.supplying(command));
        List<String> all = new ArrayList<>(List.of(name));
        all.addAll(List.of(args));
        int exit = cl.execute(all.toArray(new String[0]));
        return new Run(exit, out.toString(), err.toString());
    }

    private PushCommand push(FixedImages images, String stdin) {
        return new PushCommand(new Exports(images, new PushedBlobIndex(work.resolve("index")),
                new CredentialResolver(Map.of(), work.resolve("home")), null),
                new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void pushPrintsTheJsonResultAndSecondPushSkipsEverything() throws Exception {
        Requirements.require("docker-registry");
        FixedImages images = new FixedImages(TestImage.busybox(work.resolve("layout"), "cli-push", true));
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"))) {
            String ref = registry.address() + "/cli/hello:1";

            Run first = run(push(images, null), "push", null, "hello", "coreutils", ref, "-t", "latest", "--insecure",
                    "--json");

            assertEquals(0, first.exit(), first.err());
            JsonNode j = JSON.readTree(first.out());
            List<String> fields = new ArrayList<>();
            j.fieldNames().forEachRemaining(fields::add);
            assertEquals(List.of("reference", "manifestDigest", "blobsUploaded", "bytesUploaded", "blobsSkipped"), fields);
            assertEquals(ref, j.get("reference").asText());
            assertEquals(images.image.pushable().manifestDigest(), j.get("manifestDigest").asText());
            assertEquals(3, j.get("blobsUploaded").asInt());
            assertEquals(images.image.pushable().blobsInPushOrder().stream().mapToLong(ImageBlob::size).sum(),
                    j.get("bytesUploaded").asLong());
            assertEquals(List.of("hello", "coreutils"), images.asked.get(0).packages());
            assertTrue(first.err().contains("warning: --insecure"), first.err());

            Run second = run(push(images, null), "push", null, "hello", ref, "--insecure", "--json");
            JsonNode k = JSON.readTree(second.out());
            assertEquals(0, k.get("blobsUploaded").asInt());
            assertEquals(0, k.get("bytesUploaded").asLong());
            assertEquals(3, k.get("blobsSkipped").asInt());

            Run human = run(push(images, null), "push", null, "hello", ref, "--insecure");
            assertTrue(human.out().startsWith("pushed " + ref + "@" + images.image.pushable().manifestDigest()), human.out());
            assertTrue(human.err().contains("already in the registry"), human.err());
        }
    }

    @Test
    void wrongPasswordFromStdinIsOneLineWithoutTheSecret() throws Exception {
        Requirements.require("docker-registry", "htpasswd");
        Pki.KeyPair tls = Pki.loopbackServer(work.resolve("pki"), "registry");
        Path htpasswd = work.resolve("htpasswd");
        Files.writeString(htpasswd, Commands.run(List.of("htpasswd", "-Bbn", "carol", "right-Pa55")).ok().stdout());
        FixedImages images = new FixedImages(TestImage.busybox(work.resolve("layout"), "cli-auth", true));
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"),
                new LocalRegistry.Config().tls(tls).htpasswd(htpasswd))) {
            String ref = registry.address() + "/cli/auth:1";

            Run wrong = run(push(images, "carol:wrong-Pa55\n"), "push", null, "hello", ref, "--ca-cert",
                    tls.cert().toString(), "--creds-stdin");

            assertEquals(StrataCli.EXIT_USER_ERROR, wrong.exit());
            assertEquals(1, wrong.err().strip().lines().count(), wrong.err());
            assertTrue(wrong.err().startsWith("strata: the registry " + registry.address()
                    + " refused user 'carol' from --creds-stdin"), wrong.err());
            assertFalse(wrong.err().contains("wrong-Pa55") || wrong.out().contains("wrong-Pa55"));

            Run right = run(push(images, "carol:right-Pa55\n"), "push", null, "hello", ref, "--ca-cert",
                    tls.cert().toString(), "--creds-stdin", "--json");
            assertEquals(0, right.exit(), right.err());
            assertFalse(right.err().contains("right-Pa55") || right.out().contains("right-Pa55"));
        }
    }

    @Test
    void badReferenceAndBadChunkSizeAreUserErrors() throws Exception {
        FixedImages images = new FixedImages(TestImage.busybox(work.resolve("layout"), "cli-bad", true));

        Run digest = run(push(images, null), "push", null, "hello", "127.0.0.1:5000/x@sha256:"
                + "0".repeat(64));
        assertEquals(StrataCli.EXIT_USER_ERROR, digest.exit());
        assertTrue(digest.err().contains("names a digest; a push needs a tag"), digest.err());

        Run chunk = run(push(images, null), "push", null, "hello", "127.0.0.1:5000/x:1", "--chunk-size", "lots");
        assertEquals(StrataCli.EXIT_USER_ERROR, chunk.exit());
        assertTrue(chunk.err().contains("--chunk-size lots is not a size"), chunk.err());

        Run both = run(push(images, null), "push", null, "hello", "127.0.0.1:5000/x:1", "--creds", "a:b",
                "--creds-stdin");
        assertEquals(StrataCli.EXIT_USAGE, both.exit());
    }

    @Test
    void loadPrintsNameAndImageId() throws Exception {
        Requirements.require("dockerd");
        FixedImages images = new FixedImages(TestImage.busybox(work.resolve("layout"), "cli-load", true));
        try (Dockerd dockerd = Dockerd.start(work.resolve("d"))) {
            LoadCommand load = new LoadCommand(loadOnly(images));

            Run r = run(load, "load", null, "hello", "-t", "strata-cli/hello:2", "--docker-host", dockerd.host(), "--json");

            assertEquals(0, r.exit(), r.err());
            JsonNode j = JSON.readTree(r.out());
            assertEquals("strata-cli/hello:2", j.get("loaded").get(0).asText());
            assertEquals(images.image.pushable().config().digest(), j.get("imageId").asText());
            assertEquals("hi", dockerd.docker("run", "--rm", "--network", "none", "strata-cli/hello:2",
                    "/bin/busybox", "echo", "hi").ok().stdout().strip());

            Run defaultName = run(new LoadCommand(loadOnly(images)), "load", null,
                    "python3Packages.flask", "--docker-host", dockerd.host());
            assertEquals(0, defaultName.exit(), defaultName.err());
            assertTrue(defaultName.out().startsWith("loaded strata/python3packages.flask:latest"), defaultName.out());
        }
    }

    @Test
    void loadWithoutDaemonIsOneSentence() {
        FixedImages images = new FixedImages(null);
        Run r = run(new LoadCommand(loadOnly(new Exports.Images() {
            @Override
            public PushableImage forPush(Recipe recipe, ProgressListener progress) {
                throw new AssertionError();
            }

            @Override
            public LoadableImage forLoad(Recipe recipe, String nameTag, ProgressListener progress) {
                return new LoadableImage(out -> { }, 0, nameTag);
            }
        })), "load", null, "hello", "--docker-host",
                "unix://" + work.resolve("none.sock"));

        assertEquals(StrataCli.EXIT_USER_ERROR, r.exit());
        assertTrue(r.err().startsWith("strata: no Docker daemon at unix://" + work.resolve("none.sock")), r.err());
        assertEquals(null, images.image);
    }

    private static Exports loadOnly(Exports.Images images) {
        return new Exports(images, null, null, new DaemonLoader(Map.of(), ProcessBuilder::new));
    }
}
