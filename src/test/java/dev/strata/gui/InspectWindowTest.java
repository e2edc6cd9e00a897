package dev.strata.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.cli.CliRunner;
import dev.strata.compose.Composer;
import dev.strata.compose.ProgressListener;
import dev.strata.gui.common.ComposerPipeline;
import dev.strata.gui.inspect.FileTree;
import dev.strata.gui.inspect.InspectViewModel;
import dev.strata.gui.inspect.InspectWindow;
import dev.strata.input.PullOptions;
import dev.strata.inspect.ImageInspection;
import dev.strata.nix.TestNix;
import dev.strata.output.fixtures.Dockerd;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.output.fixtures.StallingServer;
import dev.strata.testing.Requirements;
import dev.strata.testing.TestImages;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Open image…" through the window (TestFX, Monocle headless): images Strata built (demo set, real
 * Nix), an image umoci made from one, the same pulled from the real registry and one a real dockerd
 * holds; errors as sentences, a read that hangs cancelled, and the diff of two images.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InspectWindowTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Composer composer;
    static DesktopHarness h;
    static Path hello;
    static Path helloGit;
    static JsonNode helloBuild;
    static InspectWindow w;
    static InspectViewModel vm;
    final FxRobot robot = new FxRobot();

    @BeforeAll
    static void build() throws Exception {
        composer = new Composer(TestNix.create(tmp.resolve("cache")));
        hello = tmp.resolve("hello.tar");
        helloGit = tmp.resolve("hello-git.tar");
        CliRunner r = CliRunner.run(composer, "build", "hello", "--source", "demo", "-o", hello.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        helloBuild = JSON.readTree(r.out());
        assertEquals(0, CliRunner.run(composer, "build", "hello", "git", "--source", "demo", "-o", helloGit.toString()).exit());
        h = DesktopHarness.open(new ComposerPipeline(composer), tmp, 1200, 800);
    }

    @AfterAll
    static void close() {
        if (w != null) {
            Fx.run(() -> w.stage().hide());
        }
        h.close();
    }

    /** Reads an image through the reference field and the Read button; waits for the result or an error. */
    void read(String reference) {
        Fx.run(() -> vm.referenceProperty().set(reference));
        robot.clickOn("#inspect-open");
        Fx.waitUntil(() -> !vm.busyProperty().get() && (!vm.errorProperty().get().isEmpty()
                || vm.inspectionProperty().get() != null && vm.inspectionProperty().get().reference().equals(reference)),
                "the image " + reference + " to be read");
    }

    void tab(String id) {
        TabPane tabs = robot.lookup("#inspect-tabs").queryAs(TabPane.class);
        Fx.run(() -> tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> id.equals(t.getId()))
                .findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    String fact(String name) {
        return Fx.call(() -> vm.facts().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow().value());
    }

    static void assertSentence(String message) {
        assertFalse(message.isBlank(), "an error message");
        assertFalse(message.contains("Exception") || message.contains("\tat ") || message.contains("\n\tat"), message);
    }

    @Test
    @Order(1)
    void ctrlShiftOOpensTheWindowAndAStrataImageShowsWhole() throws Exception {
        robot.clickOn("#nav-source");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.O).release(KeyCode.SHIFT, KeyCode.CONTROL);
        Fx.waitUntil(() -> robot.lookup("#inspect-reference").tryQuery().isPresent(), "the Open image window");
        w = Fx.call(h.window::openImage);
        vm = w.viewModel();
        assertTrue(Fx.call(() -> w.stage().isShowing()));

        // Typed, then Enter.
        robot.clickOn("#inspect-reference").write("oci-archive:" + hello).type(KeyCode.ENTER);
        Fx.waitUntil(() -> !vm.busyProperty().get() && vm.inspectionProperty().get() != null, "hello to be read");
        assertEquals("", Fx.call(() -> vm.errorProperty().get()));
        assertEquals(helloBuild.path("manifestDigest").asText(), fact("Manifest digest"));
        assertEquals(helloBuild.path("configDigest").asText(), fact("Config digest"));
        assertEquals("linux/amd64", fact("Platform"));
        assertTrue(Fx.call(() -> vm.configJsonProperty().get()).contains("PATH=/bin"), "the config's environment");
        List<InspectViewModel.LayerRow> layers = Fx.call(() -> List.copyOf(vm.layers()));
        assertEquals(helloBuild.path("layers").size(), layers.size());
        for (int i = 0; i < layers.size(); i++) {
            assertEquals(helloBuild.path("layers").get(i).path("digest").asText(), layers.get(i).digest());
            assertEquals(helloBuild.path("layers").get(i).path("size").asLong(), layers.get(i).size());
            assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", layers.get(i).mediaType());
        }
        assertTrue(layers.stream().anyMatch(l -> l.storeNames().contains("hello-2.12.1")), "hello's store path");

        // The top (symlink) layer's files: bin/hello is a link into hello's store path.
        tab("inspect-tab-layers");
        Fx.run(() -> w.view().layerTable().getSelectionModel().select(layers.size() - 1));
        Fx.waitUntil(() -> vm.layerTreeProperty().get() != null, "the top layer's file tree");
        FileTree top = Fx.call(() -> vm.layerTreeProperty().get());
        assertEquals("symlink", top.find("bin/hello").type());
        assertTrue(top.find("bin/hello").linkTarget().endsWith("/bin/hello"));

        // hello's own layer: search "hello" keeps bin/hello (its parents open).
        int helloLayer = layers.stream().filter(l -> l.storeNames().contains("hello-2.12.1")).findFirst().orElseThrow()
                .position();
        Fx.run(() -> w.view().layerTable().getSelectionModel().select(helloLayer - 1));
        Fx.waitUntil(() -> vm.layerTreeProperty().get() != null && vm.layerTreeProperty().get().root().files() > 0,
                "hello's layer's file tree");
        long files = Fx.call(() -> vm.layerTreeProperty().get().root().files());
        assertEquals(Fx.call(() -> layers.get(helloLayer - 1).files()) > 0, files > 0);
        robot.clickOn("#inspect-files-search").write("bin/hello");
        Fx.waitUntil(() -> w.view().files().summary().getText().contains("match"), "the search's result");
        TreeTableView<FileTree.Entry> tree = w.view().files().treeTable();
        Fx.waitUntil(() -> visible(tree).stream().anyMatch(e -> e.path().endsWith("/bin/hello") && e.match()),
                "bin/hello shown, its parents open");
        assertTrue(Fx.call(() -> visible(tree).stream().allMatch(e -> e.path().isEmpty() || e.match() || e.expanded())),
                "only matches and their open parents");

        // Licences and closure: the inventory Strata recorded.
        tab("inspect-tab-licences");
        assertFalse(Fx.call(() -> vm.licences().isEmpty()));
        String licences = Fx.call(() -> ((Label) robot.lookup("#inspect-licence-summary").query()).getText());
        assertTrue(licences.startsWith("3 store paths under"), licences);
        tab("inspect-tab-closure");
        assertTrue(Fx.call(() -> vm.closure().stream().anyMatch(r -> r.root() && r.name().equals("hello"))));
        assertTrue(Fx.call(() -> vm.closure().stream().filter(r -> r.name().equals("hello")).findFirst().orElseThrow()
                .references().size()) > 0, "hello references glibc");
    }

    /** The entries of the tree's rows now on screen (expanded items' children included). */
    static List<FileTree.Entry> visible(TreeTableView<FileTree.Entry> tree) {
        java.util.ArrayList<FileTree.Entry> out = new java.util.ArrayList<>();
        for (int i = 0; i < tree.getExpandedItemCount(); i++) {
            TreeItem<FileTree.Entry> item = tree.getTreeItem(i);
            if (item != null) {
                out.add(item.getValue());
            }
        }
        return out;
    }

    @Test
    @Order(2)
    void errorsAreSentencesNeverStackTraces() throws Exception {
        read("oci-archive:" + tmp.resolve("missing.tar"));
        String missing = Fx.call(() -> vm.errorProperty().get());
        assertSentence(missing);
        assertTrue(missing.contains("missing.tar"), missing);
        assertTrue(Fx.call(() -> robot.lookup("#inspect-error").queryAs(Label.class).isVisible()));

        read("ftp://example.org/image");
        assertSentence(Fx.call(() -> vm.errorProperty().get()));

        // A layer blob with one byte changed.
        Path layout = tmp.resolve("corrupt");
        Files.createDirectories(layout);
        TestImages.run(null, List.of("tar", "-xf", hello.toString(), "-C", layout.toString()), null, 60).ok("tar -x");
        Path biggest;
        try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
            biggest = blobs.max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(biggest.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xff);
        }
        read("oci:" + layout);
        String corrupt = Fx.call(() -> vm.errorProperty().get());
        assertSentence(corrupt);
        assertTrue(corrupt.contains(biggest.getFileName().toString().substring(0, 12)) || corrupt.contains("digest")
                || corrupt.contains("damaged"), corrupt);

        // A good read clears the error.
        read("oci-archive:" + hello);
        assertEquals("", Fx.call(() -> vm.errorProperty().get()));
    }

    @Test
    @Order(3)
    void aReadThatHangsIsCancelled() throws Exception {
        try (StallingServer hung = StallingServer.tcp(StallingServer.Mode.SILENT, "")) {
            robot.clickOn("#inspect-insecure");
            Fx.run(() -> vm.referenceProperty().set("docker://" + hung.address() + "/demo/hello:1"));
            robot.clickOn("#inspect-open");
            Fx.waitUntil(() -> vm.busyProperty().get(), "the read to start");
            Fx.waitUntil(() -> hung.connections() > 0, Duration.ofSeconds(30), () -> "a connection to the hung registry");
            assertTrue(Fx.call(() -> robot.lookup("#inspect-cancel").query().isVisible()), "Cancel is offered");
            robot.clickOn("#inspect-cancel");
            Fx.waitUntil(() -> !vm.busyProperty().get(), Duration.ofSeconds(20), () -> "the read to stop after Cancel");
            assertTrue(Fx.call(() -> vm.messageProperty().get()).startsWith("Cancelled"), Fx.call(() -> vm.messageProperty().get()));
            assertEquals("", Fx.call(() -> vm.errorProperty().get()));
            robot.clickOn("#inspect-insecure");
        }
    }

    @Test
    @Order(4)
    void anUmociImageItsRegistryCopyAndTheDiffOfTwo() throws Exception {
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

        read("oci:" + layout + ":v2");
        assertEquals("", Fx.call(() -> vm.errorProperty().get()));
        tab("inspect-tab-wasted");
        var wasted = Fx.call(() -> List.copyOf(vm.wasted()));
        assertEquals(1, wasted.size(), wasted.toString());
        assertEquals("etc/motd", wasted.get(0).path());
        assertEquals(5000, wasted.get(0).size());
        assertEquals("overwritten", wasted.get(0).by());
        String summary = Fx.call(() -> ((Label) robot.lookup("#inspect-wasted-summary").query()).getText());
        assertTrue(summary.contains("1 file"), summary);
        ImageInspection v2 = Fx.call(() -> vm.inspectionProperty().get());

        // Compare v1 with v2: only umoci's new layer is pulled, under both rules.
        tab("inspect-tab-compare");
        Fx.run(() -> {
            vm.diffFromProperty().set("oci:" + layout + ":v1");
            vm.diffToProperty().set("oci:" + layout + ":v2");
        });
        robot.clickOn("#inspect-diff-go");
        Fx.waitUntil(() -> !vm.diffBusyProperty().get() && (vm.diffProperty().get() != null
                || !vm.diffErrorProperty().get().isEmpty()), "the diff");
        assertEquals("", Fx.call(() -> vm.diffErrorProperty().get()));
        long last = v2.layers().get(v2.layers().size() - 1).size();
        assertEquals(last, Fx.call(() -> vm.diffProperty().get().pullBytesByDigest()));
        assertEquals(last, Fx.call(() -> vm.diffProperty().get().pullBytesByChain()));
        assertEquals(1, Fx.call(() -> vm.diffLayers().stream().filter(l -> l.change().equals("added")).count()));
        assertEquals(0, Fx.call(() -> vm.diffLayers().stream().filter(l -> l.change().equals("removed")).count()),
                "umoci put v2 on top of v1");
        assertEquals(v2.layers().size() - 1L, Fx.call(() -> vm.diffLayers().stream().filter(l -> l.change().equals("kept"))
                .count()));
        String diffSummary = Fx.call(() -> ((Label) robot.lookup("#inspect-diff-summary").query()).getText());
        assertTrue(diffSummary.contains("by digest") && diffSummary.contains("by ChainID"), diffSummary);

        // The same image pulled from the real registry.
        try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"))) {
            String ref = registry.address() + "/umoci/hello:v2";
            TestImages.run(null, List.of("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":v2",
                    "docker://" + ref), null, 120).ok("skopeo copy to the registry");
            robot.clickOn("#inspect-insecure");
            read(ref);
            assertEquals("", Fx.call(() -> vm.errorProperty().get()));
            assertEquals(v2.configDigest(), fact("Config digest"));
            assertEquals(5000, Fx.call(() -> vm.inspectionProperty().get().wasted().bytes()));
            robot.clickOn("#inspect-insecure");
        }
    }

    @Test
    @Order(5)
    void anImageTheDockerDaemonHolds() throws Exception {
        Requirements.require("dockerd", "docker");
        try (Dockerd dockerd = Dockerd.start(tmp.resolve("docker"))) {
            Path archive = tmp.resolve("hello-git-docker.tar");
            CliRunner r = CliRunner.run(composer, "build", "hello", "git", "--source", "demo", "--format", "docker-archive",
                    "-t", "demo/hello-git:1", "-o", archive.toString());
            assertEquals(0, r.exit(), r.err());
            dockerd.docker("load", "-i", archive.toString()).ok();
            Fx.run(() -> vm.dockerHostProperty().set(dockerd.host()));
            read("docker-daemon:demo/hello-git:1");
            assertEquals("", Fx.call(() -> vm.errorProperty().get()));
            ImageInspection strataMade = h.workspace.pipeline().inspectImage("oci-archive:" + helloGit,
                    PullOptions.defaults(), ProgressListener.NONE);
            List<InspectViewModel.LayerRow> rows = Fx.call(() -> List.copyOf(vm.layers()));
            assertEquals(strataMade.layers().size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(strataMade.layers().get(i).diffId(), rows.get(i).diffId());
                assertEquals(strataMade.layers().get(i).listing().storePaths(), rows.get(i).storePaths());
            }
            assertTrue(rows.get(0).mediaType().startsWith("application/vnd.docker.image.rootfs.diff.tar"),
                    rows.get(0).mediaType());
            Fx.run(() -> vm.dockerHostProperty().set(""));
        }
    }

    @Test
    @Order(6)
    void theLayersScreenShowsALayersFilesBeforeAndAfterBuilding() {
        Fx.run(() -> w.stage().hide());
        robot.clickOn("#source-apply");
        Fx.waitUntil(() -> h.workspace.indexProperty().get() != null, "the demo source to evaluate");
        Fx.run(() -> h.workspace.packages().setAll("hello"));
        robot.clickOn("#nav-closure");
        Fx.run(() -> h.window.closureViewModel().realise());
        Fx.waitUntil(() -> h.workspace.realisationProperty().get() != null, "the closure of hello");
        robot.clickOn("#nav-layers");
        Fx.waitUntil(() -> h.workspace.planProperty().get() != null && !h.window.layersViewModel().rows().isEmpty(),
                "a layer plan");
        var layersView = h.window.layersView();
        int helloLayer = Fx.call(() -> {
            var plan = h.workspace.planProperty().get();
            for (int i = 0; i < plan.layers().size(); i++) {
                if (plan.layers().get(i).paths().stream().anyMatch(p -> p.name().equals("hello-2.12.1"))) {
                    return i + 1;
                }
            }
            return -1;
        });
        assertTrue(helloLayer > 0);
        Fx.run(() -> layersView.table().getSelectionModel().select(helloLayer - 1));
        robot.clickOn("#layer-files .title");
        var contents = layersView.contentsPane();
        Fx.waitUntil(() -> contents.viewModel().beforeProperty().get() != null, "the layer's files from the store");
        FileTree before = Fx.call(() -> contents.viewModel().beforeProperty().get());
        assertEquals("file", before.find(helloPath(before) + "/bin/hello").type());
        assertTrue(before.root().size() > 0);
        // hello was built in this cache by the same plan: the built layer holds the same files and sizes.
        Fx.waitUntil(() -> contents.viewModel().afterProperty().get() != null
                || contents.viewModel().afterNoteProperty().get().contains("not been built"), "the built layer");
        FileTree after = Fx.call(() -> contents.viewModel().afterProperty().get());
        assertNotNull(after, Fx.call(() -> contents.viewModel().afterNoteProperty().get()));
        assertEquals(before.root().files(), after.root().files());
        assertEquals(before.root().size(), after.root().size());
        assertEquals(before.find(helloPath(before) + "/bin/hello").size(), after.find(helloPath(before) + "/bin/hello").size());

        Fx.run(() -> contents.before().searchField().setText("bin/hello"));
        Fx.waitUntil(() -> contents.before().summary().getText().contains("match"), "the search in the layer's files");
        assertTrue(Fx.call(() -> visible(contents.before().treeTable()).stream()
                .anyMatch(e -> e.match() && e.path().endsWith("/bin/hello"))));
    }

    static String helloPath(FileTree t) {
        return t.find("nix/store").children().stream().filter(e -> e.name().endsWith("-hello-2.12.1")).findFirst()
                .orElseThrow().path();
    }
}
