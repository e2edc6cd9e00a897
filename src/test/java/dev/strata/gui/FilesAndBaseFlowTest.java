package dev.strata.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import dev.strata.cli.CliRunner;
import dev.strata.gui.app.MainWindow;
import dev.strata.gui.build.Destination;
import dev.strata.gui.config.BaseImageViewModel;
import dev.strata.gui.files.FilesViewModel;
import dev.strata.gui.files.FilesViewModel.FileRow;
import dev.strata.image.AddedFiles;
import dev.strata.output.fixtures.Commands;
import dev.strata.testing.Requirements;
import java.awt.image.BufferedImage;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * Issue 13 through the window (TestFX, Monocle headless, real Nix on the demo set): files added by
 * drag and drop and by the chooser, edited with the command line's rules, removed with Delete, all
 * undoable and saved relative to the recipe; a base image made by umoci (not Strata) read with its
 * platform and kept settings shown, its layers greyed under the plan and counted by the budget; a
 * base for another platform and a reference with credentials refused in a sentence; a read that
 * hangs cancelled; a missing file after opening a recipe named, not a crash; and the image the
 * window builds is the one {@code strata build --recipe} builds from the saved recipe, digest for
 * digest. With {@code -Dstrata.screenshots=DIR} it also writes the two screens' pictures there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FilesAndBaseFlowTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static DesktopHarness h;
    static Path base;
    static Path app;
    final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        Requirements.require("umoci", "skopeo");
        base = tmp.resolve("base");
        makeBase(base, "amd64");
        app = Files.createDirectories(tmp.resolve("app"));
        Files.createDirectories(app.resolve("conf"));
        Files.writeString(app.resolve("conf/app.conf"), "greeting=hello\n");
        Files.writeString(app.resolve("run.sh"), "#!/busybox sh\necho running\n");
        Files.setPosixFilePermissions(app.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(app.resolve("config"), Path.of("conf/app.conf"));
        Files.createDirectories(tmp.resolve("empty"));
        // A cache of its own: the window plans against the last build of a recipe it remembers there
        // (docs/layering.md), which the command line building the saved recipe below would not know.
        System.setProperty("strata.cacheDir", tmp.resolve("cache").toString());
        h = DesktopHarness.open(tmp, 1280, 900);
    }

    @AfterAll
    static void close() {
        System.clearProperty("strata.cacheDir");
        if (h != null) {
            h.close();
        }
    }

    /** A small base made by umoci: an /etc/os-release, and a config whose settings Strata must keep. */
    static void makeBase(Path layout, String architecture) {
        Path bundle = layout.resolveSibling(layout.getFileName() + "-bundle");
        run("umoci", "init", "--layout", layout.toString());
        run("umoci", "new", "--image", layout + ":1");
        run("umoci", "unpack", "--rootless", "--image", layout + ":1", bundle.toString());
        run("sh", "-c", "mkdir -p \"$1/rootfs/etc\" && printf 'NAME=umoci-base\\n' > \"$1/rootfs/etc/os-release\"", "sh",
                bundle.toString());
        run("umoci", "repack", "--image", layout + ":1", bundle.toString());
        run("umoci", "config", "--image", layout + ":1", "--architecture", architecture, "--config.env", "BASE=1",
                "--config.env", "PATH=/usr/local/bin:/usr/bin", "--config.cmd", "/busybox", "--config.cmd", "sh",
                "--config.workingdir", "/srv", "--config.user", "65534", "--config.label", "org.example.base=umoci");
    }

    static String run(String... command) {
        return Commands.run(List.of(command), Map.of(), 300).ok().stdout();
    }

    FilesViewModel files() {
        return h.window.filesViewModel();
    }

    BaseImageViewModel baseVm() {
        return h.window.baseImageViewModel();
    }

    List<AddedFiles> adds() {
        return Fx.call(() -> List.copyOf(h.workspace.adds()));
    }

    String text(String id) {
        return Fx.call(() -> ((Label) robot.lookup(id).query()).getText());
    }

    /** Focuses a field of the Image screen (scrolled into view) and replaces its text by typing. */
    void type(String id, String text) {
        Node field = robot.lookup(id).query();
        Fx.run(() -> {
            scrollTo(field);
            field.requestFocus();
            ((TextField) field).selectAll();
        });
        if (text.isEmpty()) {
            robot.type(KeyCode.BACK_SPACE);
        } else {
            robot.write(text);
        }
    }

    void scrollTo(Node n) {
        ScrollPane scroll = (ScrollPane) robot.lookup("#config-scroll").query();
        double contentHeight = scroll.getContent().getBoundsInLocal().getHeight();
        double viewport = scroll.getViewportBounds().getHeight();
        double y = scroll.getContent().sceneToLocal(n.localToScene(0, 0)).getY();
        scroll.setVvalue(contentHeight <= viewport ? 0 : Math.max(0, Math.min(1, (y - 40) / (contentHeight - viewport))));
        scroll.layout();
    }

    /** A drag from the desktop's file manager: the files on a dragboard, over the section, then dropped. */
    static boolean drop(Node target, List<Path> paths) {
        return Fx.call(() -> {
            Dragboard db = DragboardHelper.createDragboard(new FileManagerDrag());
            DragboardHelper.setDataAccessRestriction(db, false);
            List<File> files = paths.stream().map(Path::toFile).toList();
            db.setContent(Map.of(DataFormat.FILES, files));
            var at = target.localToScreen(20, 20);
            for (var type : List.of(DragEvent.DRAG_ENTERED, DragEvent.DRAG_OVER)) {
                target.fireEvent(new DragEvent(type, db, 20, 20, at.getX(), at.getY(), TransferMode.COPY, null, target,
                        null));
            }
            DragEvent dropped = new DragEvent(DragEvent.DRAG_DROPPED, db, 20, 20, at.getX(), at.getY(), TransferMode.COPY,
                    null, target, null);
            target.fireEvent(dropped);
            target.fireEvent(new DragEvent(DragEvent.DRAG_EXITED, db, 20, 20, at.getX(), at.getY(), TransferMode.COPY,
                    null, target, null));
            return !files.isEmpty();
        });
    }

    /** What a file manager's drag holds: content by format, offered for copy, move or link. */
    static final class FileManagerDrag implements TKClipboard {
        private final Map<DataFormat, Object> content = new java.util.HashMap<>();

        @Override
        @SuppressWarnings("removal")
        public void setSecurityContext(java.security.AccessControlContext context) { }

        @Override
        public java.util.Set<DataFormat> getContentTypes() {
            return content.keySet();
        }

        @Override
        @SafeVarargs
        public final boolean putContent(javafx.util.Pair<DataFormat, Object>... pairs) {
            for (var p : pairs) {
                content.put(p.getKey(), p.getValue());
            }
            return true;
        }

        @Override
        public Object getContent(DataFormat format) {
            return content.get(format);
        }

        @Override
        public boolean hasContent(DataFormat format) {
            return content.containsKey(format);
        }

        @Override
        public java.util.Set<TransferMode> getTransferModes() {
            return java.util.EnumSet.of(TransferMode.COPY, TransferMode.MOVE, TransferMode.LINK);
        }

        @Override
        public void setDragView(javafx.scene.image.Image image) { }

        @Override
        public void setDragViewOffsetX(double x) { }

        @Override
        public void setDragViewOffsetY(double y) { }

        @Override
        public javafx.scene.image.Image getDragView() {
            return null;
        }

        @Override
        public double getDragViewOffsetX() {
            return 0;
        }

        @Override
        public double getDragViewOffsetY() {
            return 0;
        }
    }

    @Test
    @Order(1)
    void filesComeByDropAndChooserAreCheckedLikeTheCliAndEveryEditIsUndoable() throws Exception {
        robot.clickOn("#source-apply");
        Fx.waitUntil(() -> h.workspace.indexProperty().get() != null, "the demo source to evaluate");
        Fx.run(() -> h.workspace.packages().setAll("hello"));
        robot.clickOn("#nav-config");
        Fx.run(h.workspace::markSaved);

        // Dropped from the desktop: the directory and a file, each to /app/NAME, as one edit.
        drop(robot.lookup("#files-section").query(), List.of(app, app.resolve("conf/app.conf")));
        assertEquals(List.of("/app/app", "/app/app.conf"), adds().stream().map(AddedFiles::destination).toList());
        assertEquals(app.toString(), adds().get(0).source());
        assertTrue(Fx.call(() -> h.workspace.dirtyProperty().get()), "a drop is an edit");
        // Their sizes are read off the FX thread: the file's 15 bytes, the directory's content.
        Fx.waitUntil(() -> files().rows().stream().allMatch(r -> r.bytes() >= 0), "the sizes");
        assertEquals(15, Fx.call(() -> files().rows().get(1).bytes()));
        assertEquals(15 + 27, Fx.call(() -> files().rows().get(0).bytes()), "app.conf and run.sh; the link holds no bytes");
        assertTrue(text("#files-summary").contains("2 layers above the packages"), text("#files-summary"));
        // The same path dropped again is not added twice.
        drop(robot.lookup("#files-section").query(), List.of(app));
        assertEquals(2, adds().size());

        // The chooser (a seam: no file dialog under Monocle) adds an empty directory.
        Fx.run(() -> h.window.filesView().setChooser((owner, directory) -> directory ? List.of(tmp.resolve("empty"))
                : List.of()));
        Fx.run(() -> scrollTo(robot.lookup("#files-add-directory").query()));
        robot.clickOn("#files-add-directory");
        assertEquals(3, adds().size());
        assertEquals(2, Fx.call(() -> files().selectedProperty().get()), "the added entry is selected for editing");

        // Its destination and options, checked as typed with the CLI's rules; only valid forms reach the recipe.
        type("#files-destination", "data");
        assertTrue(text("#files-destination-message").contains("'data' is not an absolute path in the image"),
                text("#files-destination-message"));
        assertFalse(text("#files-destination-message").contains("--"), "the window's words");
        assertEquals("/app/empty", adds().get(2).destination());
        type("#files-destination", "/data/../etc");
        assertTrue(text("#files-destination-message").contains("'..'"), text("#files-destination-message"));
        type("#files-destination", "/data");
        assertEquals("", text("#files-destination-message"));
        type("#files-uid", "1000");
        type("#files-gid", "x");
        assertTrue(text("#files-options-message").startsWith("Gid 'x' is not a number"), text("#files-options-message"));
        type("#files-gid", "1000");
        type("#files-dirmode", "0999");
        assertTrue(text("#files-options-message").contains("is not a mode"), text("#files-options-message"));
        type("#files-dirmode", "0700");
        assertEquals("", text("#files-options-message"));
        assertEquals(new AddedFiles(tmp.resolve("empty").toString(), "/data", 1000, 1000, null, "0700"), adds().get(2));
        Fx.run(() -> h.workspace.typingIn(null));

        // Delete removes the selected row; undo brings it back, redo removes it again.
        TableView<?> table = robot.lookup("#files-table").queryAs(TableView.class);
        Fx.run(() -> {
            scrollTo(table);
            table.requestFocus();
            table.getSelectionModel().clearAndSelect(1);
        });
        robot.type(KeyCode.DELETE);
        assertEquals(List.of("/app/app", "/data"), adds().stream().map(AddedFiles::destination).toList());
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        assertEquals(List.of("/app/app", "/app/app.conf", "/data"), adds().stream().map(AddedFiles::destination).toList());
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
        assertEquals(2, adds().size());
        robot.clickOn("#undo");
        assertEquals(3, adds().size());
        // A mode for the config file, for the image built below.
        Fx.run(() -> files().selectedProperty().set(1));
        type("#files-mode", "0600");
        Fx.run(() -> h.workspace.typingIn(null));
        assertEquals("0600", adds().get(1).mode());

        // Saved: the recipe names the files relative to itself, and reads back to the same absolute paths.
        Path dir = Files.createDirectories(tmp.resolve("recipes"));
        Path recipe = dir.resolve("files.json");
        assertTrue(Fx.call(() -> h.app.saveAs(recipe)));
        JsonNode saved = JSON.readTree(recipe.toFile());
        assertEquals("../app", saved.path("adds").get(0).path("source").asText());
        assertEquals("../app/conf/app.conf", saved.path("adds").get(1).path("source").asText());
        assertEquals("0700", saved.path("adds").get(2).path("dirMode").asText());
        assertEquals(adds(), dev.strata.compose.Recipe.read(recipe).adds());
    }

    @Test
    @Order(2)
    void theBaseImageIsCheckedReadAndShownWithWhatItKeeps() throws Exception {
        // Credentials in a reference are refused as typed, saying why, without the secret.
        type("#base-reference", "docker://me:s3cret@127.0.0.1:5000/base:1");
        String refused = text("#base-reference-message");
        assertTrue(refused.contains("holds credentials"), refused);
        assertFalse(refused.contains("s3cret"), refused);
        assertFalse(refused.contains("--"), "the window's words: " + refused);
        robot.type(KeyCode.ENTER);
        assertEquals(null, Fx.call(() -> h.workspace.fromProperty().get()), "a refused reference is not applied");
        type("#base-reference", "ftp:/x");
        assertTrue(text("#base-reference-message").contains("'ftp:/x' is not a registry image reference"),
                text("#base-reference-message"));

        // The umoci base: Enter applies it (one edit) and reads it in the background.
        String ref = "oci:" + base + ":1";
        type("#base-reference", ref);
        assertEquals("", text("#base-reference-message"));
        robot.type(KeyCode.ENTER);
        assertEquals(ref, Fx.call(() -> h.workspace.fromProperty().get()));
        Fx.waitUntil(() -> baseVm().summaryProperty().get() != null || !baseVm().readErrorProperty().get().isEmpty(),
                "the base read");
        assertEquals("", Fx.call(() -> baseVm().readErrorProperty().get()));
        assertEquals("", Fx.call(() -> baseVm().platformErrorProperty().get()));
        String description = text("#base-description");
        assertTrue(description.startsWith("linux/amd64, 1 layer, "), description);
        assertTrue(description.contains("sha256:"), description);
        // Its settings, kept unless this screen sets them.
        assertTrue(text("#base-kept-env").contains("BASE=1"), text("#base-kept-env"));
        assertEquals("/busybox sh", text("#base-kept-cmd"));
        assertEquals("65534", text("#base-kept-user"));
        assertEquals("/srv", text("#base-kept-workingdir"));
        assertEquals("kept", Fx.call(() -> baseVm().kept().stream().filter(k -> k.setting().equals("User")).findFirst()
                .orElseThrow().fate()));
        type("#config-user", "1000");
        Fx.waitUntil(() -> baseVm().kept().stream().anyMatch(k -> k.setting().equals("User")
                && k.fate().equals("replaced by yours")), "the user replaced");
        type("#config-user", "");
        Fx.run(() -> h.workspace.typingIn(null));
        Fx.waitUntil(() -> h.workspace.configProperty().get().user().isEmpty(), "the user back to the base's");

        // A base for another platform: read, and refused in a sentence that says what to do.
        Path arm = tmp.resolve("arm");
        makeBase(arm, "arm64");
        type("#base-reference", "oci:" + arm + ":1");
        robot.type(KeyCode.ENTER);
        Fx.waitUntil(() -> !baseVm().platformErrorProperty().get().isEmpty(), "the platform refused");
        String mismatch = Fx.call(() -> baseVm().platformErrorProperty().get());
        assertTrue(mismatch.contains("linux/arm64") && mismatch.contains("linux/amd64") && mismatch.contains("choose a base"),
                mismatch);
        robot.clickOn("#undo");
        assertEquals(ref, Fx.call(() -> h.workspace.fromProperty().get()), "undo goes back to the umoci base");
        Fx.waitUntil(() -> baseVm().summaryProperty().get() != null
                && baseVm().platformErrorProperty().get().isEmpty(), "the amd64 base read again");
        assertEquals(ref, Fx.call(() -> ((TextField) robot.lookup("#base-reference").query()).getText()));
    }

    @Test
    @Order(3)
    void aReadThatHangsIsCancelledAndTheBaseStays() throws Exception {
        // A "registry" that accepts connections and never answers.
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String hanging = "127.0.0.1:" + silent.getLocalPort() + "/base:1";
            type("#base-reference", hanging);
            robot.type(KeyCode.ENTER);
            Fx.waitUntil(() -> baseVm().busyProperty().get(), "the read under way");
            assertTrue(Fx.call(() -> robot.lookup("#base-cancel").query().isVisible()), "Cancel shown while reading");
            assertTrue(Fx.call(() -> robot.lookup("#base-progress").query().isVisible()), "progress shown while reading");
            robot.clickOn("#base-cancel");
            Fx.waitUntil(() -> !baseVm().busyProperty().get(), Duration.ofSeconds(30), () -> "the read to stop");
            assertTrue(Fx.call(() -> baseVm().readErrorProperty().get()).contains("cancelled"),
                    Fx.call(() -> baseVm().readErrorProperty().get()));
        }
        robot.clickOn("#undo");
        Fx.waitUntil(() -> baseVm().summaryProperty().get() != null, "the umoci base again");
    }

    @Test
    @Order(4)
    void theLayersScreenShowsTheBaseLayersGreyedAndTheBudgetCountsThem() throws Exception {
        robot.clickOn("#nav-search");
        robot.clickOn("#show-closure");
        Fx.waitUntil(() -> h.workspace.realisationProperty().get() != null && h.workspace.planProperty().get() != null,
                Duration.ofSeconds(180), () -> "the plan; error: " + Fx.call(() -> h.window.layersViewModel()
                        .errorProperty().get()));
        robot.clickOn("#nav-layers");
        TableView<?> baseTable = robot.lookup("#layers-base-table").queryAs(TableView.class);
        assertEquals(1, Fx.call(() -> baseTable.getItems().size()));
        assertTrue(Fx.call(baseTable::isVisible));
        assertTrue(Fx.call(baseTable::getOpacity) < 1, "greyed");
        Node storeTable = robot.lookup("#layers-table").query();
        assertTrue(Fx.call(() -> baseTable.localToScene(0, 0).getY() > storeTable.localToScene(0, 0).getY()),
                "under Strata's layers");
        String layer = run("skopeo", "inspect", "--raw", "oci:" + base + ":1");
        JsonNode l0 = JSON.readTree(layer).path("layers").get(0);
        var row = Fx.call(() -> baseVm().layers().get(0));
        assertEquals(l0.path("digest").asText(), row.digest());
        assertEquals(l0.path("size").asLong(), row.size());
        int max = Fx.call(() -> h.workspace.maxLayersProperty().get());
        assertEquals("Max layers " + max + " counts the base image's 1 layer, 1 symlink layer and 3 layers of added "
                + "files: " + (max - 5) + " layers left for the packages.", text("#layers-budget"));

        // The plan leaves room for them: with a budget of 6, one store layer is left.
        Fx.run(() -> h.workspace.maxLayersProperty().set(6));
        Fx.waitUntil(() -> !h.window.layersViewModel().busyProperty().get(), "the plan under 6");
        assertEquals("", Fx.call(() -> h.window.layersViewModel().errorProperty().get()));
        assertEquals(1, Fx.call(() -> h.workspace.planProperty().get().layers().size()));
        // With 5, none is left: the plan says so in the window's words.
        Fx.run(() -> h.workspace.maxLayersProperty().set(5));
        Fx.waitUntil(() -> !h.window.layersViewModel().busyProperty().get(), "the plan under 5");
        String refused = Fx.call(() -> h.window.layersViewModel().errorProperty().get());
        assertTrue(refused.contains("base image has 1"), refused);
        assertFalse(ErrorFree.hasOption(refused), refused);
        robot.clickOn("#undo");
        robot.clickOn("#undo");
        Fx.waitUntil(() -> h.workspace.planProperty().get() != null, "planned again");

        // A base that never answers while the plan needs it: undoing it plans at once (the plan and the
        // read waiting on it are cancelled, well before the 60-second deadline of a registry exchange).
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Fx.run(() -> h.workspace.fromProperty().set("127.0.0.1:" + silent.getLocalPort() + "/base:1"));
            Fx.waitUntil(() -> h.window.layersViewModel().busyProperty().get() && baseVm().busyProperty().get(),
                    "the plan and the read waiting on the silent registry");
            robot.clickOn("#undo");
            Fx.waitUntil(() -> !h.window.layersViewModel().busyProperty().get() && h.workspace.planProperty().get() != null
                    && baseVm().summaryProperty().get() != null, Duration.ofSeconds(40), () -> "the plan on the umoci "
                    + "base again; error: " + Fx.call(() -> h.window.layersViewModel().errorProperty().get()));
        }
        assertEquals(1, Fx.call(() -> baseTable.getItems().size()));

        // A program the packages lack may come from the base or the added files: the Image screen looks
        // in every layer (the base's listed from its layers, off the FX thread) and warns only about a
        // program none of them has.
        robot.clickOn("#nav-config");
        type("#config-entrypoint", "/busybox");
        waitForWarning(w -> w.startsWith("/busybox is not a file in the image: not in the packages, the added files "
                + "or the base image oci:") && w.contains("would not start"), "the warning naming every place looked in");
        type("#config-entrypoint", "/etc/os-release");
        waitForWarning(String::isEmpty, "no warning for a file of the base's layer");
        type("#config-entrypoint", "/etc/nothing-here");
        waitForWarning(w -> w.startsWith("/etc/nothing-here is not a file in the image"), "the warning again");
        String added = adds().stream().filter(a -> a.source().equals(app.toString())).findFirst().orElseThrow()
                .destination().replaceAll("/+$", "") + "/run.sh";
        type("#config-entrypoint", added);
        waitForWarning(String::isEmpty, "no warning for a file --add puts in the image (" + added + ")");
        type("#config-entrypoint", "");
        Fx.run(() -> h.workspace.typingIn(null));
        Fx.waitUntil(() -> h.workspace.configProperty().get().entrypoint().isEmpty(), "no entrypoint again");
        robot.clickOn("#nav-layers");

        String shots = System.getProperty("strata.screenshots");
        if (shots != null && !shots.isBlank()) {
            Path out = Files.createDirectories(Path.of(shots));
            Fx.run(() -> h.window.layersView().table().getSelectionModel().select(0));
            shot(out, "4b-layers-base");
            Fx.run(() -> h.window.show(MainWindow.Screen.CONFIG));
            Fx.run(() -> scrollTo(robot.lookup("#files-table").query()));
            shot(out, "5b-image-base-files");
        }
    }

    void waitForWarning(java.util.function.Predicate<String> ok, String what) {
        Fx.waitUntil(() -> ok.test(h.window.configViewModel().entrypointWarningProperty().get()), Duration.ofSeconds(120),
                () -> what + "; the warning is: " + Fx.call(() -> h.window.configViewModel().entrypointWarningProperty().get()));
    }

    static final class ErrorFree {
        static boolean hasOption(String s) {
            return s.matches("(?s).*(?<![\\w-])--[a-z].*");
        }
    }

    void shot(Path dir, String name) throws Exception {
        Thread.sleep(400); // the table layouts run before the snapshot
        Fx.run(() -> { });
        WritableImage img = Fx.call(() -> h.stage.getScene().snapshot(null));
        BufferedImage b = SwingFXUtils.fromFXImage(img, null);
        ImageIO.write(b, "png", dir.resolve(name + ".png").toFile());
    }

    @Test
    @Order(5)
    void theWindowBuildsTheImageTheCliBuildsFromTheSavedRecipe() throws Exception {
        robot.clickOn("#nav-build");
        var vm = h.window.buildViewModel();
        Path out = Files.createDirectories(tmp.resolve("out"));
        Fx.run(() -> {
            vm.destinationProperty().set(Destination.OCI_DIR);
            vm.outputProperty().set(out.resolve("gui-oci").toString());
        });
        robot.clickOn("#build-start");
        Fx.waitUntil(() -> !vm.busyProperty().get() && (vm.resultProperty().get() != null
                || !vm.errorProperty().get().isEmpty()), Duration.ofSeconds(180), () -> "the build");
        assertEquals("", Fx.call(() -> vm.errorProperty().get()));
        String guiDigest = Fx.call(() -> vm.resultProperty().get().manifestDigest());

        Path recipe = tmp.resolve("recipes/files.json");
        assertTrue(Fx.call(() -> h.app.saveAs(recipe)));
        // Another cache: nothing the window wrote is reused by the command line.
        System.setProperty("strata.cacheDir", tmp.resolve("cli-cache").toString());
        CliRunner cli;
        try {
            cli = CliRunner.run("build", "--recipe", recipe.toString(), "-o", out.resolve("cli-oci").toString(),
                    "--format", "oci", "--json");
        } finally {
            System.setProperty("strata.cacheDir", tmp.resolve("cache").toString());
        }
        assertEquals(0, cli.exit(), cli.err());
        JsonNode built = JSON.readTree(cli.out());
        assertEquals(guiDigest, built.path("manifestDigest").asText(), () -> "the window's image is the CLI's:\n"
                + run("skopeo", "inspect", "--raw", "oci:" + out.resolve("gui-oci")) + "\n"
                + run("skopeo", "inspect", "--raw", "oci:" + out.resolve("cli-oci")) + "\n"
                + run("skopeo", "inspect", "--config", "oci:" + out.resolve("gui-oci")) + "\n"
                + run("skopeo", "inspect", "--config", "oci:" + out.resolve("cli-oci")));

        // The base layer is the umoci layer, byte for byte; the added files are the last layers.
        JsonNode manifest = JSON.readTree(run("skopeo", "inspect", "--raw", "oci:" + out.resolve("gui-oci")));
        JsonNode baseManifest = JSON.readTree(run("skopeo", "inspect", "--raw", "oci:" + base + ":1"));
        assertEquals(baseManifest.path("layers").get(0).path("digest").asText(),
                manifest.path("layers").get(0).path("digest").asText());
        List<String> layers = new ArrayList<>();
        manifest.path("layers").forEach(x -> layers.add(x.path("digest").asText()));
        assertNotNull(layers);
        JsonNode config = JSON.readTree(run("skopeo", "inspect", "--config", "oci:" + out.resolve("gui-oci")));
        assertEquals("65534", config.path("config").path("User").asText(), "the base's user kept");
        assertEquals("umoci", config.path("config").path("Labels").path("org.example.base").asText());
    }

    @Test
    @Order(6)
    void aMissingFileAfterOpeningARecipeIsNamedNotACrash() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path recipe = elsewhere.resolve("moved.json");
        Files.writeString(recipe, "{\"version\":5,\"source\":\"demo\",\"packages\":[\"hello\"],\"adds\":[{\"source\":"
                + "\"gone.conf\",\"destination\":\"/etc/gone.conf\"}]}");
        Fx.run(() -> h.window.open(recipe));
        if (Fx.call(() -> robot.lookup("#unsaved-changes").tryQuery().isPresent())) {
            DialogPane pane = robot.lookup("#unsaved-changes").queryAs(DialogPane.class);
            var discard = Fx.call(() -> pane.getButtonTypes().stream().map(t -> (javafx.scene.control.Button)
                    pane.lookupButton(t)).filter(b -> b.getText().equals("Discard")).findFirst().orElseThrow());
            robot.clickOn(discard);
        }
        Fx.waitUntil(() -> h.workspace.adds().size() == 1, "the recipe opened");
        Fx.waitUntil(() -> !files().errorProperty().get().isEmpty(), "the missing file found");
        String error = Fx.call(() -> files().errorProperty().get());
        assertTrue(error.contains(elsewhere.resolve("gone.conf") + " does not exist"), error);
        assertFalse(ErrorFree.hasOption(error), error);
        FileRow row = Fx.call(() -> files().rows().get(0));
        assertEquals("missing", row.sizeText());
        robot.clickOn("#nav-config");
        assertTrue(text("#files-error").contains("gone.conf does not exist"), text("#files-error"));
        // A build says the same, and writes nothing.
        robot.clickOn("#nav-build");
        var vm = h.window.buildViewModel();
        Path out = tmp.resolve("out/missing.tar");
        Fx.run(() -> {
            vm.destinationProperty().set(Destination.DOCKER_ARCHIVE);
            vm.outputProperty().set(out.toString());
        });
        robot.clickOn("#build-start");
        Fx.waitUntil(() -> !vm.busyProperty().get() && !vm.errorProperty().get().isEmpty(), Duration.ofSeconds(180),
                () -> "the build to refuse the missing file; status: " + Fx.call(() -> vm.statusProperty().get()));
        String refused = Fx.call(() -> vm.errorProperty().get());
        assertTrue(refused.contains(elsewhere.resolve("gone.conf") + " does not exist"), refused);
        assertFalse(Files.exists(out), "nothing written");
        robot.clickOn("#nav-config");
        // Put back, it is found again.
        Files.writeString(elsewhere.resolve("gone.conf"), "back\n");
        Fx.run(() -> scrollTo(robot.lookup("#files-refresh").query()));
        robot.clickOn("#files-refresh");
        Fx.waitUntil(() -> files().errorProperty().get().isEmpty() && files().rows().get(0).bytes() == 5, "found again");
    }
}
