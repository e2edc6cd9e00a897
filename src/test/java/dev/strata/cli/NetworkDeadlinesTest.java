package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.compose.Exports;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.output.LoadableImage;
import dev.strata.output.PushableImage;
import dev.strata.output.daemon.DaemonLoader;
import dev.strata.output.fixtures.StallingServer;
import dev.strata.output.fixtures.TestImage;
import dev.strata.output.registry.CredentialResolver;
import dev.strata.output.registry.PushedBlobIndex;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * Every network wait of {@code push} and {@code load} has a deadline: a registry or daemon that
 * accepts the connection and then never answers, stops reading, or answers a byte at a time ends
 * the command with one sentence and exit 1 once {@code --timeout} has passed, never a hang.
 */
class NetworkDeadlinesTest {
    static final String PING = StallingServer.ok("{}");
    static final String LOADED = StallingServer.ok("{\"stream\":\"Loaded image: stuck/hello:1\\n\"}");

    @TempDir
    static Path shared;
    static TestImage image;

    @TempDir
    Path work;

    @BeforeAll
    static void buildImage() throws Exception {
        image = TestImage.busybox(shared.resolve("layout"), "deadlines", true);
    }

    record Run(int exit, String out, String err) {
        /** The last line on stderr (progress lines come before it). */
        String error() {
            List<String> lines = err.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    static final class OneImage implements Exports.Images {
        @Override
        public PushableImage forPush(Recipe recipe, ProgressListener progress) {
            return image.pushable();
        }

        @Override
        public LoadableImage forLoad(Recipe recipe, String nameTag, ProgressListener progress) {
            return new LoadableImage(image.dockerArchive(nameTag), -1, nameTag);
        }
    }

    private Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = StrataCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                TestCommands.supplying(command));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private PushCommand push() {
        return new PushCommand(new Exports(new OneImage(), new PushedBlobIndex(work.resolve("index")),
                new CredentialResolver(Map.of(), work.resolve("home")), null), new ByteArrayInputStream(new byte[0]));
    }

    private LoadCommand load() {
        return new LoadCommand(new Exports(new OneImage(), null, null, new DaemonLoader(Map.of(), ProcessBuilder::new)));
    }

