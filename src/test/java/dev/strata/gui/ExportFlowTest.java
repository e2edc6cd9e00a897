package dev.strata.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.gui.build.BlobRow;
import dev.strata.gui.build.BuildViewModel;
import dev.strata.output.fixtures.Commands;
import dev.strata.output.fixtures.Dockerd;
import dev.strata.output.fixtures.LocalRegistry;
import dev.strata.output.fixtures.Pki;
import dev.strata.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The build screen's two transfer destinations through the window (TestFX, Monocle headless): the
 * demo set's hello pushed to a docker-registry and loaded into a dockerd, both started here on
 * loopback, by choosing the destination, typing into the fields and pressing the button; then a
 * push with a user and password typed in, first wrong, then right, and no trace of the password.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExportFlowTest {
    static final String PASSWORD = "Flow-s3cret-9";

    @TempDir
    static Path tmp;
    static DesktopHarness h;
    static LocalRegistry registry;
    static Dockerd dockerd;
    static Path dockerDir;
    final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        Requirements.require("docker-registry", "dockerd", "skopeo");
        registry = LocalRegistry.start(tmp.resolve("registry"));
        dockerDir = Files.createTempDirectory(Path.of("/tmp"), "strata-flow-dockerd"); // short: a socket lives here
        dockerd = Dockerd.start(dockerDir);
        h = DesktopHarness.open(tmp, 1280, 800);
    }

    @AfterAll
    static void close() {
        if (h != null) {
            h.close();
        }
        if (dockerd != null) {
            dockerd.close();
            Commands.run(List.of("rm", "-rf", dockerDir.toString()));
        }
        if (registry != null) {
            registry.close();
        }
    }

    BuildViewModel vm() {
        return h.window.buildViewModel();
    }

    String text(String id) {
        return Fx.call(() -> {
            Node n = robot.lookup(id).query();
            return n instanceof Label l ? l.getText() : ((TextField) n).getText();
        });
    }

    void chooseDestination(String label) {
        robot.clickOn("#build-destination");
        robot.clickOn(label);
        Fx.waitUntil(() -> vm().destinationProperty().get().toString().equals(label), label);
    }

    /** Records every blob row the screen showed and every progress value its bar took. */
    Set<String> watchBlobs() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Fx.run(() -> vm().blobs().addListener((ListChangeListener<BlobRow>) c -> {
            while (c.next()) {
                for (BlobRow r : c.getAddedSubList()) {
                    seen.add(r.title() + " @" + r.progressProperty().get());
                    r.progressProperty().addListener((o, a, b) -> seen.add(r.title() + " @" + b));
                }
            }
        }));
        return seen;
    }

    void pressStartAndWait() {
        robot.clickOn("#build-start");
        Fx.waitUntil(() -> !vm().busyProperty().get() && (vm().pushResultProperty().get() != null
                || vm().loadResultProperty().get() != null || !vm().errorProperty().get().isEmpty()), "the transfer to end");
    }

    @Test
    @Order(1)
    void pushTheDemoHelloToATestRegistry() throws Exception {
        robot.clickOn("#source-apply");
        Fx.waitUntil(() -> h.workspace.indexProperty().get() != null, "the demo source");
        Fx.run(() -> h.workspace.packages().setAll("hello"));
        robot.clickOn("#nav-config");
        robot.clickOn("#config-tag").write("hello:flow");
        Fx.waitUntil(() -> "hello:flow".equals(h.workspace.tagProperty().get()), "the tag");

        robot.clickOn("#nav-build");
        chooseDestination("Push to a registry");
        assertEquals("Build and push", Fx.call(() -> ((Button) robot.lookup("#build-start").query()).getText()));
        assertTrue(Fx.call(() -> robot.lookup("#build-start").query().isDisabled()), "nothing to push to yet");
        assertTrue(text("#build-problem").startsWith("Enter where to push"), text("#build-problem"));
        String ref = registry.address() + "/flow/hello:1";
        robot.clickOn("#push-reference").write(ref);
        robot.clickOn("#push-tags").write("latest");
        assertFalse(Fx.call(() -> robot.lookup("#push-insecure-warning").query().isVisible()));
        robot.clickOn("#push-insecure");
        assertTrue(Fx.call(() -> robot.lookup("#push-insecure-warning").query().isVisible()), "insecure is warned about");
        Set<String> seen = watchBlobs();
        pressStartAndWait();

        assertEquals("", Fx.call(() -> vm().errorProperty().get()));
        assertEquals("Image pushed", text("#build-result-title"));
        String digest = text("#build-digest");
        JsonNode inspect = new ObjectMapper().readTree(Commands.run(List.of("skopeo", "inspect", "--tls-verify=false",
                "docker://" + ref)).ok().stdout());
        assertEquals(inspect.path("Digest").asText(), digest, "the digest on screen is the registry's");
        assertEquals("docker pull " + ref, text("#build-command"));
        int blobs = inspect.path("Layers").size() + 1;
        assertEquals(blobs, Fx.call(() -> vm().blobs().size()));
        assertTrue(seen.stream().filter(s -> s.endsWith("@0.0")).count() >= blobs, "every bar started empty: " + seen);
        assertTrue(seen.stream().filter(s -> s.endsWith("@1.0")).count() >= blobs, "every bar ended full: " + seen);
        List<ProgressBar> bars = Fx.call(() -> robot.lookup("#build-blobs .progress-bar").queryAllAs(ProgressBar.class)
                .stream().filter(b -> b.isVisible() && b.getParent() != null && b.getScene() != null).toList());
        assertFalse(bars.isEmpty(), "bars are on screen");
        assertTrue(Fx.call(() -> bars.stream().filter(b -> b.getParent().isVisible()).allMatch(b -> b.getProgress() == 1.0)));
        assertTrue(text("#build-details").contains("uploaded"), text("#build-details"));
    }

    @Test
    @Order(2)
    void loadItIntoATestDaemonAndRunIt() {
        chooseDestination("Load into Docker");
        assertEquals("hello:flow", text("#load-name"));
        robot.clickOn("#load-host").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL)
                .write(dockerd.host());
        Fx.waitUntil(() -> vm().load().dockerHostProperty().get().equals(dockerd.host()), "the host typed");
        Set<String> seen = watchBlobs();
        pressStartAndWait();

        assertEquals("", Fx.call(() -> vm().errorProperty().get()));
        assertEquals("Image loaded", text("#build-result-title"));
        String id = text("#build-digest");
        assertEquals(dockerd.docker("image", "inspect", "--format", "{{.Id}}", "hello:flow").ok().stdout().strip(), id);
        assertEquals("docker -H " + dockerd.host() + " run --rm --network none hello:flow hello", text("#build-command"));
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("docker-archive") && s.endsWith("@1.0")), seen.toString());
        assertEquals("Hello, world!", dockerd.docker("run", "--rm", "--network", "none", "hello:flow", "hello").ok()
                .stdout().strip());
    }

    @Test
    @Order(3)
    void aTypedPasswordIsCheckedAndNeverKept() throws Exception {
        Requirements.require("htpasswd", "openssl");
        Pki.KeyPair tls = Pki.loopbackServer(tmp.resolve("pki"), "registry");
        Path htpasswd = tmp.resolve("htpasswd");
        Files.writeString(htpasswd, Commands.run(List.of("htpasswd", "-Bbn", "flow", PASSWORD)).ok().stdout());
        try (LocalRegistry secure = LocalRegistry.start(tmp.resolve("secure"),
                new LocalRegistry.Config().tls(tls).htpasswd(htpasswd))) {
            chooseDestination("Push to a registry");
            robot.clickOn("#push-reference").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL)
                    .write(secure.address() + "/flow/secure:1");
            robot.clickOn("#push-insecure"); // off again: TLS verified against the CA given
            robot.clickOn("#push-ca").write(tls.cert().toString());
            robot.clickOn("#push-user-password");
            robot.clickOn("#push-user").write("flow");
            assertTrue(text("#build-problem").startsWith("Enter the password (or token) for user 'flow'"),
                    text("#build-problem"));
            robot.clickOn("#push-password").write("wrong-" + PASSWORD);
            pressStartAndWait();
            String error = Fx.call(() -> ((Label) robot.lookup("#build-error").query()).getText());
            assertTrue(error.contains("refused user 'flow' from the Build screen"), error);

            robot.clickOn("#push-password").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write(PASSWORD);
            pressStartAndWait();
            assertEquals("", Fx.call(() -> vm().errorProperty().get()));
            assertEquals("Image pushed", text("#build-result-title"));

            Path recipe = tmp.resolve("flow-recipe.json");
            assertTrue(Fx.call(() -> h.app.saveAs(recipe)));
            Fx.run(() -> h.app.rememberWindow(1280, 800, false));
            for (Path f : List.of(recipe, tmp.resolve("gui.json"))) {
                String content = Files.readString(f);
                assertFalse(content.contains(PASSWORD), f + " holds the password");
            }
            assertFalse(Fx.call(() -> vm().log().text()).contains(PASSWORD), "the log holds the password");
        }
    }
}
