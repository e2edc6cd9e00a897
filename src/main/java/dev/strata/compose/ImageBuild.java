package dev.strata.compose;

import dev.strata.image.BaseImage;
import dev.strata.image.BuildListener;
import dev.strata.image.BuildOptions;
import dev.strata.image.BuiltImage;
import dev.strata.image.BuiltLayer;
import dev.strata.image.CacheMaintenance;
import dev.strata.image.ImageBuilder;
import dev.strata.image.ImageInputs;
import dev.strata.image.ManifestFormat;
import dev.strata.image.SizeEstimate;
import dev.strata.layering.LayerPlan;
import dev.strata.nix.Realisation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;

/** The image steps of {@link Composer}: assemble and cache upkeep, with their progress events. */
final class ImageBuild {
    private ImageBuild() {}

    static BuildOptions options(Recipe recipe) {
        return new BuildOptions(recipe.compression(), recipe.manifestFormat(), recipe.created().instant());
    }

    /** @param layerReady told of each layer as soon as its blob is in the cache (from builder threads) */
    static BuiltImage assemble(Path cacheDir, Realisation r, LayerPlan plan, Recipe recipe, BaseImage base,
                               ProgressListener listener, Consumer<BuiltLayer> layerReady) {
        BuildOptions options = options(recipe);
        int count = plan.layers().size() + 1 + recipe.adds().size();
        listener.on(ProgressEvent.started(PipelineStep.LAYERS, "Writing " + count + " layers (" + options.compression().id() + ")"));
        AtomicInteger reused = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        BuildListener events = new BuildListener() {
            @Override
            public void layerStarted(int index, int total, String description) {
                listener.on(ProgressEvent.log(PipelineStep.LAYERS, "writing layer " + (index + 1) + " of " + total + ": "
                        + description));
            }

            @Override
            public void bytesRead(long done, long total) {
                listener.on(ProgressEvent.progress(PipelineStep.LAYERS, "read " + Sizes.human(done) + " of "
                        + Sizes.human(total), done, total));
            }

            @Override
            public void layerFinished(int index, int total, BuiltLayer layer) {
                if (layer.reused()) {
                    reused.incrementAndGet();
                }
                layerReady.accept(layer);
                int n = finished.incrementAndGet();
                listener.on(ProgressEvent.progress(PipelineStep.LAYERS, "layer " + (index + 1) + " of " + total + " "
                        + (layer.reused() ? "reused" : "written") + " (" + Sizes.human(layer.size()) + "): "
                        + layer.description(), n, total));
            }

            @Override
            public void warning(String message) {
                listener.on(ProgressEvent.log(PipelineStep.LAYERS, "warning: " + message));
            }
        };
        ImageInputs inputs = new ImageInputs(r.system(), r.closure(), r.forest()).with(base, recipe.adds());
        BuiltImage image = ImageBuilder.inCache(cacheDir).build(inputs, plan, Sboms.withInventory(recipe.config(), r, base, cacheDir),
                options, events);
        listener.on(ProgressEvent.finished(PipelineStep.LAYERS, count + " layers: " + (count - reused.get()) + " written, "
                + reused.get() + " reused from the cache" + (base == null ? "" : ", on the " + base.layers().size()
                + " layers of " + base.reference())));
        listener.on(ProgressEvent.finished(PipelineStep.IMAGE, "image " + image.manifestDigest() + " ("
                + image.format().id() + " manifest)"));
        return image;
    }

    static SizeEstimate estimate(Path cacheDir, LayerPlan plan, Recipe recipe) {
        return ImageBuilder.inCache(cacheDir).estimate(plan, Path.of("/"), options(recipe).compression());
    }

    static CacheMaintenance.VerifyReport verifyCache(Path cacheDir, ProgressListener listener) {
        listener.on(ProgressEvent.started(PipelineStep.LAYERS, "Verifying the cache in " + cacheDir));
        CacheMaintenance.VerifyReport r = CacheMaintenance.in(cacheDir).verify(item ->
                listener.on(ProgressEvent.log(PipelineStep.LAYERS, "checking " + item)));
        listener.on(ProgressEvent.finished(PipelineStep.LAYERS, r.blobs() + " blobs good, " + r.corrupt().size()
                + " corrupt and removed, " + r.badEntries().size() + " wrong layer index entries removed"));
        return r;
    }

    static CacheMaintenance.GcReport gcCache(Path cacheDir, Duration maxAge, ProgressListener listener) {
        listener.on(ProgressEvent.started(PipelineStep.LAYERS, "Collecting cache garbage in " + cacheDir));
        CacheMaintenance.GcReport r = CacheMaintenance.in(cacheDir).gc(maxAge);
        listener.on(ProgressEvent.finished(PipelineStep.LAYERS, r.blobsRemoved() + " blobs removed ("
                + Sizes.human(r.bytesFreed()) + "), " + r.blobsKept() + " kept"));
        return r;
    }
}
