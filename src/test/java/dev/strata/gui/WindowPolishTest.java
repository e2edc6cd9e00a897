package dev.strata.gui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.gui.app.AppViewModel;
import dev.strata.gui.app.MainWindow;
import dev.strata.gui.app.Settings;
import dev.strata.gui.build.Destination;
import dev.strata.gui.closure.ClosureViewModel;
import dev.strata.gui.closure.ClosureViewModel.PathRow;
import dev.strata.gui.closure.GraphLayout;
import dev.strata.gui.closure.GraphView;
import dev.strata.gui.common.WholeHeaders;
import dev.strata.gui.common.Workspace;
import dev.strata.nix.PackageInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * Issue 12, items 8 and 9 and the cut texts, through the window at its default size (1200x800;
 * TestFX, Monocle headless, real Nix on the demo set): the closure graph labels the chosen packages
 * whole and inside the view, has a tooltip per node, highlights the "why" chain of the selected
 * node, is redrawn where panning exposes it and lays a 44-path closure out in rows by depth; the
 * tree keeps its expansion across a filter; the screens have movable dividers and scroll; no
 * column title or the toolbar's source is cut; the window reopens at the size it had.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WindowPolishTest {
    @TempDir
    static Path tmp;
    static DesktopHarness h;
    final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        h = DesktopHarness.open(tmp, Settings.DEFAULT_WIDTH, Settings.DEFAULT_HEIGHT);
        new FxRobot().clickOn("#source-apply");
        Fx.waitUntil(() -> h.workspace.indexProperty().get() != null, "the demo set's index");
    }

    @AfterAll
    static void close() {
        h.close();
    }

    ClosureViewModel closure() {
        return h.window.closureViewModel();
    }

    GraphView graph() {
        return (GraphView) robot.lookup(n -> n instanceof GraphView).query();
    }

    /** Shows the closure of {@code packages} with the graph fitted and its picture drawn. */
    void showClosure(List<String> packages) {
        Fx.run(() -> {
            h.workspace.packages().setAll(packages);
            h.window.show(MainWindow.Screen.CLOSURE);
        });
        robot.clickOn("#closure-realise");
        Fx.waitUntil(() -> !closure().busyProperty().get() && h.workspace.realisationProperty().get() != null
                && closure().layoutProperty().get() != null, "the closure of " + packages);
        Fx.run(graph()::fit);
        Fx.waitUntil(() -> graph().pictureReady() && graph().pictureCoversView(), "the graph's picture");
    }

    PathRow row(String namePrefix) {
        return Fx.call(() -> closure().rows().stream().filter(r -> r.name().startsWith(namePrefix)).findFirst()
                .orElseThrow());
    }

    Point2D onScreen(int node) {
        return Fx.call(() -> graph().localToScreen(graph().nodeOnScreen(node)));
    }

    @Test
    @Order(1)
    void theGraphLabelsTheChosenPackagesWholeInsideTheViewAndHasATooltipPerNode() {
        showClosure(List.of("git", "python3Packages.requests", "curl", "jq"));
        GraphView g = graph();
        List<GraphView.DrawnLabel> labels = Fx.call(g::labelsOnScreen);
        double w = Fx.call(g::getWidth);
        double hgt = Fx.call(g::getHeight);
        Map<Integer, String> byNode = new HashMap<>();
        for (GraphView.DrawnLabel l : labels) {
            byNode.put(l.node(), l.text());
            assertFalse(l.text().contains("\u2026"), "a label cut with an ellipsis: " + l);
            assertTrue(l.x() >= 0 && l.y() >= 0 && l.x() + l.width() <= w + 0.5 && l.y() + l.height() <= hgt + 0.5,
                    "a label outside the view (" + w + "x" + hgt + "): " + l);
        }
        List<PathRow> roots = Fx.call(() -> closure().rows().stream().filter(PathRow::root).toList());
        assertEquals(4, roots.size());
        for (PathRow r : roots) {
            String text = byNode.get(r.index());
            assertTrue(text != null && r.name().startsWith(text) && text.length() >= 2,
                    "the chosen package " + r.name() + " is labelled at fit, got " + text + " in " + labels);
        }
        // Readable: at fit the labels are drawn at their size on screen, not scaled down with the graph.
        assertTrue(labels.stream().allMatch(l -> l.height() >= 12), "labels at least 12 px high: " + labels);

        // A tooltip per node: the pointer over a node that has no label shows its path and sizes.
        PathRow quiet = Fx.call(() -> closure().rows().stream().filter(r -> !byNode.containsKey(r.index()))
                .findFirst().orElse(closure().rows().get(0)));
        robot.moveTo(onScreen(quiet.index()));
        Fx.waitUntil(() -> graph().hoveredText().contains(quiet.path().path()), "the tooltip of " + quiet.name());
    }

    @Test
    @Order(2)
    void clickingANodeHighlightsTheWhyChainShownBelowTheGraph() {
        PathRow openssl = row("openssl");
        robot.clickOn(onScreen(openssl.index()));
        Fx.waitUntil(() -> closure().selectedProperty().get() == openssl, "openssl selected by a click");
        int[] why = Fx.call(() -> closure().whyDepends().stream().mapToInt(PathRow::index).toArray());
        assertTrue(why.length >= 2, "openssl is there for a package: " + why.length);
        assertEquals(openssl.index(), why[why.length - 1]);
        assertArrayEquals(why, Fx.call(graph()::chain));
        // Only the chain is highlighted (it used to be the node's references instead).
        assertEquals(why.length - 1, (int) Fx.call(graph()::highlightedEdges));
        int shown = Fx.call(() -> ((javafx.scene.layout.FlowPane) robot.lookup("#why-depends").query()).getChildren()
                .filtered(n -> n instanceof javafx.scene.control.Button).size());
        assertEquals(why.length, shown, "the chain under the graph is the one highlighted");
    }

    @Test
    @Order(3)
    void panningRedrawsWhatItExposesAndTheBackgroundHasNoNotch() {
        GraphView g = graph();
        double w = Fx.call(g::getWidth);
        double hgt = Fx.call(g::getHeight);
        Fx.run(() -> g.zoomAt(3, w / 2, hgt / 2));
        Fx.waitUntil(() -> g.pictureReady() && g.pictureCoversView(), "the zoomed picture");
        for (double[] d : new double[][] {{-w * 0.8, 0}, {0, -hgt * 0.8}, {w * 1.6, hgt * 0.4}}) {
            Fx.run(() -> g.panBy(d[0], d[1]));
            Fx.waitUntil(() -> g.pictureReady() && g.pictureCoversView(), "a picture of the area panned to");
        }
        Fx.run(g::fit);
        Fx.waitUntil(() -> g.pictureReady() && g.pictureCoversView(), "the fitted picture");
        // Every pixel along the bottom and the sides is the graph's background or the graph: none is
        // the window's white showing through under or beside the picture.
        WritableImage shot = Fx.call(() -> g.snapshot(null, null));
        PixelReader px = shot.getPixelReader();
        int iw = (int) shot.getWidth();
        int ih = (int) shot.getHeight();
        for (int x = 0; x < iw; x++) {
            for (int y : new int[] {ih - 1, ih - 2}) {
                assertNotEquals(0xffffffff, px.getArgb(x, y), "white at the bottom of the graph, x " + x);
            }
        }
        for (int y = 0; y < ih; y++) {
            assertNotEquals(0xffffffff, px.getArgb(0, y), "white at the left edge, y " + y);
            assertNotEquals(0xffffffff, px.getArgb(iw - 1, y), "white at the right edge, y " + y);
        }
    }

    @Test
    @Order(4)
    void clearingTheFilterKeepsTheTreesExpansion() {
        @SuppressWarnings("unchecked")
        TreeTableView<PathRow> tree = robot.lookup("#closure-tree").queryAs(TreeTableView.class);
        TreeItem<PathRow> first = Fx.call(() -> tree.getRoot().getChildren().get(0));
        Fx.run(() -> first.setExpanded(true));
        TreeItem<PathRow> before = Fx.call(tree::getRoot);
        robot.clickOn("#closure-filter").write("ssl");
        Fx.waitUntil(() -> tree.getRoot() != before, "the filtered list");
        robot.clickOn("#closure-filter").press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.A)
                .release(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.BACK_SPACE);
        Fx.waitUntil(() -> tree.getRoot() == before, "the whole tree back");
        assertTrue(Fx.call(first::isExpanded), "the expanded package is still expanded");
        assertSame(first, Fx.call(() -> tree.getRoot().getChildren().get(0)));
    }

    @Test
    @Order(5)
    void aClosureOfFortyFourPathsIsLaidOutInRowsByDepthNotAFlatFan() {
        List<String> all = Fx.call(() -> h.workspace.indexProperty().get().all().stream()
                .filter(p -> !p.broken() && !p.unfree()).map(PackageInfo::attrPath).toList());
        showClosure(all);
        GraphLayout l = Fx.call(() -> closure().layoutProperty().get());
        int n = l.size();
        assertTrue(n >= 40, "the largest demo image has about 44 paths: " + n);
        Map<Double, Integer> perRow = new HashMap<>();
        for (int i = 0; i < n; i++) {
            perRow.merge(l.y(i), 1, Integer::sum);
            for (int r : l.references(i)) {
                if (r != i) {
                    assertTrue(l.y(r) > l.y(i), "a reference is drawn below its referrer");
                    assertTrue(l.rank(r) > l.rank(i), "a reference is in a deeper layer");
                }
            }
        }
        int widest = perRow.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertTrue(widest <= GraphLayout.rowWidthFor(n), "no row wider than " + GraphLayout.rowWidthFor(n) + ": " + widest);
        assertTrue(perRow.size() >= 4, "several rows: " + perRow.size());
        assertTrue(l.width() / l.height() < 3, "a block, not a fan: " + l.width() + " x " + l.height());
        List<GraphView.DrawnLabel> labels = Fx.call(graph()::labelsOnScreen);
        assertTrue(labels.size() >= 8, "at fit the biggest paths are labelled: " + labels.size());
        assertTrue(labels.stream().noneMatch(x -> x.text().contains("\u2026")), "no label is cut: " + labels);
    }

    @Test
    @Order(6)
    void theScreensHaveMovableDividersAndScrollAtTheDefaultSize() {
        // Closure: the tree and graph above, the "why" and Nix's log below, on a movable divider.
        Fx.run(() -> h.window.show(MainWindow.Screen.CLOSURE));
        SplitPane closureSplit = robot.lookup("#closure-split").queryAs(SplitPane.class);
        assertMovable(closureSplit);
        ListView<?> nixLog = robot.lookup("#closure-log").queryAs(ListView.class);
        assertTrue(Fx.call(() -> nixLog.getHeight() / nixLog.getFixedCellSize()) > 3,
                "more than three lines of Nix's log: " + Fx.call(nixLog::getHeight));

        Fx.run(() -> {
            h.window.show(MainWindow.Screen.BUILD);
            h.window.buildViewModel().destinationProperty().set(Destination.REGISTRY);
        });
        SplitPane buildSplit = robot.lookup("#build-split").queryAs(SplitPane.class);
        assertMovable(buildSplit);
        ListView<?> blobs = robot.lookup("#build-blobs").queryAs(ListView.class);
        ListView<?> log = robot.lookup("#build-log").queryAs(ListView.class);
        Fx.waitUntil(() -> blobs.getHeight() > 0, "the blob list laid out");
        assertTrue(Fx.call(() -> blobs.getHeight() / blobs.getFixedCellSize()) > 4,
                "more than four blob rows: " + Fx.call(blobs::getHeight));
        assertTrue(Fx.call(() -> log.getHeight() / log.getFixedCellSize()) > 5,
                "more than five log lines: " + Fx.call(log::getHeight));
        // The settings above the divider scroll when they are taller than their part of the window.
        ScrollPane top = robot.lookup("#build-top").queryAs(ScrollPane.class);
        Fx.run(() -> buildSplit.setDividerPositions(0.3));
        Fx.waitUntil(() -> top.getContent().getLayoutBounds().getHeight() > top.getViewportBounds().getHeight(),
                "settings taller than their pane");
        javafx.scene.control.ScrollBar bar = Fx.call(() -> top.lookupAll(".scroll-bar").stream()
                .map(n -> (javafx.scene.control.ScrollBar) n)
                .filter(b -> b.getOrientation() == javafx.geometry.Orientation.VERTICAL).findFirst().orElseThrow());
        Fx.waitUntil(bar::isVisible, "a vertical scroll bar on the settings");
        double y0 = Fx.call(() -> top.getContent().localToScene(0, 0).getY());
        robot.moveTo(bar).scroll(5, javafx.geometry.VerticalDirection.DOWN);
        Fx.run(() -> top.setVvalue(top.getVvalue() > top.getVmin() ? top.getVvalue() : top.getVmax()));
        Fx.waitUntil(() -> top.getContent().localToScene(0, 0).getY() < y0 - 10, "the settings scrolled");
        Fx.run(() -> {
            buildSplit.setDividerPositions(0.72);
            top.setVvalue(0);
            h.window.buildViewModel().destinationProperty().set(Destination.DOCKER_ARCHIVE);
        });
    }

    /** Drags the first divider of {@code split} by 80 px and checks it moved. */
    void assertMovable(SplitPane split) {
        Node divider = Fx.call(() -> split.lookupAll(".split-pane-divider").stream()
                .filter(d -> d.getParent() == split || d.getParent().getParent() == split).findFirst()
                .orElseGet(() -> split.lookup(".split-pane-divider")));
        double before = Fx.call(() -> split.getDividerPositions()[0]);
        boolean vertical = Fx.call(() -> split.getOrientation() == javafx.geometry.Orientation.VERTICAL);
        robot.drag(divider).moveBy(vertical ? 0 : -80, vertical ? -80 : 0).release(javafx.scene.input.MouseButton.PRIMARY);
        double after = Fx.call(() -> split.getDividerPositions()[0]);
        assertTrue(after < before - 0.02, split.getId() + "'s divider moved: " + before + " -> " + after);
        Fx.run(() -> split.setDividerPositions(before));
    }

    @Test
    @Order(7)
    void noColumnTitleAndNotTheSourceInTheToolbarIsCut() throws Exception {
        // The toolbar names the source in use whole at the default width.
        Label source = robot.lookup("#toolbar-source").queryAs(Label.class);
        assertEquals(Fx.call(source::getText), Fx.call(() -> WholeHeaders.drawnText(source)));
        assertTrue(Fx.call(source::getText).contains("demo"));

        // The Layers screen with a previous build, so that its "Previous host" column shows.
        Path image = tmp.resolve("previous.tar");
        Fx.run(() -> {
            h.window.show(MainWindow.Screen.BUILD);
            h.window.buildViewModel().destinationProperty().set(Destination.DOCKER_ARCHIVE);
            h.window.buildViewModel().outputProperty().set(image.toString());
            h.window.buildViewModel().build();
        });
        Fx.waitUntil(() -> !h.window.buildViewModel().busyProperty().get() && Files.isRegularFile(image), "the build");
        Fx.run(() -> {
            h.window.show(MainWindow.Screen.LAYERS);
            h.window.layersViewModel().choosePrevious("docker-archive:" + image);
        });
        Fx.waitUntil(() -> h.window.layersViewModel().previousSourceProperty().get().startsWith("docker-archive:")
                && !h.window.layersViewModel().busyProperty().get(), "the plan against the previous build");
        TableView<?> layers = h.window.layersView().table();
        Fx.waitUntil(() -> robot.lookup("#layers-on-host").tryQuery().isPresent()
                || layers.getColumns().stream().anyMatch(c -> "Previous host".equals(c.getText()) && c.isVisible()
                && c.getWidth() > 0), "the Previous host column");
        Fx.run(() -> { }); // the widths are measured right after a column appears
        Fx.waitUntil(() -> WholeHeaders.cut(layers).isEmpty(), java.time.Duration.ofSeconds(20), () -> "column titles cut: " + Fx.call(() -> WholeHeaders.cut(layers)));
        Set<String> titles = new TreeSet<>(Fx.call(() -> layers.getColumns().stream().filter(c -> c.isVisible())
                .map(c -> c.getGraphic() instanceof Label l ? l.getText() : c.getText()).toList()));
        assertTrue(titles.contains("Previous host") && titles.contains("Compressed"), titles.toString());
        Label previous = robot.lookup("#layers-previous-source").queryAs(Label.class);
        // A long file name gives way from its start: the layer count stays, the whole name is the tooltip.
        String text = Fx.call(previous::getText);
        String drawn = Fx.call(() -> WholeHeaders.drawnText(previous));
        assertTrue(drawn.equals(text) || drawn.endsWith(text.substring(text.lastIndexOf(" ("))) && !drawn.isBlank(),
                drawn + " for " + text);
        assertEquals(text, Fx.call(() -> previous.getTooltip().getText()));

        Fx.run(() -> h.window.show(MainWindow.Screen.CLOSURE));
        TreeTableView<?> tree = robot.lookup("#closure-tree").queryAs(TreeTableView.class);
        Fx.waitUntil(() -> WholeHeaders.cut(tree).isEmpty(), java.time.Duration.ofSeconds(20), () -> "closure titles cut: " + Fx.call(() -> WholeHeaders.cut(tree)));
    }

    @Test
    @Order(8)
    void theWindowReopensWhereAndAsLargeAsItWasNeverAtTheMinimum() throws Exception {
        Path file = tmp.resolve("geometry.json");
        Settings.defaults().withWindow(1300, 850, false).withPlace(40, 30).save(file);
        Stage stage = reopen(file);
        try {
            assertEquals(1300, Fx.call(stage::getWidth), 0.5);
            assertEquals(850, Fx.call(stage::getHeight), 0.5);
            assertEquals(40, Fx.call(stage::getX), 0.5);
            assertEquals(30, Fx.call(stage::getY), 0.5);
        } finally {
            Fx.run(stage::hide);
        }
        Settings after = Settings.load(file);
        assertEquals(1300, after.width(), 0.5, "the size it had is saved again, not another");
        assertEquals(850, after.height(), 0.5);

        // A size at the minimum (what a window passes through while a window manager sets it up, once
        // saved by mistake) is not reopened, and not saved again.
        Settings.defaults().withWindow(Settings.MIN_WIDTH, Settings.MIN_HEIGHT, false).save(file);
        Stage small = reopen(file);
        try {
            assertEquals(Settings.DEFAULT_WIDTH, Fx.call(small::getWidth), 0.5);
            assertEquals(Settings.DEFAULT_HEIGHT, Fx.call(small::getHeight), 0.5);
            Fx.run(() -> {
                small.setWidth(Settings.MIN_WIDTH);
                small.setHeight(Settings.MIN_HEIGHT);
            });
        } finally {
            Fx.run(small::hide);
        }
        Settings again = Settings.load(file);
        assertEquals(Settings.DEFAULT_WIDTH, again.width(), 0.5);
        assertEquals(Settings.DEFAULT_HEIGHT, again.height(), 0.5);
    }

    /** A second main window on its own stage, as a relaunch with the settings file {@code file}. */
    static Stage reopen(Path file) {
        return Fx.call(() -> {
            Stage stage = new Stage();
            Workspace ws = new Workspace(Fx.pipeline(tmp.resolve("cache")));
            MainWindow w = new MainWindow(new AppViewModel(ws, file));
            w.install(stage);
            stage.show();
            return stage;
        });
    }
}