    /** Stalling after the headers is what java.net.http's own timeout misses: it held push for ever. */
    @ParameterizedTest
    @EnumSource(value = StallingServer.Mode.class, names = {"SILENT", "STALL_AFTER_HEADERS"})
    void aRegistryThatAcceptsAndNeverAnswersEndsAfterTheTimeout(StallingServer.Mode mode) throws Exception {
        try (StallingServer registry = StallingServer.tcp(mode, PING)) {
            Run r = run(push(), "push", "hello", registry.address() + "/stuck/hello:1", "--insecure", "--timeout", "1");
            assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), r.err());
            assertEquals("strata: the registry " + registry.address() + " did not answer within 1 s while contacting "
                    + "it; check that it is up and reachable, or give it longer with --timeout", r.error());
        }
    }

    @Test
    void aRegistryThatAnswersAByteAtATimeEndsAfterTheTimeout() throws Exception {
        try (StallingServer registry = StallingServer.tcp(StallingServer.Mode.TRICKLE,
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n").answering("^GET /v2/ ", PING)) {
            Run r = run(push(), "push", "hello", registry.address() + "/stuck/hello:1", "--insecure", "--timeout", "1");
            assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), r.err());
            assertTrue(r.error().startsWith("strata: the registry " + registry.address() + " did not answer within 1 s "
                    + "while checking for blob sha256:"), r.error());
        }
    }

    @Test
    void aDaemonThatAcceptsAndNeverAnswersEndsAfterTheTimeout() throws Exception {
        Path socket = work.resolve("silent.sock");
        try (StallingServer daemon = StallingServer.unix(socket, StallingServer.Mode.SILENT, PING)) {
            Run r = run(load(), "load", "hello", "-t", "stuck/hello:1", "--docker-host", "unix://" + socket,
                    "--timeout", "1");
            assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), r.err());
            assertEquals("strata: the Docker daemon at unix://" + socket + " (--docker-host) sent no complete answer "
                    + "within 1 s; check that it is healthy (e.g. docker info), or give it longer with --timeout",
                    r.error());
            assertEquals(1, daemon.connections(), "no retries, no fallback to the docker CLI");
        }
    }

    @Test
    void aDaemonThatStopsReadingTheImageEndsAfterTheTimeout() throws Exception {
        Path socket = work.resolve("full.sock");
        try (StallingServer daemon = StallingServer.unix(socket, StallingServer.Mode.NOT_READING, PING)
                .answering("^GET /_ping", PING)) {
            Run r = run(load(), "load", "hello", "-t", "stuck/hello:1", "--docker-host", "unix://" + socket,
                    "--timeout", "1");
            assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), r.err());
            assertTrue(r.error().matches("strata: the Docker daemon at unix://" + socket + " \\(--docker-host\\) "
                    + "(stopped reading what was sent for 1 s|sent no complete answer within 1 s) while loading the "
                    + "image \\([0-9]+ bytes sent\\); check that it is healthy \\(e.g. docker info\\) and its disk, or "
                    + "give it longer with --timeout"), r.error());
        }
    }

    @Test
    void aDaemonThatAnswersAByteAtATimeEndsAfterTheTimeout() throws Exception {
        Path socket = work.resolve("slow.sock");
        try (StallingServer daemon = StallingServer.unix(socket, StallingServer.Mode.TRICKLE, LOADED)
                .answering("^GET /_ping", PING)) {
            Run r = run(load(), "load", "hello", "-t", "stuck/hello:1", "--docker-host", "unix://" + socket,
                    "--timeout", "1");
            assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), r.err());
            assertTrue(r.error().startsWith("strata: the Docker daemon at unix://" + socket + " (--docker-host) sent no "
                    + "complete answer within 1 s while loading the image ("), r.error());
            assertTrue(daemon.received() > 0, "the image was sent");
        }
    }

    @Test
    void aDaemonAddressThatCannotWorkIsRefusedBeforeTheBuild() throws Exception {
        Path dir = Files.createDirectory(work.resolve("a-directory"));
        Path file = Files.writeString(work.resolve("a-file"), "x");
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"unix://" + work.resolve("missing.sock"), "no such socket"});
        cases.add(new String[] {"unix://" + dir, "a directory, not a socket"});
        cases.add(new String[] {file.toString(), "a regular file, not a socket"});
        cases.add(new String[] {"tcp://127.0.0.1:99999", "has port 99999, which does not exist"});
        cases.add(new String[] {"tcp://127.0.0.1:0", "has port 0, which does not exist"});
        for (String[] c : cases) {
            Run r = run(new LoadCommand(new Exports(new NoImages(), null, null,
                    new DaemonLoader(Map.of(), ProcessBuilder::new))), "load", "hello", "--docker-host", c[0]);
            assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), c[0] + ": " + r.err());
            assertTrue(r.error().contains(c[1]), c[0] + ": " + r.error());
            assertFalse(r.err().contains("internal error"), r.err());
        }
    }

    /** Fails the test if anything is built: a refused address must be refused first. */
    static final class NoImages implements Exports.Images {
        @Override
        public PushableImage forPush(Recipe recipe, ProgressListener progress) {
            throw new AssertionError("built before the check");
        }

        @Override
        public LoadableImage forLoad(Recipe recipe, String nameTag, ProgressListener progress) {
            throw new AssertionError("built before the check");
        }
    }

    /**
     * The fallback for daemons only the docker CLI reaches (here {@code ssh://}): a CLI that stops
     * reading the archive, or reads it all and never finishes, is killed at the deadline with its
     * children. The "docker" is a script standing in for a CLI whose daemon hangs.
     */
    @Test
    void aDockerCliThatHangsIsKilledAtTheDeadline() throws Exception {
        Path pids = work.resolve("pids");
        for (String[] c : new String[][] {
            {"exec sleep 300", "docker load stopped taking the image for 1 s"},
            {"cat > /dev/null; exec sleep 300", "docker load did not finish within 1 s"},
        }) {
            Path docker = Files.writeString(work.resolve("docker"), "#!/bin/sh\necho $$ >> " + pids + "\n"
                    + "case \"$1\" in version) echo 20.10.24 ;; load) " + c[0] + " ;; *) exit 1 ;; esac\n");
            docker.toFile().setExecutable(true);
            DaemonLoader loader = new DaemonLoader(Map.of(), cmd -> {
                List<String> argv = new ArrayList<>(cmd);
                argv.set(0, docker.toString());
                return new ProcessBuilder(argv);
            });
            dev.strata.output.daemon.DaemonException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.strata.output.daemon.DaemonException.class, () -> loader.load(image.dockerArchive("stuck/cli:1"),
                            "ssh://nowhere.invalid", "stuck/cli:1", -1, java.time.Duration.ofSeconds(1), ev -> { }));
            assertTrue(e.getMessage().startsWith(c[1] + " (") && e.getMessage().endsWith("and was stopped; check "
                    + "that the daemon is healthy (e.g. docker info), or give it longer with --timeout"), e.getMessage());
        }
        for (String pid : Files.readAllLines(pids)) {
            java.util.Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(pid.strip()));
            if (p.isPresent()) {
                p.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }
}
