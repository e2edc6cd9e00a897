package dev.strata.gui.closure;

import dev.strata.gui.common.CpuShare;
import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import javafx.animation.Animation;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Affine;
import javafx.util.Duration;

/**
 * The drawn closure graph. Drag pans, the wheel zooms around the pointer, a click selects the node
 * under it.
 *
 * <p>Why it is built this way: with 2,000 paths and 5,000 edges, drawing every frame costs far more
 * than a frame has (antialiased lines in software rendering took about 150 ms a frame here). So the
 * graph is drawn once into a picture on a worker thread (Java2D into a {@link BufferedImage}) for
 * the visible area plus half a view of margin on every side, and panning only moves that picture;
 * the FX thread never draws the graph. A new picture is drawn when the view leaves the margin,
 * after zooming stops for a moment (meanwhile the old one is scaled), or when the layer colours
 * change. The selection (a ring, and the "why" chain from a chosen package down to it: red edges
 * and a ring per path) is a few scene nodes on top, so selecting is immediate.
 */
public final class GraphView extends Region {
    /** Layer colours, cycled; chosen to stay apart from each other on a light background. */
    static final Color[] PALETTE = {
        Color.web("#4e79a7"), Color.web("#f28e2b"), Color.web("#59a14f"), Color.web("#e15759"),
        Color.web("#76b7b2"), Color.web("#edc948"), Color.web("#b07aa1"), Color.web("#ff9da7"),
        Color.web("#9c755f"), Color.web("#bab0ac"), Color.web("#2f4b7c"), Color.web("#a05195"),
    };
    static final Color UNPLANNED = Color.web("#8a94a6");
    static final Color SELECTED = Color.web("#d1242f");

    /** The picture's colours for a light or a dark window. */
    record Colours(java.awt.Color background, java.awt.Color edge, java.awt.Color label, java.awt.Color halo,
                   String css) {
        static final Colours LIGHT = new Colours(new java.awt.Color(0xf6, 0xf8, 0xfa),
                new java.awt.Color(0x9a, 0xa5, 0xb1, 115), new java.awt.Color(0x24, 0x29, 0x2f),
                new java.awt.Color(0xf6, 0xf8, 0xfa, 200), "#f6f8fa");
        static final Colours DARK = new Colours(new java.awt.Color(0x16, 0x1b, 0x22),
                new java.awt.Color(0x76, 0x83, 0x90, 130), new java.awt.Color(0xe6, 0xed, 0xf3),
                new java.awt.Color(0x16, 0x1b, 0x22, 200), "#161b22");
    }

