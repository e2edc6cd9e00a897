package dev.strata.compose;

import dev.strata.image.BuildListener;
import dev.strata.image.BuildOptions;
import dev.strata.image.BuiltImage;
import dev.strata.image.BuiltLayer;
import dev.strata.image.CacheMaintenance;
import dev.strata.image.Compression;
import dev.strata.image.ImageBuilder;
import dev.strata.image.ImageInputs;
import dev.strata.image.ManifestFormat;
import dev.strata.layering.LayerPlan;
import dev.strata.nix.Realisation;
import dev.strata.output.ImageName;
import dev.strata.output.ImageOutput;
import dev.strata.output.OutputFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The image steps of {@link Composer}: assemble, export, cache upkeep, with their progress events. */
final class ImageBuild {
    private ImageBuild() {}

    static BuildOptions options(Recipe recipe) {
        return new BuildOptions(Compression.parse(recipe.compression()), ManifestFormat.parse(recipe.manifestFormat()),
                BuildOptions.created(recipe.created()));
    }

    static BuiltImage assemble(Path cacheDir, Realisation r, LayerPlan plan, Recipe recipe, ProgressListener listener) {
        BuildOptions options = options(recipe);
        int count = plan.layers().size() + 1;
        listener.on(ProgressEvent.started(Stage.LAYERS, "Writing " + count + " layers (" + options.compression().id() + ")"));
        AtomicInteger reused = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        BuildListener events = new BuildListener() {
            @Override
            public void layerStarted(int index, int total, String description) {
                listener.on(ProgressEvent.log(Stage.LAYERS, "writing layer " + (index + 1) + " of " + total + ": "
                        + description));
            }

            @Override
            public void bytesRead(long done, long total) {
                listener.on(ProgressEvent.progress(Stage.LAYERS, "read " + Sizes.human(done) + " of "
                        + Sizes.human(total), done, total));
            }

            @Override
            public void layerFinished(int index, int total, BuiltLayer layer) {
                if (layer.reused()) {
                    reused.incrementAndGet();
                }
                int n = finished.incrementAndGet();
                listener.on(ProgressEvent.progress(Stage.LAYERS, "layer " + (index + 1) + " of " + total + " "
                        + (layer.reused() ? "reused" : "written") + " (" + Sizes.human(layer.size()) + "): "
                        + layer.description(), n, total));
            }

            @Override
            public void warning(String message) {
                listener.on(ProgressEvent.log(Stage.LAYERS, "warning: " + message));
            }
        };
        ImageInputs inputs = new ImageInputs(r.system(), r.closure(), r.forest());
        BuiltImage image = ImageBuilder.inCache(cacheDir).build(inputs, plan, recipe.config(), options, events);
        listener.on(ProgressEvent.finished(Stage.LAYERS, count + " layers: " + (count - reused.get()) + " written, "
                + reused.get() + " reused from the cache"));
        listener.on(ProgressEvent.finished(Stage.IMAGE, "image " + image.manifestDigest() + " ("
                + image.format().id() + " manifest)"));
        return image;
    }

    /** Refuses, before any work, what {@link #export} would refuse after the layers are written. */
    static void checkTarget(Recipe recipe, OutputFormat format, Path output) {
        OutputFormat f = format == null ? OutputFormat.forPath(output) : format;
        BuildOptions options = options(recipe);
        if (f != OutputFormat.DOCKER_ARCHIVE && options.manifestFormat() == ManifestFormat.DOCKER) {
            throw new dev.strata.StrataException("an " + f.id() + " holds OCI manifests, and tools ignore Docker "
                    + "manifests in one; use --manifest-format oci, or --format docker-archive for Docker");
        }
        if (recipe.tag() != null && !recipe.tag().isBlank()) {
            ImageName.parse(recipe.tag());
        }
    }

    static BuildResult export(BuiltImage image, Recipe recipe, OutputFormat format, Path output,
                              ProgressListener listener) {
        OutputFormat f = format == null ? OutputFormat.forPath(output) : format;
        ImageName name = recipe.tag() == null || recipe.tag().isBlank() ? null : ImageName.parse(recipe.tag());
        listener.on(ProgressEvent.started(Stage.EXPORT, "Saving " + f.id() + " to " + output));
        ImageOutput.write(image, f, name, output);
        listener.on(ProgressEvent.finished(Stage.EXPORT, "saved " + output + (name == null ? "" : " as " + name)));
        return new BuildResult(image, output.toString());
    }

    static CacheMaintenance.VerifyReport verifyCache(Path cacheDir, ProgressListener listener) {
        listener.on(ProgressEvent.started(Stage.LAYERS, "Verifying the cache in " + cacheDir));
        CacheMaintenance.VerifyReport r = CacheMaintenance.in(cacheDir).verify(d ->
                listener.on(ProgressEvent.log(Stage.LAYERS, "checking " + d)));
        listener.on(ProgressEvent.finished(Stage.LAYERS, r.blobs() + " blobs good, " + r.corrupt().size()
                + " corrupt and removed"));
        return r;
    }

    static CacheMaintenance.GcReport gcCache(Path cacheDir, Duration maxAge, ProgressListener listener) {
        listener.on(ProgressEvent.started(Stage.LAYERS, "Collecting cache garbage in " + cacheDir));
        CacheMaintenance.GcReport r = CacheMaintenance.in(cacheDir).gc(maxAge);
        listener.on(ProgressEvent.finished(Stage.LAYERS, r.blobsRemoved() + " blobs removed ("
                + Sizes.human(r.bytesFreed()) + "), " + r.blobsKept() + " kept"));
        return r;
    }
}
