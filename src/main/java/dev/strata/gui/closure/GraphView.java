package dev.strata.gui.closure;

import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import javafx.animation.AnimationTimer;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The drawn closure graph: one canvas, redrawn at most once per frame when something changed.
 * Drag pans, the wheel zooms around the pointer, a click selects the node under it. Drawing is
 * culled to the visible area and batched (all edges in one path, nodes grouped by colour), and
 * labels appear only when zoomed in far enough to read them, which keeps 2,000 paths fluid.
 */
public final class GraphView extends Region {
    /** Layer colours, cycled; chosen to stay apart from each other on a light background. */
    static final Color[] PALETTE = {
        Color.web("#4e79a7"), Color.web("#f28e2b"), Color.web("#59a14f"), Color.web("#e15759"),
        Color.web("#76b7b2"), Color.web("#edc948"), Color.web("#b07aa1"), Color.web("#ff9da7"),
        Color.web("#9c755f"), Color.web("#bab0ac"), Color.web("#2f4b7c"), Color.web("#a05195"),
    };
    static final Color UNPLANNED = Color.web("#8a94a6");
    static final Color EDGE = Color.web("#9aa5b1", 0.45);
    static final Color SELECTED_EDGE = Color.web("#d1242f");

    /** The colour of a layer (0-based manifest position), the same in every view. */
    public static Color layerColour(int layerIndex) {
        return layerIndex < 0 ? UNPLANNED : PALETTE[layerIndex % PALETTE.length];
    }

