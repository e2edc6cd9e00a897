package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.Dockerd;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.testing.Requirements;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --add} and {@code --from} as a user runs them, on a base image made by umoci (not by
 * Strata): from an OCI layout, a docker-archive (skopeo's) and the real docker-registry; the result
 * checked by oci-image-tool, umoci and skopeo and run by a real dockerd (files, modes, owners, the
 * base's config); the same digest on a second cache after the files were touched; and the hostile
 * inputs, each one sentence with exit code 1.
 */
class FilesAndBaseImagesCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Path base;
    static Path app;
    static String baseLayer;

    @BeforeAll
    static void setUp() throws IOException {
        Requirements.require("umoci", "skopeo", "oci-image-tool", "busybox");
        System.setProperty("strata.cacheDir", work.resolve("cache").toString());
        base = work.resolve("base");
        makeBase(base, "amd64");
        baseLayer = JSON.readTree(run("skopeo", "inspect", "--raw", "oci:" + base + ":1")).path("layers").get(0)
                .path("digest").asText();
        app = Files.createDirectories(work.resolve("app"));
        Files.createDirectories(app.resolve("conf"));
        Files.createDirectories(app.resolve("empty"));
        Files.writeString(app.resolve("conf/app.conf"), "greeting=hello\n");
        Files.writeString(app.resolve("run.sh"), "#!/busybox sh\necho running\n");
        Files.setPosixFilePermissions(app.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(app.resolve("conf/app.conf"), PosixFilePermissions.fromString("rw-rw----"));
        Files.createSymbolicLink(app.resolve("config"), Path.of("conf/app.conf"));
    }

    @AfterAll
    static void restore() {
        System.clearProperty("strata.cacheDir");
    }

    /** A small base by umoci: busybox at /busybox, an /etc/os-release, and a config Strata must keep. */
    static void makeBase(Path layout, String architecture) throws IOException {
        Path bundle = layout.resolveSibling(layout.getFileName() + "-bundle");
        run("umoci", "init", "--layout", layout.toString());
        run("umoci", "new", "--image", layout + ":1");
        run("umoci", "unpack", "--image", layout + ":1", bundle.toString());
        Path rootfs = bundle.resolve("rootfs");
        Files.copy(Path.of(run("sh", "-c", "command -v busybox").strip()), rootfs.resolve("busybox"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/os-release"), "NAME=umoci-base\n");
        run("umoci", "repack", "--image", layout + ":1", bundle.toString());
        run("umoci", "config", "--image", layout + ":1", "--architecture", architecture, "--config.env", "BASE=1",
                "--config.env", "PATH=/usr/local/bin:/usr/bin", "--config.cmd", "/busybox", "--config.cmd", "sh",
                "--config.workingdir", "/srv", "--config.label", "org.example.base=umoci");
    }

    static String run(String... command) {
        return Commands.run(List.of(command), Map.of(), 300).ok().stdout();
    }

    static CliRunner strata(String... args) {
        return CliRunner.run(args);
    }

    static List<String> adds() {
        return List.of("--add", app + ":/srv/app", "--add", app.resolve("empty") + ":/data:uid=1000,gid=1000,dirmode=0700",
                "--add", app.resolve("conf/app.conf") + ":/etc/app.conf:mode=0600");
    }

    static JsonNode build(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("build", "hello", "--source", "demo"));
        all.addAll(adds());
        all.addAll(List.of(args));
        all.add("--json");
        CliRunner r = strata(all.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void aBaseFromARegistryKeepsItsLayersAndTheAddedFilesRunInDocker() throws Exception {
        Requirements.require("dockerd", "docker-registry");
        try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"));
             Dockerd dockerd = Dockerd.start(work.resolve("dockerd"))) {
            String from = registry.address() + "/team/base:1";
            run("skopeo", "copy", "--dest-tls-verify=false", "oci:" + base + ":1", "docker://" + from);
            Path tar = work.resolve("app.tar");
            JsonNode built = build("--from", "docker://" + from, "--insecure", "-o", tar.toString(), "--format",
                    "docker-archive", "-t", "team/app:1");
            assertEquals(baseLayer, built.path("layers").get(0).path("digest").asText(), "the base layer, byte for byte");

            dockerd.docker("load", "-i", tar.toString()).ok();
            String image = "team/app:1";
            String listing = dockerd.docker("run", "--rm", "--network", "none", image, "/busybox", "stat", "-c",
                    "%n %a %u:%g %F", "/srv/app", "/srv/app/run.sh", "/srv/app/conf/app.conf", "/srv/app/empty",
                    "/data", "/etc/app.conf").ok().stdout();
            assertEquals("""
                    /srv/app 755 0:0 directory
                    /srv/app/run.sh 755 0:0 regular file
                    /srv/app/conf/app.conf 644 0:0 regular file
                    /srv/app/empty 755 0:0 directory
                    /data 700 1000:1000 directory
                    /etc/app.conf 600 0:0 regular file
                    """, listing);
            assertEquals("conf/app.conf", dockerd.docker("run", "--rm", "--network", "none", image, "/busybox",
                    "readlink", "/srv/app/config").ok().stdout().strip());
            assertEquals("greeting=hello", dockerd.docker("run", "--rm", "--network", "none", image, "/busybox", "cat",
                    "/srv/app/config").ok().stdout().strip());
            assertEquals("NAME=umoci-base", dockerd.docker("run", "--rm", "--network", "none", image, "/busybox", "cat",
                    "/etc/os-release").ok().stdout().strip(), "the base's files are there");
            assertEquals("running", dockerd.docker("run", "--rm", "--network", "none", image, "/srv/app/run.sh")
                    .ok().stdout().strip());
            assertTrue(dockerd.docker("run", "--rm", "--network", "none", image, "hello").ok().stdout()
                    .contains("Hello"), "Strata's /bin is on the PATH");
            dockerd.docker("run", "--rm", "--network", "none", "--user", "1000:1000", image, "/busybox", "touch",
                    "/data/written").ok();

            JsonNode config = JSON.readTree(dockerd.docker("image", "inspect", image).ok().stdout()).get(0).path("Config");
            assertEquals("[\"BASE=1\",\"PATH=/bin:/usr/local/bin:/usr/bin\"]", config.path("Env").toString());
            assertEquals("[\"/busybox\",\"sh\"]", config.path("Cmd").toString());
            assertEquals("/srv", config.path("WorkingDir").asText());
            assertEquals("umoci", config.path("Labels").path("org.example.base").asText());

            // Pushed to the registry the base came from, the base layer is not sent again (mounted, or
            // found there already): every byte uploaded is Strata's.
            CliRunner pushed = strata(Stream.concat(Stream.of("push", "hello", "--source", "demo"), Stream.concat(
                    adds().stream(), Stream.of("--from", "docker://" + from, registry.address() + "/team/app:1",
                            "--insecure", "--json"))).toArray(String[]::new));
            assertEquals(0, pushed.exit(), pushed.err());
            JsonNode p = JSON.readTree(pushed.out());
            assertEquals(built.path("manifestDigest").asText(), p.path("manifestDigest").asText(),
                    "the same image whether built or pushed");
            JsonNode raw = JSON.readTree(run("skopeo", "inspect", "--raw", "--tls-verify=false",
                    "docker://" + registry.address() + "/team/app:1"));
            long ours = raw.path("config").path("size").asLong();
            for (int i = 1; i < raw.path("layers").size(); i++) {
                ours += raw.path("layers").get(i).path("size").asLong();
            }
            assertEquals(ours, p.path("bytesUploaded").asLong(), pushed.out());
            assertEquals(1, p.path("blobsMounted").asInt() + p.path("blobsSkipped").asInt(), pushed.out());
            assertEquals(baseLayer, raw.path("layers").get(0).path("digest").asText());
        }
    }

    @Test
    void theSameRecipeGivesTheSameDigestOnAnotherCacheAfterTheFilesWereTouched() throws Exception {
        Path first = work.resolve("same-1");
        JsonNode a = build("--from", "oci:" + base + ":1", "-o", first.toString(), "-t", "same:1");
        // Another machine: other times, another umask, another cache.
        try (Stream<Path> files = Files.walk(app)) {
            for (Path f : files.toList()) {
                if (!Files.isSymbolicLink(f)) {
                    Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2031-05-06T07:08:09Z")));
                }
            }
        }
        Files.setPosixFilePermissions(app.resolve("conf/app.conf"), PosixFilePermissions.fromString("rw-r--r--"));
        System.setProperty("strata.cacheDir", work.resolve("second-cache").toString());
        JsonNode b;
        try {
            b = build("--from", "oci:" + base + ":1", "-o", work.resolve("same-2").toString(), "-t", "same:1");
        } finally {
            System.setProperty("strata.cacheDir", work.resolve("cache").toString());
        }
        assertEquals(a.path("manifestDigest").asText(), b.path("manifestDigest").asText());
        assertEquals(baseLayer, a.path("layers").get(0).path("digest").asText());

        run("oci-image-tool", "validate", "--type", "image", first.toString());
        Path bundle = work.resolve("same-unpacked");
        run("umoci", "unpack", "--image", first + ":same:1", bundle.toString());
        Path root = bundle.resolve("rootfs");
        assertEquals("NAME=umoci-base\n", Files.readString(root.resolve("etc/os-release")));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("data"))));
        assertEquals(1000, Files.getAttribute(root.resolve("data"), "unix:uid"));
        assertEquals("conf/app.conf", Files.readSymbolicLink(root.resolve("srv/app/config")).toString());

        // A docker-archive base (skopeo's, with uncompressed layers) keeps its layer as it is too.
        Path archive = work.resolve("base.tar");
        run("skopeo", "copy", "oci:" + base + ":1", "docker-archive:" + archive + ":base:1");
        JsonNode c = build("--from", "docker-archive:" + archive, "-o", work.resolve("from-archive").toString());
        assertEquals(a.path("layers").get(0).path("diffId").asText(), c.path("layers").get(0).path("diffId").asText());
    }

    @Test
    void hostileInputsAreOneSentenceAndExitOne() throws Exception {
        // A layout whose layer blob is not the bytes its digest names.
        Path lying = work.resolve("lying");
        run("cp", "-r", base.toString(), lying.toString());
        Path blob = lying.resolve("blobs/sha256/" + baseLayer.substring("sha256:".length()));
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= (byte) 0xff;
        Files.write(blob, bytes);
        Path arm = work.resolve("arm-base");
        makeBase(arm, "arm64");
        Path huge = work.resolve("huge");
        try (RandomAccessFile f = new RandomAccessFile(Files.createDirectories(huge).resolve("sparse").toFile(), "rw")) {
            f.setLength(17L << 30); // sparse: nothing is written
        }
        Path fifo = work.resolve("with-fifo");
        Files.createDirectories(fifo);
        run("mkfifo", fifo.resolve("pipe").toString());
        String out = work.resolve("hostile.tar").toString();
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("--from", "oci:" + lying + ":1"), "does not have its digest " + baseLayer);
        cases.put(List.of("--from", "oci:" + arm + ":1"), "is for linux/arm64");
        cases.put(List.of("--from", "oci:" + base + ":2"), "has no image tagged '2'; its tags: 1");
        cases.put(List.of("--add", "/dev/null:/etc/null"), "/dev/null is a character device");
        cases.put(List.of("--add", fifo + ":/srv"), fifo.resolve("pipe") + " is a named pipe (FIFO)");
        cases.put(List.of("--add", huge + ":/srv"), "holds more than 16 GiB of files");
        cases.put(List.of("--add", app + ":/srv/../../etc"), "contains '..'");
        cases.put(List.of("--add", work.resolve("nowhere") + ":/srv"), "does not exist");
        // A fresh cache: one that holds the layer already (from a good copy) need not read it again.
        System.setProperty("strata.cacheDir", work.resolve("hostile-cache").toString());
        try {
            check(cases, out);
        } finally {
            System.setProperty("strata.cacheDir", work.resolve("cache").toString());
        }
    }

    private static void check(Map<List<String>, String> cases, String out) {
        for (var c : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of("build", "hello", "--source", "demo", "-o", out));
            args.addAll(c.getKey());
            CliRunner r = strata(args.toArray(String[]::new));
            assertEquals(1, r.exit(), c.getKey() + ": " + r.err());
            String last = r.err().strip().lines().reduce((x, y) -> y).orElse("");
            assertTrue(last.startsWith("strata: ") && last.contains(c.getValue()), c.getKey() + ": " + r.err());
            assertTrue(r.err().lines().noneMatch(l -> l.contains("Exception") || l.contains("internal error")), r.err());
            if (!c.getKey().get(1).contains("lying")) { // layers are read, and checked, as the build takes them
                assertTrue(!r.err().contains("Building packages"), "refused before Nix runs: " + r.err());
            }
        }
    }
}
