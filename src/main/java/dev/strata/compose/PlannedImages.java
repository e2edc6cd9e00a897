package dev.strata.compose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.image.Compression;
import dev.strata.image.ImageConfig;
import dev.strata.image.LayerIndex;
import dev.strata.image.Platform;
import dev.strata.image.SizeEstimate;
import dev.strata.inspect.ImageDiff;
import dev.strata.inspect.ImageInspection;
import dev.strata.inspect.LayerListing;
import dev.strata.inspect.WastedFiles;
import dev.strata.layering.Layer;
import dev.strata.layering.LayerPlan;
import dev.strata.sbom.Inventory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A recipe as {@code inspect} and {@code diff} see it before it is built: the store layers its
 * plan gives, each with the digest and diffID the layer cache recorded for the same store paths
 * and compression (what a build writes, bit for bit) or none, and its stored size, exact when
 * cached and estimated from the NAR size otherwise ({@link SizeEstimate}). A planned layer not in
 * the cache is named {@code planned:KEY} inside a diff, so it never matches a built layer but
 * does match the same layer of another plan (the same paths give the same bytes).
 */
final class PlannedImages {
    static final String PLANNED = "planned:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlannedImages() {}

    static ImageInspection inspection(Path cacheDir, String name, LayerPlan plan, Recipe recipe, Inventory packages,
                                      Platform platform) {
        Compression compression = ImageBuild.options(recipe).compression();
        SizeEstimate estimate = ImageBuild.estimate(cacheDir, plan, recipe);
        LayerIndex index = LayerIndex.in(cacheDir);
        String mediaType = compression.layerMediaType(ImageBuild.options(recipe).manifestFormat());
        List<ImageInspection.Layer> layers = new ArrayList<>();
        for (int i = 0; i < plan.layers().size(); i++) {
            Layer l = plan.layers().get(i);
            SizeEstimate.LayerSize size = estimate.layers().get(i);
            Optional<LayerIndex.Entry> cached = size.exact() ? index.get(LayerIndex.key(l.key(), compression))
                    : Optional.empty();
            layers.add(new ImageInspection.Layer(cached.map(LayerIndex.Entry::digest).orElse(null),
                    cached.map(LayerIndex.Entry::diffId).orElse(null), size.size(), l.narSize(), mediaType,
                    new LayerListing(List.of(), l.narSize(), l.paths()), cached.isPresent()));
        }
        return new ImageInspection(name, null, null, platform.describe(), config(recipe.config()), layers,
                WastedFiles.of(List.of()), packages, true);
    }

    /** The layers a diff compares: unknown digests as {@code planned:KEY} (see the class comment). */
    static List<ImageDiff.Layer> diffLayers(ImageInspection planned, LayerPlan plan) {
        List<ImageDiff.Layer> out = new ArrayList<>();
        for (int i = 0; i < planned.layers().size(); i++) {
            ImageInspection.Layer l = planned.layers().get(i);
            String key = PLANNED + plan.layers().get(i).key();
            out.add(new ImageDiff.Layer(l.digest() != null ? l.digest() : key, l.diffId() != null ? l.diffId() : key,
                    l.size()));
        }
        return out;
    }

    /** The recipe's runtime settings as an image config's {@code config} object would have them. */
    private static String config(ImageConfig c) {
        ObjectNode o = JSON.createObjectNode();
        if (!c.entrypoint().isEmpty()) {
            o.set("Entrypoint", JSON.valueToTree(c.entrypoint()));
        }
        if (!c.cmd().isEmpty()) {
            o.set("Cmd", JSON.valueToTree(c.cmd()));
        }
        if (!c.env().isEmpty()) {
            o.set("Env", JSON.valueToTree(c.env()));
        }
        if (c.workingDir() != null && !c.workingDir().isEmpty()) {
            o.put("WorkingDir", c.workingDir());
        }
        if (c.user() != null && !c.user().isEmpty()) {
            o.put("User", c.user());
        }
        if (!c.exposedPorts().isEmpty()) {
            ObjectNode ports = o.putObject("ExposedPorts");
            c.exposedPorts().forEach(p -> ports.putObject(p.contains("/") ? p : p + "/tcp"));
        }
        if (!c.labels().isEmpty()) {
            o.set("Labels", JSON.valueToTree(c.labels()));
        }
        return o.toString();
    }
}
