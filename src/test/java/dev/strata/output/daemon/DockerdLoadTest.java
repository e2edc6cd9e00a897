package dev.strata.output.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.output.TarBodyWriter;
import dev.strata.output.TransferEvent;
import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.Dockerd;
import dev.strata.output.fixtures.TestImage;
import dev.strata.testing.Requirements;
import java.io.File;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads into a real dockerd started by the test; containers run only with --network none. */
class DockerdLoadTest {
    @TempDir
    static Path dir;

    static Dockerd dockerd;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        Requirements.require("dockerd", "docker");
        dockerd = Dockerd.start(dir.resolve("d"));
    }

    @AfterAll
    static void stop() {
        if (dockerd != null) {
            dockerd.close();
        }
    }

    private static DaemonLoader loader(Map<String, String> env) {
        // The CLI fallback must not find a daemon unless a test says so.
        return new DaemonLoader(env, cmd -> {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("DOCKER_HOST", "unix:///nonexistent/strata-test.sock");
            return pb;
        });
    }

    @Test
    void loadedImageRunsAndItsIdIsTheConfigDigest() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "load", false);
        List<TransferEvent> events = new CopyOnWriteArrayList<>();

        LoadResult r = loader(Map.of()).load(image.dockerArchive("strata-test/hello:1"), dockerd.host(),
                "strata-test/hello:1", -1, events::add);

        assertEquals(List.of("strata-test/hello:1"), r.loaded());
        assertEquals(image.pushable().config().digest(), r.imageId());
        assertEquals("Engine API", r.via());
        assertTrue(r.bytesSent() > image.layers().get(0).blob().size());
        assertTrue(events.stream().anyMatch(e -> e.kind() == TransferEvent.Kind.FINISHED && e.done() == r.bytesSent()));
        assertEquals("hi", dockerd.docker("run", "--rm", "--network", "none", "strata-test/hello:1",
                "/bin/busybox", "echo", "hi").ok().stdout().strip());
        assertEquals("hello from load", dockerd.docker("run", "--rm", "--network", "none", "strata-test/hello:1")
                .ok().stdout().strip());
    }

    @Test
    void dockerHostFromTheEnvironment() throws Exception {
        TestImage image = TestImage.busybox(work.resolve("layout"), "env", true);

        LoadResult r = loader(Map.of("DOCKER_HOST", dockerd.host())).load(image.dockerArchive("strata-test/env:2"), null,
                "strata-test/env:2", -1, e -> { });

        assertEquals(List.of("strata-test/env:2"), r.loaded());
        assertEquals(dockerd.host(), r.daemon());
    }

    @Test
    void daemonErrorIsOneSentence() {
        TarBodyWriter broken = out -> {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
            byte[] manifest = "[{\"Config\":\"missing.json\",\"RepoTags\":[\"strata-test/broken:1\"],\"Layers\":[\"nope/layer.tar\"]}]"
                    .getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("manifest.json");
            e.setSize(manifest.length);
            tar.putArchiveEntry(e);
            tar.write(manifest);
            tar.closeArchiveEntry();
            tar.finish();
        };

        DaemonException e = assertThrows(DaemonException.class,
                () -> loader(Map.of()).load(broken, dockerd.host(), null, -1, ev -> { }));

        assertTrue(e.getMessage().startsWith("the Docker daemon at " + dockerd.host() + " (--docker-host) refused the image: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("missing.json"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void socketWithNoDaemonSaysSo() throws Exception {
        Path sock = work.resolve("dead.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(sock));
        }
        assertTrue(Files.exists(sock), "a socket file nobody listens on");

        DaemonException e = assertThrows(DaemonException.class, () -> loader(Map.of()).load(out -> { },
                "unix://" + sock, null, -1, ev -> { }));

        assertEquals("no Docker daemon is listening at unix://" + sock + " (--docker-host); start it (e.g. sudo "
                + "systemctl start docker) or point --docker-host at a running one", e.getMessage());
    }

    @Test
    void missingSocketSaysSo() {
        Path sock = work.resolve("absent.sock");

        DaemonException e = assertThrows(DaemonException.class, () -> loader(Map.of("DOCKER_HOST", "unix://" + sock))
                .load(out -> { }, null, null, -1, ev -> { }));

        assertTrue(e.getMessage().startsWith("no Docker daemon at unix://" + sock + " (DOCKER_HOST)"), e.getMessage());
    }

    @Test
    void noDaemonAnywhereListsWhatWasTried() {
        Requirements.need(!Files.exists(DockerHost.DOCKER_SOCKET) && !Files.exists(DockerHost.PODMAN_ROOT_SOCKET),
                "this machine runs a system Docker or podman daemon, and this test needs a machine without one");

        DaemonException e = assertThrows(DaemonException.class, () -> loader(Map.of("XDG_RUNTIME_DIR",
                work.toString())).load(out -> { }, null, null, -1, ev -> { }));

        assertTrue(e.getMessage().startsWith("no Docker daemon found (tried /var/run/docker.sock"), e.getMessage());
        assertTrue(e.getMessage().contains(work.resolve("podman/podman.sock").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("/run/podman/podman.sock"), e.getMessage());
    }

    @Test
    void dockerCliCarriesTheLoadWhenNoSocketIsReachable() throws Exception {
        Requirements.need(!Files.exists(DockerHost.DOCKER_SOCKET) && !Files.exists(DockerHost.PODMAN_ROOT_SOCKET),
                "this machine runs a system Docker or podman daemon, and this test needs a machine without one");
        TestImage image = TestImage.busybox(work.resolve("layout"), "cli", true);
        // Strata sees no socket; the docker CLI reaches our dockerd (as through a docker context).
        DaemonLoader loader = new DaemonLoader(Map.of("XDG_RUNTIME_DIR", work.toString()), cmd -> {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("DOCKER_HOST", dockerd.host());
            return pb;
        });

        LoadResult r = loader.load(image.dockerArchive("strata-test/cli:1"), null, "strata-test/cli:1", -1, e -> { });

        assertEquals("docker CLI", r.via());
        assertEquals(List.of("strata-test/cli:1"), r.loaded());
        assertEquals(image.pushable().config().digest(), r.imageId());
        assertEquals("hi", dockerd.docker("run", "--rm", "--network", "none", "strata-test/cli:1",
                "/bin/busybox", "echo", "hi").ok().stdout().strip());
    }

    @Test
    void userOutsideTheDockerGroupIsToldHowToGetIn() throws Exception {
        Requirements.need("root".equals(System.getProperty("user.name")), "running a child as nobody needs root");
        Requirements.require("setpriv");
        // nobody may walk to the socket (so the refusal comes from the socket's own mode, root:docker 0660)
        for (Path p = dockerd.socket().getParent(); p != null && p.startsWith(dir); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
        }
        Path lib = work.resolve("lib");
        Files.createDirectories(lib);
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("jackson")) {
                Files.copy(Path.of(entry), lib.resolve(Path.of(entry).getFileName()));
            }
        }
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        String classes = Path.of("target/classes").toAbsolutePath() + ":" + Path.of("target/test-classes").toAbsolutePath()
                + ":" + lib + "/*";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Commands.Result r = Commands.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", java,
                "-cp", classes, LoadAsAnotherUser.class.getName(), dockerd.host()), Map.of(), 60);

        assertEquals("permission denied on the Docker socket " + dockerd.socket() + "; add your user to the group that "
                + "owns it (e.g. sudo usermod -aG docker $USER, then log in again), or run as root",
                r.stdout().strip(), r.stderr());
    }
}