    private final Canvas canvas = new Canvas();
    private GraphLayout layout;
    private int[] colourIndex = new int[0];
    private IntFunction<String> labels = i -> "";
    private IntConsumer onSelect = i -> { };
    private int selected = -1;
    private double scale = 1;
    private double tx;
    private double ty;
    private double dragX;
    private double dragY;
    private boolean dragged;
    private boolean dirty = true;
    private long lastDrawNanos;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (dirty) {
                draw();
            }
        }
    };

    public GraphView() {
        getChildren().add(canvas);
        getStyleClass().add("graph-view");
        setFocusTraversable(true);
        setAccessibleText("Closure graph: drag to pan, scroll to zoom, click a node to select it");
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
        sceneProperty().addListener((o, a, b) -> {
            if (b == null) {
                timer.stop();
            } else {
                timer.start();
            }
        });
    }

    /** Shows a laid-out graph; {@code colours[i]} is node i's layer (-1 when not planned). */
    public void setGraph(GraphLayout layout, IntFunction<String> labels) {
        this.layout = layout;
        this.labels = labels;
        this.colourIndex = new int[layout == null ? 0 : layout.size()];
        java.util.Arrays.fill(colourIndex, -1);
        selected = -1;
        fit();
    }

    public void setLayers(int[] layerOfNode) {
        if (layout != null && layerOfNode != null && layerOfNode.length == layout.size()) {
            colourIndex = layerOfNode.clone();
        } else if (layout != null) {
            java.util.Arrays.fill(colourIndex, -1);
        }
        dirty = true;
    }

    public void setOnSelect(IntConsumer c) {
        onSelect = c;
    }

    /** Highlights a node and brings it into view when it is off screen. */
    public void select(int i) {
        selected = i;
        if (layout != null && i >= 0) {
            double sx = layout.x(i) * scale + tx;
            double sy = layout.y(i) * scale + ty;
            if (sx < 0 || sy < 0 || sx > getWidth() || sy > getHeight()) {
                tx = getWidth() / 2 - layout.x(i) * scale;
                ty = getHeight() / 2 - layout.y(i) * scale;
            }
        }
        dirty = true;
    }

    public int selected() {
        return selected;
    }

    public void panBy(double dx, double dy) {
        tx += dx;
        ty += dy;
        dirty = true;
    }

    public void zoomAt(double factor, double px, double py) {
        double s = Math.max(0.02, Math.min(8, scale * factor));
        double f = s / scale;
        tx = px - (px - tx) * f;
        ty = py - (py - ty) * f;
        scale = s;
        dirty = true;
    }

    public double scale() {
        return scale;
    }

    /** Fits the whole graph into the view. */
    public void fit() {
        if (layout == null || getWidth() <= 0 || getHeight() <= 0) {
            dirty = true;
            return;
        }
        double s = Math.min(getWidth() / Math.max(1, layout.width()), getHeight() / Math.max(1, layout.height()));
        scale = Math.max(0.02, Math.min(2, s * 0.95));
        tx = (getWidth() - layout.width() * scale) / 2;
        ty = (getHeight() - layout.height() * scale) / 2;
        dirty = true;
    }

    @Override
    protected void layoutChildren() {
        boolean first = canvas.getWidth() == 0;
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        if (first) {
            fit();
        }
        dirty = true;
    }

    /** Duration of the last redraw, for the benchmark. */
    public long lastDrawNanos() {
        return lastDrawNanos;
    }

    /** Redraws now (normally done by the frame timer when something changed). */
    public void draw() {
        long t0 = System.nanoTime();
        dirty = false;
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.web("#f6f8fa"));
        g.fillRect(0, 0, w, h);
        if (layout == null) {
            g.setFill(Color.web("#57606a"));
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText("Realise the selection to see its closure graph", w / 2, h / 2);
            lastDrawNanos = System.nanoTime() - t0;
            return;
        }
        int n = layout.size();
        double minX = -tx / scale - GraphLayout.MAX_RADIUS;
        double minY = -ty / scale - GraphLayout.MAX_RADIUS;
        double maxX = (w - tx) / scale + GraphLayout.MAX_RADIUS;
        double maxY = (h - ty) / scale + GraphLayout.MAX_RADIUS;
        g.save();
        g.translate(tx, ty);
        g.scale(scale, scale);
        // Edges: one path. An edge is drawn when either end is visible (long edges crossing the view are rare in a layered layout).
        g.setStroke(EDGE);
        g.setLineWidth(1 / scale);
        g.beginPath();
        for (int v = 0; v < n; v++) {
            boolean vIn = inside(layout.x(v), layout.y(v), minX, minY, maxX, maxY);
            for (int r : layout.references(v)) {
                if (vIn || inside(layout.x(r), layout.y(r), minX, minY, maxX, maxY)) {
                    g.moveTo(layout.x(v), layout.y(v));
                    g.lineTo(layout.x(r), layout.y(r));
                }
            }
        }
        g.stroke();
        if (selected >= 0 && selected < n) {
            g.setStroke(SELECTED_EDGE);
            g.setLineWidth(2 / scale);
            g.beginPath();
            for (int r : layout.references(selected)) {
                g.moveTo(layout.x(selected), layout.y(selected));
                g.lineTo(layout.x(r), layout.y(r));
            }
            g.stroke();
        }
        // Nodes, grouped by colour so the fill changes at most once per colour.
        for (int c = -1; c < PALETTE.length; c++) {
            g.setFill(c < 0 ? UNPLANNED : PALETTE[c]);
            for (int v = 0; v < n; v++) {
                int ci = colourIndex.length > v ? colourIndex[v] : -1;
                if ((ci < 0 ? -1 : ci % PALETTE.length) != c) {
                    continue;
                }
                double x = layout.x(v);
                double y = layout.y(v);
                if (!inside(x, y, minX, minY, maxX, maxY)) {
                    continue;
                }
                double r = layout.radius(v);
                g.fillOval(x - r, y - r, 2 * r, 2 * r);
            }
        }
        if (selected >= 0 && selected < n) {
            double r = layout.radius(selected) + 3;
            g.setStroke(SELECTED_EDGE);
            g.setLineWidth(3 / scale);
            g.strokeOval(layout.x(selected) - r, layout.y(selected) - r, 2 * r, 2 * r);
        }
        if (scale >= 0.7) {
            g.setFill(Color.web("#24292f"));
            g.setFont(Font.font(11));
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.TOP);
            for (int v = 0; v < n; v++) {
                if (inside(layout.x(v), layout.y(v), minX, minY, maxX, maxY)) {
                    String label = labels.apply(v);
                    if (label.length() > 18) {
                        label = label.substring(0, 17) + "\u2026";
                    }
                    g.fillText(label, layout.x(v), layout.y(v) + layout.radius(v) + 2);
                }
            }
        }
        g.restore();
        lastDrawNanos = System.nanoTime() - t0;
    }

    private static boolean inside(double x, double y, double minX, double minY, double maxX, double maxY) {
        return x >= minX && x <= maxX && y >= minY && y <= maxY;
    }
}