    /** Room left around the graph for labels and rings, in pixels on screen. */
    static final double MARGIN = 24;
    private static final ExecutorService RENDERER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(() -> {
            CpuShare.lowerCurrentThread(); // drawing waits for the FX thread, not the reverse
            r.run();
        }, "strata-graph-render");
        t.setDaemon(true);
        return t;
    });

    /**
     * Draws a small made-up graph once on the drawing thread, when the window opens: the first real
     * picture then finds Java2D's classes, fonts and glyph caches loaded, instead of loading them on
     * the cores the FX thread needs while the first closure arrives.
     */
    public static void warmUp() {
        RENDERER.execute(() -> {
            int n = 24;
            int[][] refs = new int[n][];
            int[] order = new int[n];
            long[] sizes = new long[n];
            String[] names = new String[n];
            for (int i = 0; i < n; i++) {
                refs[i] = i == 0 ? new int[0] : new int[] {i / 2};
                order[i] = i;
                sizes[i] = 1L << (10 + i % 12);
                names[i] = "sample-" + i + "-1.0";
            }
            GraphLayout l = GraphLayout.compute(refs, order, sizes, GraphLayout.rowWidthFor(n));
            int[] colours = new int[n];
            boolean[] first = new boolean[n];
            first[0] = true;
            for (Colours palette : new Colours[] {Colours.LIGHT, Colours.DARK}) {
                double s = 1;
                int pw = (int) Math.ceil(l.width() + 2 * MARGIN);
                int ph = (int) Math.ceil(l.height() + 2 * MARGIN);
                int[] pixels = draw(l, colours, names, first, palette, s, -MARGIN, -MARGIN, l.width() + MARGIN,
                        l.height() + MARGIN, pw, ph, new ArrayList<>());
                new WritableImage(pw, ph).getPixelWriter().setPixels(0, 0, pw, ph, PixelFormat.getIntArgbPreInstance(),
                        pixels, 0, pw);
            }
        });
    }

    /** The colour of a layer (0-based manifest position), the same in every view. */
    public static Color layerColour(int layerIndex) {
        return layerIndex < 0 ? UNPLANNED : PALETTE[layerIndex % PALETTE.length];
    }

    /** A drawn picture of part of the graph: layout point (minX, minY) is its pixel (0, 0), at {@code scale}. */
    private record Tile(WritableImage image, double scale, double minX, double minY, double maxX, double maxY,
                        long renderNanos, List<DrawnLabel> labels) {}

    /** A label drawn in the picture: the node, its text and its box in layout coordinates. */
    public record DrawnLabel(int node, String text, double x, double y, double width, double height) {}

    private final ImageView picture = new ImageView();
    private final Affine pictureTransform = new Affine();
    private final Circle ring = new Circle();
    private final Label placeholder = new Label("Show the closure to see its graph");
    private final Path chainEdges = new Path();
    private final javafx.scene.control.Tooltip tip = dev.strata.gui.common.Ui.tip("");
    private Colours colours = Colours.LIGHT;
    private int[] chain = new int[0];
    private IntFunction<String> tooltipOf = i -> "";
    private int hovered = -1;
    private final PauseTransition zoomSettled = new PauseTransition(Duration.millis(120));
    private GraphLayout layout;
    private int[] colourIndex = new int[0];
    private String[] labels = new String[0];
    /** Nodes labelled first (the packages the user chose): their names are drawn before any other. */
    private boolean[] important = new boolean[0];
    private final List<Circle> chainRings = new ArrayList<>();
    private IntConsumer onSelect = i -> { };
    private int selected = -1;
    private double scale = 1;
    private double tx;
    private double ty;
    private double dragX;
    private double dragY;
    private boolean dragged;
    /** Fit the graph to the view on resize until the user pans or zooms. */
    private boolean autoFit = true;
    private Tile tile;
    private long generation;
    /** Pictures started so far, and the number of the one on screen (newer pictures replace older ones). */
    private long renders;
    private long shownRender;
    private boolean renderQueued;

    public GraphView() {
        getStyleClass().add("graph-view");
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        picture.getTransforms().add(pictureTransform);
        picture.setSmooth(true);
        ring.setFill(null);
        ring.setStroke(SELECTED);
        ring.setStrokeWidth(3);
        ring.setVisible(false);
        ring.setMouseTransparent(true);
        chainEdges.setStroke(SELECTED);
        chainEdges.setStrokeWidth(3);
        chainEdges.setMouseTransparent(true);
        placeholder.getStyleClass().add("text-muted");
        getChildren().addAll(picture, chainEdges, ring, placeholder);
        setStyle("-fx-background-color: " + colours.css() + ";");
        setOnMouseMoved(e -> hover(e.getX(), e.getY()));
        setOnMouseExited(e -> hover(-1, -1));
        setFocusTraversable(true);
        setAccessibleText("Closure graph: drag to pan, scroll to zoom, click a node to select it");
        zoomSettled.setOnFinished(e -> requestRender());
        setOnMousePressed(e -> {
            dragX = e.getX();
            dragY = e.getY();
            dragged = false;
            requestFocus();
        });
        setOnMouseDragged(e -> {
            panBy(e.getX() - dragX, e.getY() - dragY);
            dragX = e.getX();
            dragY = e.getY();
            dragged = true;
        });
        setOnMouseClicked(e -> {
            if (!dragged && layout != null) {
                int hit = layout.hit((e.getX() - tx) / scale, (e.getY() - ty) / scale, 3 / scale);
                if (hit >= 0) {
                    select(hit);
                    onSelect.accept(hit);
                }
            }
        });
        setOnScroll(e -> zoomAt(e.getDeltaY() > 0 ? 1.15 : 1 / 1.15, e.getX(), e.getY()));
    }

    /**
     * Shows a laid-out graph with a label and a tooltip per node; every node is uncoloured until
     * {@link #setLayers}. Labels are shortened to fit where they are drawn; the tooltip has it all.
     */
    public void setGraph(GraphLayout layout, IntFunction<String> labelOf, IntFunction<String> tooltipOf) {
        setGraph(layout, labelOf, tooltipOf, i -> false);
    }

    /**
     * As above, with the nodes whose labels come first ({@code important}: the packages the user
     * chose); the others are labelled where room is left, and all have their tooltip.
     */
    public void setGraph(GraphLayout layout, IntFunction<String> labelOf, IntFunction<String> tooltipOf,
                         java.util.function.IntPredicate importantOf) {
        this.layout = layout;
        int count = layout == null ? 0 : layout.size();
        this.important = new boolean[count];
        for (int i = 0; i < count; i++) {
            important[i] = importantOf.test(i);
        }
        this.tooltipOf = tooltipOf;
        int n = layout == null ? 0 : layout.size();
        this.labels = new String[n];
        for (int i = 0; i < n; i++) {
            String l = labelOf.apply(i);
            labels[i] = l == null ? "" : l;
        }
        this.colourIndex = new int[n];
        Arrays.fill(colourIndex, -1);
        selected = -1;
        chain = new int[0];
        hover(-1, -1);
        tile = null;
        picture.setImage(null);
        placeholder.setVisible(layout == null);
        fit();
    }

    /** Colours nodes by layer: {@code layerOfNode[i]} is node i's layer, -1 when not planned; null clears. */
    public void setLayers(int[] layerOfNode) {
        if (layout == null) {
            return;
        }
        if (layerOfNode != null && layerOfNode.length == layout.size()) {
            colourIndex = layerOfNode.clone();
        } else {
            Arrays.fill(colourIndex, -1);
        }
        requestRender();
    }

    public void setOnSelect(IntConsumer c) {
        onSelect = c;
    }

    /**
     * Highlights a chain of references (the "why is it in the image?" answer): node indices from a
     * root to the selected path, drawn as a red path over the graph.
     */
    public void setChain(int[] nodes) {
        chain = layout == null ? new int[0] : java.util.Arrays.stream(nodes).filter(i -> i >= 0 && i < layout.size())
                .toArray();
        viewChanged();
    }

    /** The chain highlighted now (for tests). */
    public int[] chain() {
        return chain.clone();
    }

    /** Light or dark colours, as the window's theme. */
    public void setDark(boolean dark) {
        colours = dark ? Colours.DARK : Colours.LIGHT;
        setStyle("-fx-background-color: " + colours.css() + ";");
        requestRender();
    }

    /** The tooltip follows the node under the pointer: its path, sizes and references. */
    private void hover(double x, double y) {
        int hit = layout == null || x < 0 ? -1 : layout.hit((x - tx) / scale, (y - ty) / scale, 3 / scale);
        if (hit == hovered) {
            return;
        }
        hovered = hit;
        if (hit < 0) {
            javafx.scene.control.Tooltip.uninstall(this, tip);
        } else {
            tip.setText(tooltipOf.apply(hit));
            javafx.scene.control.Tooltip.install(this, tip);
        }
    }

    /** The text of the tooltip of the node under the pointer, or empty (for tests). */
    public String hoveredText() {
        return hovered < 0 ? "" : tip.getText();
    }

    /** Highlights a node and brings it into view when it is off screen. */
    public void select(int i) {
        selected = layout == null || i >= layout.size() ? -1 : i;
        if (selected >= 0) {
            double sx = layout.x(i) * scale + tx;
            double sy = layout.y(i) * scale + ty;
            if (sx < 0 || sy < 0 || sx > getWidth() || sy > getHeight()) {
                tx = getWidth() / 2 - layout.x(i) * scale;
                ty = getHeight() / 2 - layout.y(i) * scale;
                autoFit = false;
            }
        }
        viewChanged();
    }

    public void panBy(double dx, double dy) {
        autoFit = false;
        tx += dx;
        ty += dy;
        viewChanged();
    }

    public void zoomAt(double factor, double px, double py) {
        autoFit = false;
        double s = Math.max(0.02, Math.min(8, scale * factor));
        double f = s / scale;
        tx = px - (px - tx) * f;
        ty = py - (py - ty) * f;
        scale = s;
        viewChanged();
        zoomSettled.playFromStart();
    }

    public double scale() {
        return scale;
    }

    /** Fits the whole graph into the view (and keeps it fitted when the view is resized). */
    public void fit() {
        autoFit = true;
        if (layout == null || getWidth() <= 0 || getHeight() <= 0) {
            return;
        }
        // Room around the graph for the labels of the outer nodes (drawn at a fixed size on screen).
        double w = Math.max(1, getWidth() - 2 * MARGIN);
        double hgt = Math.max(1, getHeight() - 2 * MARGIN);
        double s = Math.min(w / Math.max(1, layout.width()), hgt / Math.max(1, layout.height()));
        scale = Math.max(0.02, Math.min(2, s));
        tx = (getWidth() - layout.width() * scale) / 2;
        ty = (getHeight() - layout.height() * scale) / 2;
        viewChanged();
        requestRender();
    }

    @Override
    protected void layoutChildren() {
        placeholder.autosize();
        placeholder.relocate((getWidth() - placeholder.getWidth()) / 2, (getHeight() - placeholder.getHeight()) / 2);
        if (autoFit) {
            fit();
        } else {
            viewChanged();
        }
    }

    /** True when the picture on screen was drawn for the current zoom and no new one is being drawn. */
    public boolean pictureReady() {
        return tile != null && tile.scale() == scale && !renderQueued && zoomSettled.getStatus()
                != Animation.Status.RUNNING;
    }

    /** How long the last picture took to draw on the worker thread, for the benchmark. */
    public long lastRenderNanos() {
        return tile == null ? 0 : tile.renderNanos();
    }

    /** Moves the picture and the selection overlay to the current view; draws a new picture when needed. */
    private void viewChanged() {
        if (tile != null) {
            // Show only the visible part of the picture: software rendering then copies a view's worth
            // of pixels per frame, not the whole picture with its margins.
            double f = scale / tile.scale();
            double ox = tx + tile.minX() * scale;
            double oy = ty + tile.minY() * scale;
            double iw = tile.image().getWidth();
            double ih = tile.image().getHeight();
            double vx = Math.max(0, Math.min(iw, -ox / f));
            double vy = Math.max(0, Math.min(ih, -oy / f));
            double vw = Math.max(1, Math.min(iw - vx, getWidth() / f + 2));
            double vh = Math.max(1, Math.min(ih - vy, getHeight() / f + 2));
            picture.setViewport(new javafx.geometry.Rectangle2D(Math.floor(vx), Math.floor(vy), Math.ceil(vw), Math.ceil(vh)));
            double px = ox + Math.floor(vx) * f;
            double py = oy + Math.floor(vy) * f;
            if (f == 1) {
                px = Math.round(px);
                py = Math.round(py);
            }
            pictureTransform.setToTransform(f, 0, px, 0, f, py);
            picture.setSmooth(f != 1);
        }
        if (selected >= 0 && layout != null) {
            double x = layout.x(selected) * scale + tx;
            double y = layout.y(selected) * scale + ty;
            ring.setCenterX(x);
            ring.setCenterY(y);
            ring.setRadius(layout.radius(selected) * scale + 3);
            ring.setVisible(true);
        } else {
            ring.setVisible(false);
        }
        // The selection's highlight is the "why" chain shown under the graph (from a package the user
        // chose down to the selected path): its edges in red and a ring on each of its paths.
        chainEdges.getElements().clear();
        for (int k = 0; layout != null && k + 1 < chain.length; k++) {
            chainEdges.getElements().addAll(new MoveTo(layout.x(chain[k]) * scale + tx, layout.y(chain[k]) * scale + ty),
                    new LineTo(layout.x(chain[k + 1]) * scale + tx, layout.y(chain[k + 1]) * scale + ty));
        }
        int rings = layout == null ? 0 : chain.length;
        while (chainRings.size() < rings) {
            Circle c = new Circle();
            c.setFill(null);
            c.setStroke(SELECTED);
            c.setStrokeWidth(2);
            c.setMouseTransparent(true);
            chainRings.add(c);
            getChildren().add(getChildren().indexOf(ring), c);
        }
        for (int k = 0; k < chainRings.size(); k++) {
            Circle c = chainRings.get(k);
            c.setVisible(k < rings && chain[k] != selected);
            if (k < rings) {
                c.setCenterX(layout.x(chain[k]) * scale + tx);
                c.setCenterY(layout.y(chain[k]) * scale + ty);
                c.setRadius(layout.radius(chain[k]) * scale + 2);
            }
        }
        if (layout != null && tile != null && tile.scale() == scale && !covers(tile)) {
            requestRender();
        }
    }

    /** True when the picture on screen covers the whole visible area (nothing exposed by panning is blank). */
    public boolean pictureCoversView() {
        return layout != null && tile != null && covers(tile);
    }

    /** The segments of the highlight over the picture (the "why" chain's edges), for tests. */
    public int highlightedEdges() {
        return (int) chainEdges.getElements().stream().filter(e -> e instanceof LineTo).count();
    }

    /** The labels in the picture on screen, in screen coordinates of this view (for tests). */
    public List<DrawnLabel> labelsOnScreen() {
        if (tile == null) {
            return List.of();
        }
        return tile.labels().stream().map(l -> new DrawnLabel(l.node(), l.text(), l.x() * scale + tx,
                l.y() * scale + ty, l.width() * scale, l.height() * scale)).toList();
    }

    /** The screen position of a node's centre in this view. */
    public javafx.geometry.Point2D nodeOnScreen(int i) {
        return new javafx.geometry.Point2D(layout.x(i) * scale + tx, layout.y(i) * scale + ty);
    }

    /** True when the picture covers the whole visible area. */
    private boolean covers(Tile t) {
        double minX = -tx / scale;
        double minY = -ty / scale;
        double maxX = (getWidth() - tx) / scale;
        double maxY = (getHeight() - ty) / scale;
        double eps = 1 / scale;
        return clampX(minX) >= t.minX() - eps && clampY(minY) >= t.minY() - eps
                && clampX(maxX) <= t.maxX() + eps && clampY(maxY) <= t.maxY() + eps;
    }

    /** The picture never extends further than the graph and its labels: beyond is background. */
    private double clampX(double x) {
        double m = MARGIN / scale;
        return Math.max(-m, Math.min(layout.width() + m, x));
    }

    private double clampY(double y) {
        double m = MARGIN / scale;
        return Math.max(-m, Math.min(layout.height() + m, y));
    }

    /** Draws a new picture on the worker thread; requests made while one is drawn are merged. */
    private void requestRender() {
        if (layout == null || getWidth() <= 0 || getHeight() <= 0) {
            return;
        }
        long gen = ++generation;
        if (renderQueued) {
            return; // the queued job reads the newest state when it starts
        }
        renderQueued = true;
        Platform.runLater(() -> startRender(gen));
    }

    private void startRender(long ignored) {
        renderQueued = false;
        if (layout == null) {
            return;
        }
        long gen = generation;
        long started = ++renders;
        double s = scale;
        double w = getWidth() / s;
        double h = getHeight() / s;
        double margin = 0.5;
        double minX = clampX(-tx / s - w * margin);
        double minY = clampY(-ty / s - h * margin);
        double maxX = clampX(-tx / s + w * (1 + margin));
        double maxY = clampY(-ty / s + h * (1 + margin));
        GraphLayout l = layout;
        int[] colourOf = colourIndex.clone();
        String[] names = labels;
        boolean[] first = important;
        Colours palette = colours;
        RENDERER.execute(() -> {
            long t0 = System.nanoTime();
            int pw = Math.max(1, Math.min(4096, (int) Math.ceil((maxX - minX) * s)));
            int ph = Math.max(1, Math.min(4096, (int) Math.ceil((maxY - minY) * s)));
            List<DrawnLabel> drawn = new ArrayList<>();
            int[] pixels = draw(l, colourOf, names, first, palette, s, minX, minY, maxX, maxY, pw, ph, drawn);
            // Filled here, before it is shown: copying megabytes of pixels into the image's format
            // took the FX thread 10-20 ms per picture.
            WritableImage img = new WritableImage(pw, ph);
            img.getPixelWriter().setPixels(0, 0, pw, ph, PixelFormat.getIntArgbPreInstance(), pixels, 0, pw);
            long nanos = System.nanoTime() - t0;
            Platform.runLater(() -> {
                // A picture of an older request is still shown when it is newer than the one on screen
                // at the same zoom: while the view is dragged on and on, every picture is overtaken by
                // a newer request before it arrives, and dropping them all left the uncovered area
                // blank until the drag stopped. The newest request's picture replaces it when it comes.
                boolean current = gen == generation;
                boolean usable = l == layout && s == scale && started > shownRender && palette == colours;
                if (!current && !usable) {
                    return;
                }
                shownRender = started;
                tile = new Tile(img, s, minX, minY, minX + pw / s, minY + ph / s, nanos, List.copyOf(drawn));
                picture.setImage(img);
                viewChanged();
            });
        });
    }

    /** Draws the graph's part in [minX, maxX] x [minY, maxY] (layout space) at scale {@code s}. Worker thread. */
    static int[] draw(GraphLayout l, int[] colourOf, String[] names, boolean[] important, Colours palette, double s,
                      double minX, double minY, double maxX, double maxY, int pw, int ph, List<DrawnLabel> drawn) {
        BufferedImage img = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(palette.background());
            g.fillRect(0, 0, pw, ph);
            g.scale(s, s);
            g.translate(-minX, -minY);
            double pad = GraphLayout.MAX_RADIUS + MARGIN / s;
            int n = l.size();
            Path2D.Double edges = new Path2D.Double();
            for (int v = 0; v < n; v++) {
                boolean vIn = inside(l.x(v), l.y(v), minX - pad, minY - pad, maxX + pad, maxY + pad);
                for (int r : l.references(v)) {
                    if (vIn || inside(l.x(r), l.y(r), minX - pad, minY - pad, maxX + pad, maxY + pad)
                            || crosses(l.x(v), l.y(v), l.x(r), l.y(r), minX, minY, maxX, maxY)) {
                        edges.moveTo(l.x(v), l.y(v));
                        edges.lineTo(l.x(r), l.y(r));
                    }
                }
            }
            g.setColor(palette.edge());
            g.setStroke(new BasicStroke((float) (1 / s)));
            g.draw(edges);
            Ellipse2D.Double oval = new Ellipse2D.Double();
            for (int v = 0; v < n; v++) {
                double x = l.x(v);
                double y = l.y(v);
                if (!inside(x, y, minX - pad, minY - pad, maxX + pad, maxY + pad)) {
                    continue;
                }
                Color c = layerColour(v < colourOf.length ? colourOf[v] : -1);
                g.setColor(new java.awt.Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue()));
                double r = l.radius(v);
                oval.setFrame(x - r, y - r, 2 * r, 2 * r);
                g.fill(oval);
            }
            drawLabels(g, l, names, important, palette, s, minX - pad, minY - pad, maxX + pad, maxY + pad, drawn);
        } finally {
            g.dispose();
        }
        return ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    }

    /**
     * Labels at a fixed size on screen (12 px), never cut: the packages the user chose first, then
     * the other paths by size. A label is the path's name, or its name without the version when the
     * whole name does not fit, or nothing (the tooltip has it) when neither fits without overlapping
     * a label already drawn; never a few letters and an ellipsis. It goes below the node, else above,
     * else beside it, and is moved inwards where it would cross the edge of the graph's area (the
     * graph and the margin {@link #fit} leaves around it), so no label is cut at the view's edge.
     * Zooming in gives room to more of them.
     */
    static void drawLabels(Graphics2D g, GraphLayout l, String[] names, boolean[] important, Colours palette, double s,
                           double minX, double minY, double maxX, double maxY, List<DrawnLabel> drawn) {
        int n = l.size();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12).deriveFont((float) (12 / s)));
        FontMetrics fm = g.getFontMetrics();
        Integer[] order = new Integer[n];
        for (int v = 0; v < n; v++) {
            order[v] = v;
        }
        Arrays.sort(order, (a, b) -> {
            boolean ia = a < important.length && important[a];
            boolean ib = b < important.length && important[b];
            return ia != ib ? (ia ? -1 : 1) : Double.compare(l.radius(b), l.radius(a));
        });
        double edge = MARGIN / s - 2 / s;
        double areaMinX = -edge;
        double areaMaxX = l.width() + edge;
        double areaMinY = -edge;
        double areaMaxY = l.height() + edge;
        double pad = 2 / s;
        List<java.awt.geom.Rectangle2D> taken = new ArrayList<>();
        for (int v : order) {
            if (v >= names.length || names[v].isEmpty() || !inside(l.x(v), l.y(v), minX, minY, maxX, maxY)) {
                continue;
            }
            boolean first = v < important.length && important[v];
            // The chosen packages may spread wider than their column; the others keep to about two.
            double room = (first ? 6 : 2) * GraphLayout.COLUMN - 6 / s;
            for (String text : new String[] {names[v], withoutVersion(names[v])}) {
                double tw = fm.stringWidth(text);
                if (text.isEmpty() || tw > room) {
                    continue;
                }
                double h = fm.getHeight();
                double r = l.radius(v);
                double below = l.y(v) + r + pad;
                double above = l.y(v) - r - pad - h;
                double[][] spots = {
                    {l.x(v) - tw / 2, below}, {l.x(v) - tw / 2, above},
                    {l.x(v) + r + 2 * pad, l.y(v) - h / 2}, {l.x(v) - r - 2 * pad - tw, l.y(v) - h / 2},
                    {l.x(v) - r, below}, {l.x(v) + r - tw, below}, {l.x(v) - r, above}, {l.x(v) + r - tw, above},
                };
                java.awt.geom.Rectangle2D placed = null;
                for (double[] spot : spots) {
                    double bx = Math.max(areaMinX, Math.min(areaMaxX - tw - 2 * pad, spot[0] - pad));
                    double by = Math.max(areaMinY, Math.min(areaMaxY - h, spot[1]));
                    java.awt.geom.Rectangle2D box = new java.awt.geom.Rectangle2D.Double(bx, by, tw + 2 * pad, h);
                    if (taken.stream().noneMatch(t -> t.intersects(box))) {
                        placed = box;
                        break;
                    }
                }
                if (placed == null) {
                    continue;
                }
                taken.add(placed);
                g.setColor(palette.halo());
                g.fill(placed);
                g.setColor(palette.label());
                g.drawString(text, (float) (placed.getX() + pad), (float) (placed.getY() + fm.getAscent()));
                drawn.add(new DrawnLabel(v, text, placed.getX(), placed.getY(), placed.getWidth(), placed.getHeight()));
                break;
            }
        }
    }

    /** "openssl-3.0.13" -> "openssl", "python3-3.11.9" -> "python3": the name up to its version. */
    static String withoutVersion(String name) {
        for (int i = 1; i + 1 < name.length(); i++) {
            if (name.charAt(i) == '-' && Character.isDigit(name.charAt(i + 1))) {
                return name.substring(0, i);
            }
        }
        return name;
    }

    private static boolean inside(double x, double y, double minX, double minY, double maxX, double maxY) {
        return x >= minX && x <= maxX && y >= minY && y <= maxY;
    }

    private static boolean crosses(double x1, double y1, double x2, double y2, double minX, double minY, double maxX,
                                   double maxY) {
        return new Line2D.Double(x1, y1, x2, y2).intersects(minX, minY, maxX - minX, maxY - minY);
    }
}
