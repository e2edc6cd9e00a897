package dev.strata.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import dev.strata.compose.Composer;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.image.BuiltImage;
import dev.strata.image.BuiltLayer;
import dev.strata.image.ImageConfig;
import dev.strata.image.ManifestFormat;
import dev.strata.nix.Realisation;
import dev.strata.testing.TestImages;
import dev.strata.testing.TestImages.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three output formats judged by independent tools: skopeo inspects and copies them, umoci
 * unpacks them into a root file system, oci-image-tool validates them, podman loads the archives,
 * and each rejects a copy with one byte changed in a layer.
 */
class ImageFormatsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String NAME = "demo/app:1";

    @TempDir
    static Path tmp;

    static Composer composer;
    static Realisation realisation;
    static BuiltImage image;
    static Path layout;
    static Path ociArchive;
    static Path dockerArchive;

    @BeforeAll
    static void build() {
        composer = TestImages.composer(tmp.resolve("cache"));
        realisation = TestImages.realise(composer, "greeter", "oddities");
        Recipe recipe = TestImages.recipe("greeter", "oddities").toBuilder().tag(NAME).build();
        layout = tmp.resolve("out/layout");
        ociArchive = tmp.resolve("out/image-oci.tar");
        dockerArchive = tmp.resolve("out/image-docker.tar");
        var plan = TestImages.onePerPath(realisation.closure());
        image = composer.build(realisation, plan, recipe, OutputFormat.OCI, layout, OutputMode.ADD, ProgressListener.NONE)
                .image();
        composer.build(realisation, plan, recipe, OutputFormat.OCI_ARCHIVE, ociArchive, OutputMode.ADD,
                ProgressListener.NONE);
        composer.build(realisation, plan, recipe, OutputFormat.DOCKER_ARCHIVE, dockerArchive, OutputMode.ADD,
                ProgressListener.NONE);
    }

    @AfterAll
    static void release() {
        realisation.close();
    }

    static StorePath storePath(String name) {
        return realisation.closure().paths().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** An archive unpacked with GNU tar: the OCI layout inside it. */
    static Path extract(Path archive, String name) {
        Path dir = tmp.resolve("extract-" + name);
        TestImages.run(null, List.of("mkdir", "-p", dir.toString()), null, 30).ok("mkdir");
        TestImages.run(null, List.of("tar", "-xf", archive.toString(), "-C", dir.toString()), null, 60).ok("tar -x");
        return dir;
    }

    List<String> layerDigests() {
        return image.layers().stream().map(l -> l.digest().toString()).toList();
    }

    @Test
    void skopeoReadsEveryFormat() throws IOException {
        JsonNode dir = JSON.readTree(TestImages.run("skopeo", "inspect", "oci:" + layout + ":" + NAME).ok("skopeo").out());
        assertEquals(image.manifestDigest().toString(), dir.path("Digest").asText());
        assertEquals(layerDigests(), JSON.convertValue(dir.path("Layers"), List.class));
        assertEquals("amd64", dir.path("Architecture").asText());
        assertEquals("[\"PATH=/bin\"]", dir.path("Env").toString());

        JsonNode oci = JSON.readTree(TestImages.run("skopeo", "inspect", "oci-archive:" + ociArchive + ":" + NAME)
                .ok("skopeo").out());
        assertEquals(image.manifestDigest().toString(), oci.path("Digest").asText());

        // skopeo reads a docker-archive through manifest.json and reports the layers uncompressed.
        JsonNode docker = JSON.readTree(TestImages.run("skopeo", "inspect", "docker-archive:" + dockerArchive)
                .ok("skopeo").out());
        assertEquals(image.layers().stream().map(l -> l.diffId().toString()).toList(),
                JSON.convertValue(docker.path("Layers"), List.class));
        // The tag in manifest.json selects the image.
        TestImages.run("skopeo", "inspect", "docker-archive:" + dockerArchive + ":" + NAME).ok("skopeo by tag");
        assertNotEquals(0, TestImages.run("skopeo", "inspect", "docker-archive:" + dockerArchive + ":demo/other:1").exit());
        // ... and through its OCI layout half as an OCI image.
        Path half = extract(dockerArchive, "docker-half");
        JsonNode viaOci = JSON.readTree(TestImages.run("skopeo", "inspect", "oci:" + half + ":" + NAME).ok("skopeo").out());
        assertEquals(image.manifestDigest().toString(), viaOci.path("Digest").asText());

        // A full copy reads every blob and checks its digest.
        TestImages.run("skopeo", "copy", "oci:" + layout + ":" + NAME, "dir:" + tmp.resolve("copy-dir")).ok("skopeo copy");
        TestImages.run("skopeo", "copy", "docker-archive:" + dockerArchive, "dir:" + tmp.resolve("copy-docker"))
                .ok("skopeo copy");
    }

    @Test
    void ociImageToolValidatesEveryFormat() {
        // oci-image-tool 1.0.0-rc1 cannot read any tar (GNU tar's neither): archives are checked unpacked.
        for (Path dir : List.of(layout, extract(ociArchive, "oci-validate"), extract(dockerArchive, "docker-validate"))) {
            Run r = TestImages.run("oci-image-tool", "validate", "--type", "image", "--ref", "name=" + NAME,
                    dir.toString()).ok("oci-image-tool validate " + dir);
            assertTrue(r.out().contains("Validation succeeded"), r.out() + r.err());
        }
    }

    @Test
    void umociUnpacksFilesAndSymlinksOfEveryFormat() throws IOException {
        int i = 0;
        for (Path dir : List.of(layout, extract(ociArchive, "oci-umoci"), extract(dockerArchive, "docker-umoci"))) {
            Path bundle = tmp.resolve("bundle-" + i++);
            TestImages.run("umoci", "unpack", "--rootless", "--image", dir + ":" + NAME, bundle.toString()).ok("umoci unpack");
            Path rootfs = bundle.resolve("rootfs");
            StorePath greeter = storePath("greeter-1.0");
            StorePath hello = storePath("hello-2.12");
            StorePath odd = storePath("oddities-1.0");
            assertEquals(greeter.path() + "/bin/greeter", Files.readSymbolicLink(rootfs.resolve("bin/greeter")).toString());
            assertEquals("#!" + storePath("busybox-1.35").path() + "/bin/sh\necho \"Hello, world!\"\n",
                    Files.readString(rootfs.resolve(hello.path().substring(1) + "/bin/hello")));
            Path oddDir = rootfs.resolve(odd.path().substring(1));
            assertEquals("/nix/store/00000000000000000000000000000000-missing/bin/nothing",
                    Files.readSymbolicLink(oddDir.resolve("bin/dangling")).toString());
            assertEquals("../share", Files.readSymbolicLink(oddDir.resolve("bin/share-link")).toString());
            assertEquals("grüße\n", Files.readString(oddDir.resolve("share/grüße-ünïcödé.txt"), StandardCharsets.UTF_8));
            assertEquals(2_500_000, Files.size(oddDir.resolve("share/big.txt")));
            assertTrue(Files.isDirectory(oddDir.resolve("share/empty")));
            try (var s = Files.find(oddDir.resolve("share/deep"), 40, (p, a) -> p.getFileName().toString().endsWith(".txt"))) {
                Path deep = s.findFirst().orElseThrow();
                assertTrue(deep.toString().length() > 200);
                assertEquals("long\n", Files.readString(deep));
            }
            assertEquals("r-xr-xr-x", perms(oddDir.resolve("bin/odd")));
            assertEquals("r--r--r--", perms(oddDir.resolve("bin/plain")));
            assertEquals("r-xr-xr-x", perms(oddDir));
            assertEquals("rwxrwxrwx", perms(rootfs.resolve("tmp")));
            assertTrue((Integer) Files.getAttribute(rootfs.resolve("tmp"), "unix:mode") % 010000 >= 01000, "sticky /tmp");
            assertTrue(Files.readString(rootfs.resolve("etc/passwd")).startsWith("root:x:0:0:"));
            assertTrue(Files.readString(rootfs.resolve("etc/group")).contains("nobody:x:65534:"));
        }
    }

    static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** Flips one bit in the middle of the content of a layer blob inside a file (layout blob or archive). */
    static void corrupt(Path file, BuiltLayer layer) throws IOException {
        byte[] all = Files.readAllBytes(file);
        byte[] blob = Files.readAllBytes(layer.blob());
        int at = indexOf(all, Arrays.copyOf(blob, 64));
        assertTrue(at >= 0, "the layer's bytes are in " + file);
        all[at + blob.length / 2] ^= 1;
        file.toFile().setWritable(true);
        Files.write(file, all);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void everyToolRejectsACorruptedCopy() throws IOException {
        BuiltLayer victim = image.layers().get(0); // busybox: the biggest layer
        Path badLayout = tmp.resolve("bad-layout");
        TestImages.run("cp", "-r", layout.toString(), badLayout.toString()).ok("cp");
        corrupt(badLayout.resolve("blobs/sha256/" + victim.digest().hex()), victim);
        Path badOci = tmp.resolve("bad-oci.tar");
        Files.copy(ociArchive, badOci);
        corrupt(badOci, victim);
        Path badDocker = tmp.resolve("bad-docker.tar");
        Files.copy(dockerArchive, badDocker);
        corrupt(badDocker, victim);

        assertNotEquals(0, TestImages.run("skopeo", "copy", "oci:" + badLayout + ":" + NAME, "dir:" + tmp.resolve("x1")).exit());
        assertNotEquals(0, TestImages.run("skopeo", "copy", "oci-archive:" + badOci + ":" + NAME, "dir:" + tmp.resolve("x2")).exit());
        assertNotEquals(0, TestImages.run("skopeo", "copy", "docker-archive:" + badDocker, "dir:" + tmp.resolve("x3")).exit());
        int i = 0;
        for (Path dir : List.of(badLayout, extract(badOci, "bad-oci"), extract(badDocker, "bad-docker"))) {
            assertNotEquals(0, TestImages.run("oci-image-tool", "validate", "--type", "image", dir.toString()).exit(),
                    "oci-image-tool accepted " + dir);
            assertNotEquals(0, TestImages.run("umoci", "unpack", "--rootless", "--image", dir + ":" + NAME,
                    tmp.resolve("bad-bundle-" + i++).toString()).exit(), "umoci accepted " + dir);
        }
    }

    @Test
    void podmanLoadsBothArchives() throws IOException {
        Path root = tmp.resolve("podman");
        List<String> base = List.of("podman", "--root", root.resolve("root").toString(), "--runroot",
                root.resolve("run").toString(), "--storage-driver", "vfs");
        for (Path archive : List.of(dockerArchive, ociArchive)) {
            List<String> load = new ArrayList<>(base);
            load.addAll(List.of("load", "-i", archive.toString()));
            Run r = TestImages.run(null, load, null, 120).ok("podman load " + archive.getFileName());
            assertTrue(r.out().contains("Loaded image: docker.io/" + NAME), r.out());
        }
        List<String> inspect = new ArrayList<>(base);
        inspect.addAll(List.of("image", "inspect", "--format", "{{.Id}}", "docker.io/" + NAME));
        assertEquals(image.configDigest().hex(), TestImages.run(null, inspect, null, 60).ok("podman inspect").out().strip());
    }

    @Test
    void anotherImageIsAddedToAnExistingLayoutBesideTheFirst() throws IOException {
        Path shared = tmp.resolve("shared-layout");
        ImageOutput.write(image, OutputFormat.OCI, ImageName.parse(NAME), shared, OutputMode.ADD);
        Recipe other = TestImages.recipe("greeter", "oddities").toBuilder().tag("demo/app:2")
                .config(ImageConfig.empty().withCmd(List.of("/bin/greeter"))).build();
        BuiltImage second = composer.assemble(realisation, TestImages.onePerPath(realisation.closure()), other,
                ProgressListener.NONE);
        ImageOutput.write(second, OutputFormat.OCI, ImageName.parse("demo/app:2"), shared, OutputMode.ADD);
        ImageOutput.write(second, OutputFormat.OCI, ImageName.parse("demo/app:2"), shared, OutputMode.ADD);
        JsonNode index = JSON.readTree(shared.resolve("index.json").toFile());
        assertEquals(2, index.path("manifests").size(), "one entry per name; writing a name again replaces it");
        for (Map.Entry<String, BuiltImage> e : Map.of(NAME, image, "demo/app:2", second).entrySet()) {
            JsonNode r = JSON.readTree(TestImages.run("skopeo", "inspect", "oci:" + shared + ":" + e.getKey()).ok("skopeo").out());
            assertEquals(e.getValue().manifestDigest().toString(), r.path("Digest").asText());
        }
        TestImages.run("oci-image-tool", "validate", "--type", "image", shared.toString()).ok("oci-image-tool");
    }

    @Test
    void outputsAreWrittenWholeOrNotAtAll() throws IOException {
        Path file = tmp.resolve("out/file.tar");
        Files.writeString(file, "old");
        ImageOutput.write(image, OutputFormat.DOCKER_ARCHIVE, null, file, OutputMode.ADD);
        assertTrue(Files.size(file) > 1000, "replaced");
        assertEquals("rw-r--r--", perms(file));
        try (var s = Files.list(file.getParent())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".partial")), "no temporary file left");
        }
        StrataException e = assertThrows(StrataException.class,
                () -> ImageOutput.write(image, OutputFormat.OCI, null, file, OutputMode.ADD));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
        Path notLayout = Files.createDirectories(tmp.resolve("out/something"));
        Files.writeString(notLayout.resolve("x"), "x");
        e = assertThrows(StrataException.class,
                () -> ImageOutput.write(image, OutputFormat.OCI, null, notLayout, OutputMode.ADD));
        assertTrue(e.getMessage().contains("is not an OCI layout"), e.getMessage());
        e = assertThrows(StrataException.class,
                () -> ImageOutput.write(image, OutputFormat.OCI_ARCHIVE, null, notLayout, OutputMode.ADD));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        assertEquals("rwxr-xr-x", perms(layout));
    }

    @Test
    void archivesAreTheSameBytesEveryTime() throws IOException {
        Path again = tmp.resolve("again.tar");
        ImageOutput.write(image, OutputFormat.DOCKER_ARCHIVE, ImageName.parse(NAME), again, OutputMode.ADD);
        assertEquals(-1, Files.mismatch(dockerArchive, again));
        // The streamed archive (for the Docker socket) is the same bytes as the file.
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        ImageArchive.writeDockerArchive(image, ImageName.parse(NAME), streamed);
        assertEquals(-1, Arrays.mismatch(Files.readAllBytes(dockerArchive), streamed.toByteArray()));
        ByteArrayOutputStream oci = new ByteArrayOutputStream();
        ImageArchive.writeOciArchive(image, ImageName.parse(NAME), oci);
        assertEquals(-1, Arrays.mismatch(Files.readAllBytes(ociArchive), oci.toByteArray()));
    }

    @Test
    void dockerManifestsAreRefusedInOciLayouts() {
        Recipe docker = TestImages.recipe("greeter", "oddities").toBuilder().manifestFormat(ManifestFormat.DOCKER)
                .build();
        BuiltImage d = composer.assemble(realisation, TestImages.onePerPath(realisation.closure()), docker,
                ProgressListener.NONE);
        StrataException e = assertThrows(StrataException.class,
                () -> ImageOutput.write(d, OutputFormat.OCI, null, tmp.resolve("docker-in-oci"), OutputMode.ADD));
        assertTrue(e.getMessage().contains("--manifest-format oci"), e.getMessage());
        Path archive = tmp.resolve("docker-manifest.tar");
        ImageOutput.write(d, OutputFormat.DOCKER_ARCHIVE, ImageName.parse("demo/docker:1"), archive, OutputMode.ADD);
        TestImages.run("skopeo", "copy", "docker-archive:" + archive, "dir:" + tmp.resolve("docker-manifest-copy"))
                .ok("skopeo copy of a docker-manifest archive");
    }
}
