package dev.strata.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cli.StrataCli;
import dev.strata.cli.TestCli;
import dev.strata.compose.Composer;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.image.BuiltImage;
import dev.strata.image.ImageConfig;
import dev.strata.image.ManifestFormat;
import dev.strata.nix.Realisation;
import dev.strata.testing.TestImages;
import dev.strata.testing.TestImages.Run;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-archives loaded into a real dockerd (started here, with no iptables, no bridge, and
 * containers without network) and run: the greeting, a script whose interpreter and callee live in
 * other layers, the configured user, entrypoint and /tmp.
 */
class DockerDaemonTest {
    @TempDir
    static Path tmp;

    static Path dockerDir;
    static Process dockerd;
    static Map<String, String> env;
    static Composer composer;

    @BeforeAll
    static void startDockerd() throws Exception {
        // A short directory: the socket path must stay under the 108-byte limit of unix sockets.
        dockerDir = Files.createTempDirectory(Path.of("/tmp"), "strata-dockerd-");
        Path sock = dockerDir.resolve("docker.sock");
        dockerd = new ProcessBuilder("dockerd", "--host", "unix://" + sock, "--data-root", dockerDir.resolve("root").toString(),
                "--exec-root", dockerDir.resolve("exec").toString(), "--pidfile", dockerDir.resolve("pid").toString(),
                "--iptables=false", "--ip6tables=false", "--bridge=none")
                .redirectErrorStream(true).redirectOutput(dockerDir.resolve("dockerd.log").toFile()).start();
        env = Map.of("DOCKER_HOST", "unix://" + sock);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (docker("version").exit() != 0) {
            if (System.nanoTime() > deadline || !dockerd.isAlive()) {
                throw new AssertionError("dockerd did not start:\n" + Files.readString(dockerDir.resolve("dockerd.log")));
            }
            Thread.sleep(200);
        }
        composer = TestImages.composer(tmp.resolve("cache"));
    }

    @AfterAll
    static void stopDockerd() throws Exception {
        if (dockerd != null) {
            dockerd.destroy();
            if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor();
            }
        }
        TestImages.run("rm", "-rf", dockerDir.toString());
    }

    static Run docker(String... args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        return TestImages.run(null, argv, env, 120);
    }

    BuiltImage build(Recipe recipe, Path out) {
        try (Realisation r = composer.realise(recipe, ProgressListener.NONE)) {
            return composer.build(r, TestImages.onePerPath(r.closure()), recipe, OutputFormat.DOCKER_ARCHIVE, out,
                    OutputMode.ADD, ProgressListener.NONE).image();
        }
    }

    @Test
    void dockerLoadsTheArchiveAndRunsHello() {
        Path archive = tmp.resolve("hello.tar");
        BuiltImage image = build(TestImages.recipe("hello").toBuilder().tag("demo/hello:1").build(), archive);
        Run load = docker("load", "-i", archive.toString()).ok("docker load");
        assertTrue(load.out().contains("Loaded image: demo/hello:1"), load.out());
        assertEquals("sha256:" + image.configDigest().hex(),
                docker("image", "inspect", "--format", "{{.Id}}", "demo/hello:1").ok("inspect").out().strip());
        Run run = docker("run", "--rm", "--network", "none", "demo/hello:1", "hello").ok("docker run");
        assertEquals("Hello, world!\n", run.out());
    }

    /** The "done when": the demo set's hello, planned by the default strategy, run by dockerd. */
    @Test
    void stratabuildHelloFromTheDemoSetRunsInDocker() {
        Path archive = tmp.resolve("demo-hello.tar");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = StrataCli.commandLine(new PrintWriter(out), new PrintWriter(err),
                TestCli.factory(composer, TestCli.BY_RECIPE)).execute("build",
                "--source", "demo", "hello", "-o", archive.toString(), "--format", "docker-archive", "-t", "demo/hello:1");
        assertEquals(0, exit, err.toString());
        Run load = docker("load", "-i", archive.toString()).ok("docker load");
        assertTrue(load.out().contains("Loaded image: demo/hello:1"), load.out());
        assertEquals("Hello, world!\n", docker("run", "--rm", "--network", "none", "demo/hello:1", "hello")
                .ok("docker run").out());
    }

    @Test
    void scriptRunningThroughDependenciesInOtherLayersRunsAsTheConfiguredUser() {
        Path archive = tmp.resolve("greeter.tar");
        ImageConfig config = ImageConfig.empty().withEntrypoint(List.of("/bin/greeter")).withCmd(List.of("from", "docker"))
                .withUser("app").withEnv(List.of("GREETING=hi")).withWorkingDir("/tmp");
        build(TestImages.recipe("greeter", "busybox").toBuilder().tag("demo/greeter:1").config(config).build(), archive);
        docker("load", "-i", archive.toString()).ok("docker load");
        assertEquals("Hello, world!\ngreeted by the app, args: from docker\n",
                docker("run", "--rm", "--network", "none", "demo/greeter:1").ok("docker run").out());
        Run shell = docker("run", "--rm", "--network", "none", "--entrypoint", "/bin/sh", "demo/greeter:1", "-c",
                "id -un; id -u; pwd; echo $GREETING; echo written > /tmp/f && cat /tmp/f").ok("docker run sh");
        assertEquals("app\n1000\n/tmp\nhi\nwritten\n", shell.out());
    }

    @Test
    void theArchiveStreamsIntoDockerLoadWithoutAFile() throws Exception {
        Recipe recipe = TestImages.recipe("hello").toBuilder().tag("demo/streamed:1").manifestFormat(ManifestFormat.DOCKER)
                .build();
        BuiltImage image;
        try (Realisation r = composer.realise(recipe, ProgressListener.NONE)) {
            image = composer.assemble(r, TestImages.onePerPath(r.closure()), recipe, ProgressListener.NONE);
        }
        ProcessBuilder pb = new ProcessBuilder("docker", "load");
        pb.environment().putAll(env);
        Process load = pb.redirectErrorStream(true).start();
        try (OutputStream stdin = load.getOutputStream()) {
            ImageArchive.writeDockerArchive(image, ImageName.parse("demo/streamed:1"), stdin);
        }
        String out = new String(load.getInputStream().readAllBytes());
        assertEquals(0, load.waitFor(), out);
        assertTrue(out.contains("Loaded image: demo/streamed:1"), out);
        assertEquals("Hello, world!\n", docker("run", "--rm", "--network", "none", "demo/streamed:1", "hello")
                .ok("docker run").out());
    }

}
