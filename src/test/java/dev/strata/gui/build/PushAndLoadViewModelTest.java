package dev.strata.gui.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.ProgressListener;
import dev.strata.gui.Fx;
import dev.strata.gui.common.Pipeline;
import dev.strata.gui.common.Workspace;
import dev.strata.image.Compression;
import dev.strata.output.daemon.LoadResult;
import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.Dockerd;
import dev.strata.output.fixtures.FaultProxy;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.output.fixtures.Pki;
import dev.strata.output.registry.PushResult;
import dev.strata.source.ResolvedSource;
import dev.strata.testing.Requirements;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build screen's push and load, through its view model, with the real pipeline (Nix, the demo
 * set's hello) against a real docker-registry and a real dockerd started here on loopback; skopeo and
 * the docker CLI check what arrived.
 */
class PushAndLoadViewModelTest {
    static final String USER = "alice";
    static final String PASSWORD = "s3cret-Gui-Pa55";

    @TempDir
    static Path shared;
    static Pipeline pipeline;
    static LocalRegistry plain;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        Requirements.require("docker-registry", "skopeo");
        pipeline = Fx.pipeline(shared.resolve("cache"));
        plain = LocalRegistry.start(shared.resolve("registry"));
    }

    @AfterAll
    static void stop() {
        if (plain != null) {
            plain.close();
        }
    }

    static BuildViewModel viewModel(String... packages) {
        Workspace ws = Fx.call(() -> new Workspace(pipeline));
        ResolvedSource source = pipeline.resolve("demo", ProgressListener.NONE);
        Fx.run(() -> {
            ws.sourceProperty().set(source);
            ws.packages().setAll(packages);
            ws.tagProperty().set("hello:gui");
        });
        return Fx.call(() -> new BuildViewModel(ws));
    }

    /** Builds; when the screen asks about a tag or name that exists already, answers to replace it. */
    static void run(BuildViewModel vm) {
        Fx.run(vm::build);
        Fx.waitUntil(() -> !vm.busyProperty().get(), "the build to end");
        if (Fx.call(() -> vm.questionProperty().get()) != null) {
            Fx.run(() -> vm.answer(Answer.REPLACE));
            Fx.waitUntil(() -> !vm.busyProperty().get(), "the build to end");
        }
    }

    static String error(BuildViewModel vm) {
        return Fx.call(() -> vm.errorProperty().get());
    }

    static void pushTo(BuildViewModel vm, String reference) {
        Fx.run(() -> {
            vm.destinationProperty().set(Destination.REGISTRY);
            vm.push().referenceProperty().set(reference);
            vm.push().insecureProperty().set(true); // plain HTTP
        });
    }

    @Test
    void pushesHelloToARealRegistryThenASecondPushSkipsEveryBlob() throws Exception {
        BuildViewModel vm = viewModel("hello");
        String ref = plain.address() + "/demo/hello:gui";
        pushTo(vm, ref);
        Fx.run(() -> vm.push().extraTagsProperty().set("latest, 1.0"));
        run(vm);

        assertEquals("", error(vm));
        PushResult first = Fx.call(() -> vm.pushResultProperty().get());
        assertNotNull(first);
        JsonNode inspect = new ObjectMapper().readTree(Commands.run(List.of("skopeo", "inspect", "--tls-verify=false",
                "docker://" + ref)).ok().stdout());
        assertEquals(first.manifestDigest(), inspect.path("Digest").asText(), "skopeo sees the digest the screen shows");
        for (String tag : List.of("latest", "1.0")) {
            JsonNode other = new ObjectMapper().readTree(Commands.run(List.of("skopeo", "inspect", "--tls-verify=false",
                    "docker://" + plain.address() + "/demo/hello:" + tag)).ok().stdout());
            assertEquals(first.manifestDigest(), other.path("Digest").asText());
        }
        int blobs = inspect.path("Layers").size() + 1;
        assertEquals(blobs, first.blobsUploaded() + first.blobsSkipped());
        // Sent, or mounted from a repository an earlier test pushed to (the pushed-blob index is shared).
        assertEquals(blobs, first.blobsUploaded() + first.blobsMounted());
        List<String> states = Fx.call(() -> vm.blobs().stream().map(b -> b.statusProperty().get()).toList());
        assertEquals(blobs, states.size(), "one bar per blob");
        assertTrue(Fx.call(() -> vm.blobs().stream().allMatch(b -> b.progressProperty().get() == 1.0)), states.toString());
        assertTrue(states.stream().allMatch(s -> s.startsWith("sent") || s.startsWith("mounted from")), states.toString());
        assertEquals("docker pull " + ref, Fx.call(() -> vm.resultCommandProperty().get()));
        String log = Fx.call(() -> vm.log().text());
        assertTrue(log.contains("config    ") && (log.contains(": sent ") || log.contains(": mounted from ")), log);
        assertTrue(log.contains("warning: --insecure"), "the insecure warning is in the log: " + log);
        assertEquals(1.0, Fx.call(() -> vm.stages().get(vm.stages().size() - 1).progressProperty().get()));

        run(vm);
        PushResult second = Fx.call(() -> vm.pushResultProperty().get());
        assertEquals("", error(vm));
        assertEquals(0, second.blobsUploaded(), "a second push sends no blob");
        assertEquals(0, second.bytesUploaded());
        assertEquals(blobs, second.blobsSkipped());
        assertEquals(first.manifestDigest(), second.manifestDigest());
        assertTrue(Fx.call(() -> vm.blobs().stream().allMatch(b -> b.statusProperty().get().equals("already in the registry"))));
    }

    @Test
    void loadsHelloIntoARealDockerdAndItRuns() throws Exception {
        Requirements.require("dockerd", "docker");
        // A short directory: unix socket paths are limited to 108 bytes.
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "strata-gui-dockerd");
        try (Dockerd dockerd = Dockerd.start(dir)) {
            BuildViewModel vm = viewModel("hello");
            assertFalse(Fx.call(() -> vm.load().dockerHostProperty().get()).isBlank(), "the host field has a default");
            Fx.run(() -> {
                vm.destinationProperty().set(Destination.DAEMON);
                vm.load().dockerHostProperty().set(dockerd.host());
            });
            assertEquals("hello:gui", Fx.call(() -> vm.load().nameBinding().get()), "the Image screen's tag");
            run(vm);

            assertEquals("", error(vm));
            LoadResult r = Fx.call(() -> vm.loadResultProperty().get());
            assertNotNull(r);
            assertEquals(List.of("hello:gui"), r.loaded());
            assertTrue(r.imageId().startsWith("sha256:"), r.imageId());
            assertEquals(r.imageId(), dockerd.docker("image", "inspect", "--format", "{{.Id}}", "hello:gui").ok()
                    .stdout().strip());
            assertEquals("docker -H " + dockerd.host() + " run --rm --network none hello:gui hello",
                    Fx.call(() -> vm.resultCommandProperty().get()));
            assertEquals("Hello, world!", dockerd.docker("run", "--rm", "--network", "none", "hello:gui", "hello").ok()
                    .stdout().strip());
            BlobRow archive = Fx.call(() -> vm.blobs().get(0));
            assertEquals(1, Fx.call(() -> vm.blobs().size()));
            assertEquals(1.0, Fx.call(() -> archive.progressProperty().get()));
            assertTrue(Fx.call(() -> archive.statusProperty().get()).startsWith("sent"));
        } finally {
            Commands.run(List.of("rm", "-rf", dir.toString()));
        }
    }

    @Test
    void aWrongPasswordIsNamedWithItsUserAndNoSecretAppearsAnywhere() throws Exception {
        Requirements.require("htpasswd", "openssl");
        Pki.KeyPair tls = Pki.loopbackServer(tmp.resolve("pki"), "registry");
        Path htpasswd = tmp.resolve("htpasswd");
        Files.writeString(htpasswd, Commands.run(List.of("htpasswd", "-Bbn", USER, PASSWORD)).ok().stdout());
        try (LocalRegistry secure = LocalRegistry.start(tmp.resolve("secure"),
                new LocalRegistry.Config().tls(tls).htpasswd(htpasswd))) {
            BuildViewModel vm = viewModel("hello");
            String wrong = "not-the-Pa55word";
            String ref = secure.address() + "/team/hello:1";
            Fx.run(() -> {
                vm.destinationProperty().set(Destination.REGISTRY);
                vm.push().referenceProperty().set(ref);
                vm.push().caCertProperty().set(tls.cert().toString());
                vm.push().useDockerConfigProperty().set(false);
                vm.push().usernameProperty().set(USER);
                vm.push().passwordProperty().set(wrong);
            });
            run(vm);

            String message = error(vm);
            assertTrue(message.contains("refused user 'alice' from the Build screen"), message);
            assertFalse(message.contains("\n"), "one sentence: " + message);
            assertNull(Fx.call(() -> vm.pushResultProperty().get()));
            assertTrue(Fx.call(() -> vm.statusProperty().get()).contains("no tag was stored"));
            assertNoSecret(vm, wrong);

            // Still usable: the right password pushes over verified TLS (the CA given), and leaves no trace either.
            Fx.run(() -> vm.push().passwordProperty().set(PASSWORD));
            run(vm);
            assertEquals("", error(vm));
            PushResult r = Fx.call(() -> vm.pushResultProperty().get());
            String inspect = Commands.run(List.of("skopeo", "inspect", "--cert-dir", tmp.resolve("pki").toString(),
                    "--tls-verify=false", "--creds", USER + ":" + PASSWORD, "docker://" + ref)).ok().stdout();
            assertTrue(inspect.contains(r.manifestDigest()));
            assertNoSecret(vm, PASSWORD);
            assertFalse(Fx.call(() -> vm.log().text()).contains("warning: --insecure"), "verified TLS: no warning");
            String recipe = new ObjectMapper().writeValueAsString(Fx.call(() -> vm.workspace().toRecipe()));
            assertFalse(recipe.contains(PASSWORD) || recipe.contains(USER), "the recipe holds no credential: " + recipe);
        }
    }

    static void assertNoSecret(BuildViewModel vm, String secret) {
        List<String> shown = new ArrayList<>(Fx.call(() -> List.of(vm.errorProperty().get(), vm.statusProperty().get(),
                vm.resultCommandProperty().get(), vm.log().text(), String.valueOf(vm.pushResultProperty().get()))));
        shown.addAll(Fx.call(() -> vm.blobs().stream().map(b -> b.statusProperty().get()).toList()));
        shown.addAll(Fx.call(() -> vm.stages().stream().map(s -> s.statusProperty().get()).toList()));
        for (String s : shown) {
            assertFalse(s.contains(secret), "the secret appears in: " + s);
        }
    }

    @Test
    void fieldsAreValidatedWithReadableMessages() throws Exception {
        BuildViewModel vm = viewModel("hello");
        Fx.run(() -> vm.destinationProperty().set(Destination.REGISTRY));
        assertTrue(problem(vm).startsWith("Enter where to push"), problem(vm));
        Fx.run(() -> vm.push().referenceProperty().set("127.0.0.1:5000/Tools/Hello:1"));
        assertEquals("'127.0.0.1:5000/Tools/Hello:1' is not an image reference; write REGISTRY/REPOSITORY:TAG, "
                + "e.g. 127.0.0.1:5000/tools/hello:1.", problem(vm));
        Fx.run(() -> vm.push().referenceProperty().set("127.0.0.1:5000/tools/hello:bad tag!"));
        assertTrue(problem(vm).contains("not an image reference"), problem(vm));
        Fx.run(() -> vm.push().referenceProperty().set("127.0.0.1:5000/tools/hello:1"));
        assertEquals("", problem(vm));
        Fx.run(() -> vm.push().extraTagsProperty().set("latest, -bad"));
        assertTrue(problem(vm).contains("'-bad' is not a valid tag"), problem(vm));
        Fx.run(() -> vm.push().extraTagsProperty().set("latest"));

        Fx.run(() -> {
            vm.push().useDockerConfigProperty().set(false);
            vm.push().usernameProperty().set("alice");
        });
        assertEquals("Enter the password (or token) for user 'alice', or use Docker's config.", problem(vm));
        Fx.run(() -> vm.push().passwordProperty().set("x"));
        assertEquals("", problem(vm));
        Fx.run(() -> vm.push().usernameProperty().set(""));
        assertEquals("Enter the user name that goes with the password.", problem(vm));
        Fx.run(() -> vm.push().useDockerConfigProperty().set(true));
        assertEquals("", problem(vm), "with Docker's config the fields do not count");

        Fx.run(() -> vm.push().caCertProperty().set(tmp.resolve("missing.pem").toString()));
        assertTrue(problem(vm).startsWith("The CA certificate " + tmp.resolve("missing.pem") + " does not exist"),
                problem(vm));
        Fx.run(() -> vm.push().caCertProperty().set(tmp.toString()));
        assertTrue(problem(vm).contains("is not a file"), problem(vm));
        Fx.run(() -> vm.build());
        assertEquals(problem(vm), error(vm), "building explains instead of starting");
        assertFalse(Fx.call(() -> vm.busyProperty().get()));

        Fx.run(() -> {
            vm.destinationProperty().set(Destination.DAEMON);
            vm.load().dockerHostProperty().set("ftp://nowhere");
        });
        assertTrue(problem(vm).contains("not a Docker host Strata understands"), problem(vm));
        Fx.run(() -> vm.load().dockerHostProperty().set("tcp://127.0.0.1:2375"));
        assertEquals("", problem(vm));
        Fx.run(() -> vm.destinationProperty().set(Destination.DOCKER_ARCHIVE));
        assertEquals("", problem(vm), "a file destination has its own checks when building");
    }

    static String problem(BuildViewModel vm) {
        return Fx.call(() -> vm.problemBinding().get());
    }

    @Test
    void anUnreachableRegistryAndAMissingDaemonAreOneSentenceAndTheScreenStaysUsable() throws Exception {
        BuildViewModel vm = viewModel("hello");
        int nobody = Commands.freePort();
        pushTo(vm, "127.0.0.1:" + nobody + "/nobody/home:1");
        run(vm);
        String pushError = error(vm);
        assertTrue(pushError.startsWith("Cannot connect to the registry 127.0.0.1:" + nobody) && !pushError.contains("\n"),
                pushError);
        assertNull(Fx.call(() -> vm.pushResultProperty().get()));

        Path socket = tmp.resolve("no-daemon.sock");
        Fx.run(() -> {
            vm.destinationProperty().set(Destination.DAEMON);
            vm.load().dockerHostProperty().set("unix://" + socket);
        });
        run(vm);
        String loadError = error(vm);
        assertTrue(loadError.startsWith("No Docker daemon at unix://" + socket), loadError);
        assertNull(Fx.call(() -> vm.loadResultProperty().get()));

        // A CA file that is there but holds no certificate: said when the push starts, nothing is sent.
        Path notACert = Files.writeString(tmp.resolve("not-a-cert.pem"), "hello\n");
        pushTo(vm, "127.0.0.1:" + nobody + "/nobody/home:1");
        Fx.run(() -> {
            vm.push().insecureProperty().set(false);
            vm.push().caCertProperty().set(notACert.toString());
        });
        assertEquals("", problem(vm), "readable: the fields are fine");
        run(vm);
        assertTrue(error(vm).contains(notACert + " is not a certificate file")
                || error(vm).contains(notACert + " holds no certificate"), error(vm));
        Fx.run(() -> vm.push().caCertProperty().set(""));

        // Still usable: the same screen pushes to the real registry.
        pushTo(vm, plain.address() + "/demo/after-errors:1");
        run(vm);
        assertEquals("", error(vm));
        assertNotNull(Fx.call(() -> vm.pushResultProperty().get()));
    }

    @Test
    void zstdLayersForALoadAreRefusedBeforeAnythingIsBuilt() {
        BuildViewModel vm = viewModel("hello");
        Fx.run(() -> {
            vm.workspace().compressionProperty().set(Compression.ZSTD);
            vm.destinationProperty().set(Destination.DAEMON);
            vm.load().dockerHostProperty().set("unix://" + tmp.resolve("no-daemon.sock"));
            vm.build();
        });
        String e = error(vm);
        assertTrue(e.startsWith("Zstd layers are for OCI images") && e.contains("choose gzip compression (Image screen)"), e);
        assertFalse(Fx.call(() -> vm.busyProperty().get()), "nothing was started");
    }

    @Test
    void cancelStopsAPushThatHangsAndStoresNoTag() throws Exception {
        try (FaultProxy proxy = new FaultProxy(plain.port())) {
            // Every blob upload hangs without an answer, as a stuck registry would.
            proxy.stall("^PUT /v2/demo/cancelled/blobs/uploads/", Duration.ofSeconds(90), 100);
            BuildViewModel vm = viewModel("hello");
            pushTo(vm, proxy.address() + "/demo/cancelled:1");
            Fx.run(vm::build);
            Fx.waitUntil(() -> vm.blobs().stream().anyMatch(b -> b.statusProperty().get().startsWith("sending")),
                    "an upload to start");
            long t0 = System.nanoTime();
            Fx.run(vm::cancel);
            Fx.call(vm::workerDone).get(20, TimeUnit.SECONDS);
            Fx.waitUntil(() -> !vm.busyProperty().get(), "the screen to say so");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 15_000, "the push stopped " + ms + " ms after Cancel, not when the stall ended");
            String status = Fx.call(() -> vm.statusProperty().get());
            assertTrue(status.startsWith("Cancelled"), status);
            assertEquals("", error(vm));
            assertTrue(Fx.call(() -> vm.blobs().stream().anyMatch(b -> b.statusProperty().get().equals("cancelled"))));
            Fx.run(() -> { }); // whatever the stopping upload threads still said has reached the FX thread
            assertEquals(status, Fx.call(() -> vm.statusProperty().get()), "the cancel's sentence stays");
            assertNotEquals(0, Commands.run(List.of("skopeo", "inspect", "--tls-verify=false",
                    "docker://" + plain.address() + "/demo/cancelled:1")).exit(), "no tag was stored");
            assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("strata-push")
                    && t.isAlive() && t.getState() != Thread.State.TERMINATED && isUploading(t)),
                    "no upload thread is left sending");
        }
    }

    static boolean isUploading(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().contains("BlobPusher")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A Docker Engine API on a unix socket that answers {@code /_ping} and then swallows a load
     * without ever answering: a daemon stuck on a slow disk.
     */
    static final class StuckDaemon implements AutoCloseable {
        final ServerSocketChannel server;
        final Path socket;
        final AtomicLong swallowed = new AtomicLong();

        StuckDaemon(Path socket) throws IOException {
            this.socket = socket;
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread t = new Thread(this::serve, "stuck-daemon");
            t.setDaemon(true);
            t.start();
        }

        void serve() {
            while (server.isOpen()) {
                try {
                    SocketChannel c = server.accept();
                    Thread t = new Thread(() -> answer(c), "stuck-daemon-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        void answer(SocketChannel c) {
            try (c) {
                ByteBuffer buf = ByteBuffer.allocate(1 << 16);
                int n = c.read(buf);
                String head = new String(buf.array(), 0, Math.max(0, n), StandardCharsets.ISO_8859_1);
                if (head.startsWith("GET /_ping")) {
                    c.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK"
                            .getBytes(StandardCharsets.ISO_8859_1)));
                    return;
                }
                swallowed.addAndGet(n);
                while (true) {
                    buf.clear();
                    int more = c.read(buf);
                    if (more < 0) {
                        return; // the client hung up: what a cancel does
                    }
                    swallowed.addAndGet(more);
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            Files.deleteIfExists(socket);
        }
    }

    @Test
    void cancelStopsALoadTheDaemonNeverAnswers() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "strata-stuck");
        try (StuckDaemon daemon = new StuckDaemon(dir.resolve("docker.sock"))) {
            BuildViewModel vm = viewModel("hello");
            Fx.run(() -> {
                vm.destinationProperty().set(Destination.DAEMON);
                vm.load().dockerHostProperty().set("unix://" + daemon.socket);
            });
            Fx.run(vm::build);
            Fx.waitUntil(() -> vm.blobs().stream().anyMatch(b -> b.progressProperty().get() > 0), "the archive to flow");
            Fx.waitUntil(() -> vm.blobs().stream().allMatch(b -> b.progressProperty().get() >= 1),
                    "the whole archive in the daemon's hands (and the daemon saying nothing)");
            assertTrue(Fx.call(() -> vm.busyProperty().get()), "still waiting for the daemon");
            long t0 = System.nanoTime();
            Fx.run(vm::cancel);
            Fx.call(vm::workerDone).get(20, TimeUnit.SECONDS);
            Fx.waitUntil(() -> !vm.busyProperty().get(), "the screen to say so");
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "the load stopped at once");
            assertTrue(Fx.call(() -> vm.statusProperty().get()).startsWith("Cancelled"), Fx.call(() -> vm.statusProperty().get()));
            assertEquals("", error(vm), "a cancel is no error");
            assertNull(Fx.call(() -> vm.loadResultProperty().get()));
            assertTrue(daemon.swallowed.get() > 0);
        } finally {
            Commands.run(List.of("rm", "-rf", dir.toString()));
        }
    }

    @Test
    void aLoadTheDaemonNeverAnswersEndsAtTheScreensTimeoutWithOneSentence() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "strata-stuck");
        try (StuckDaemon daemon = new StuckDaemon(dir.resolve("docker.sock"))) {
            BuildViewModel vm = viewModel("hello");
            Fx.run(() -> {
                vm.destinationProperty().set(Destination.DAEMON);
                vm.load().dockerHostProperty().set("unix://" + daemon.socket);
                vm.load().timeoutSecondsProperty().set("0");
            });
            assertTrue(problem(vm).startsWith("The timeout '0' is not a number of seconds from 1 to 86400"), problem(vm));
            Fx.run(() -> vm.load().timeoutSecondsProperty().set("1"));
            assertEquals("", problem(vm));
            run(vm);
            String e = error(vm);
            assertTrue(e.startsWith("The Docker daemon at unix://" + daemon.socket + " (the Docker host) sent no complete "
                    + "answer within 1 s while loading the image") && !e.contains("\n"), e);
            assertEquals("The load failed.", Fx.call(() -> vm.statusProperty().get()));
            assertNull(Fx.call(() -> vm.loadResultProperty().get()));
            assertTrue(daemon.swallowed.get() > 0, "the image went to the daemon before it fell silent");
        } finally {
            Commands.run(List.of("rm", "-rf", dir.toString()));
        }
    }

    @Test
    void aDaemonSocketThatCannotBeIsSaidBeforeAnythingIsBuilt() throws Exception {
        BuildViewModel vm = viewModel("hello");
        Path notASocket = Files.writeString(tmp.resolve("docker.sock"), "a file");
        Fx.run(() -> {
            vm.destinationProperty().set(Destination.DAEMON);
            vm.load().dockerHostProperty().set("unix://" + notASocket);
        });
        run(vm);
        assertTrue(error(vm).startsWith("No Docker daemon at unix://" + notASocket + " (the Docker host): " + notASocket
                + " (the Docker host: a regular file, not a socket)"), error(vm));
        assertTrue(Fx.call(() -> vm.stages().stream().allMatch(s -> s.progressProperty().get() == 0)),
                "no stage ran");
    }
}
