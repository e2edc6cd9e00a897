package dev.strata.gui.layers;

import dev.strata.compose.Sizes;
import dev.strata.gui.closure.GraphView;
import dev.strata.gui.common.Plural;
import dev.strata.gui.common.Ui;
import dev.strata.layering.Layer;
import dev.strata.layering.LayerPlan;
import java.util.function.IntConsumer;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/**
 * The plan as one bar: each layer a segment as wide as its share of the image, in manifest order
 * (base layer on the left), in the colour the closure graph uses for it. Hover for the layer's
 * size and contents (one tooltip for the whole bar, following the pointer), click to select it.
 */
public final class StackedBar extends Region {
    private LayerPlan plan;
    private IntConsumer onSelect = i -> { };
    private final Tooltip tip = Ui.tip("");
    private int hovered = -1;

    public StackedBar() {
        getStyleClass().add("stacked-bar");
        setMinHeight(28);
        setPrefHeight(36);
        setOnMouseMoved(e -> {
            int i = layerAt(e.getX());
            if (i != hovered) {
                hovered = i;
                tip.setText(i < 0 ? "" : describe(i));
            }
        });
        setOnMouseClicked(e -> {
            int i = layerAt(e.getX());
            if (i >= 0) {
                onSelect.accept(i + 1);
            }
        });
        Tooltip.install(this, tip);
    }

    public void setPlan(LayerPlan plan) {
        this.plan = plan;
        hovered = -1;
        getChildren().clear();
        if (plan != null) {
            for (int i = 0; i < plan.layers().size(); i++) {
                Rectangle r = new Rectangle();
                r.setFill(colour(i));
                r.setStroke(Color.WHITE);
                r.setStrokeWidth(0.5);
                r.setMouseTransparent(true);
                getChildren().add(r);
            }
        }
        requestLayout();
    }

    private String describe(int i) {
        Layer l = plan.layers().get(i);
        return "Layer " + (i + 1) + ": " + Sizes.human(l.narSize()) + ", " + Plural.of(l.paths().size(), "path") + "\n"
                + LayersViewModel.contentsOf(l.paths()) + (l.reason() == null || l.reason().isEmpty() ? "" : "\n" + l.reason());
    }

    private int layerAt(double x) {
        for (int i = 0; i < getChildren().size(); i++) {
            Rectangle r = (Rectangle) getChildren().get(i);
            if (x >= r.getX() && x < r.getX() + r.getWidth()) {
                return i;
            }
        }
        return -1;
    }

    public void setOnSelect(IntConsumer c) {
        onSelect = c;
    }

    /** The layer colour shared with the closure graph. */
    public static Color colour(int layerIndex) {
        return GraphView.layerColour(layerIndex);
    }

    @Override
    protected void layoutChildren() {
        if (plan == null || plan.layers().isEmpty()) {
            return;
        }
        double w = getWidth() - snappedLeftInset() - snappedRightInset();
        double h = getHeight() - snappedTopInset() - snappedBottomInset();
        long total = Math.max(1, plan.totalNarSize());
        int n = plan.layers().size();
        // Every layer gets at least 2 px so that small layers stay visible; the rest is proportional.
        double minW = Math.min(2, w / n);
        double rest = Math.max(0, w - minW * n);
        double x = snappedLeftInset();
        for (int i = 0; i < n; i++) {
            Rectangle r = (Rectangle) getChildren().get(i);
            double lw = minW + rest * plan.layers().get(i).narSize() / total;
            r.setX(x);
            r.setY(snappedTopInset());
            r.setWidth(lw);
            r.setHeight(h);
            x += lw;
        }
    }
}
