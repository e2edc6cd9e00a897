package dev.strata.compose;

import dev.strata.image.Blob;
import dev.strata.image.BuiltImage;
import dev.strata.image.BuiltLayer;
import dev.strata.layering.LayerPlan;
import dev.strata.nix.Realisation;
import dev.strata.output.BlobSource;
import dev.strata.output.ImageArchive;
import dev.strata.output.ImageBlob;
import dev.strata.output.ImageName;
import dev.strata.output.LoadableImage;
import dev.strata.output.PushableImage;
import java.util.List;

/**
 * The image pipeline behind {@code strata push} and {@code strata load}: realise the recipe, plan
 * it with its layering, assemble the image into the cache (reusing cached layers), and hand the
 * transport the cached blobs (push) or the docker-archive streamed from them (load). To connect
 * it, {@link ExportImages#pipeline()} returns {@code PipelineExports.fromEnvironment()}.
 */
public final class PipelineExports implements ExportImages {
    private final Composer composer;

    public PipelineExports(Composer composer) {
        this.composer = composer;
    }

    public static PipelineExports fromEnvironment() {
        return new PipelineExports(Composer.fromEnvironment());
    }

    @Override
    public PushableImage forPush(Recipe recipe, ProgressListener progress) {
        return pushable(build(recipe, progress));
    }

    @Override
    public LoadableImage forLoad(Recipe recipe, String nameTag, ProgressListener progress) {
        ImageName.parse(nameTag); // a bad name is refused before anything is built
        return loadable(build(recipe, progress), nameTag);
    }

    /** A built image as the loader takes it: the docker-archive named {@code nameTag}, streamed from the cache. */
    public static LoadableImage loadable(BuiltImage image, String nameTag) {
        ImageName name = ImageName.parse(nameTag);
        return new LoadableImage(out -> ImageArchive.writeDockerArchive(image, name, out),
                ImageArchive.size(image, name, true), name.toString());
    }

    /** The image of a recipe in the cache; the packages' GC root is released once it is written. */
    BuiltImage build(Recipe recipe, ProgressListener progress) {
        try (Realisation r = composer.realise(recipe, progress)) {
            LayerPlan plan = composer.plan(r, recipe, progress);
            return composer.assemble(r, plan, recipe, progress);
        }
    }

    /** A built image as the pusher takes it: manifest bytes and type, blobs read from the cache. */
    public static PushableImage pushable(BuiltImage image) {
        Blob config = image.config();
        ImageBlob configBlob = new ImageBlob(config.digest().toString(), config.size(), image.configMediaType(),
                BlobSource.ofFile(config.path()));
        List<ImageBlob> layers = image.layers().stream().map(PipelineExports::blob).toList();
        return new PushableImage(image.manifestBytes(), image.manifestMediaType(), configBlob, layers);
    }

    private static ImageBlob blob(BuiltLayer l) {
        return new ImageBlob(l.digest().toString(), l.size(), l.mediaType(), BlobSource.ofFile(l.blob()));
    }
}
