package dev.strata.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.StrataException;
import dev.strata.source.ResolvedSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;

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
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Composer composer;
    private final ImageMemory memory;

    public PipelineExports(Composer composer) {
        this.composer = composer;
        this.memory = new ImageMemory(composer);
    }

    public static PipelineExports fromEnvironment() {
        return new PipelineExports(Composer.fromEnvironment());
    }

    /**
     * The recipe's image for a push. An image of an immutable source built before (same source
     * identity, system, packages and settings) is taken from the cache without running Nix.
     */
    @Override
    public PushableImage forPush(Recipe recipe, ProgressListener progress) {
        ResolvedSource source = composer.resolve(recipe.source(), progress);
        Optional<String> key = composer.imageKey(source, recipe, "image-v1");
        Optional<List<ImageMemory.Manifest>> known = key.flatMap(memory::recall);
        if (known.isPresent()) {
            progress.on(ProgressEvent.finished(Stage.IMAGE, "built before: taken from the cache"));
            return fromManifest(known.get().get(0).bytes());
        }
        BuiltImage image;
        try (Realisation r = composer.realise(source, recipe, progress)) {
            LayerPlan plan = composer.plan(r, recipe, progress);
            image = composer.assemble(r, plan, recipe, progress);
        }
        key.ifPresent(k -> memory.remember(k, List.of(image.manifestDigest().toString())));
        return pushable(image);
    }

    /** A pushable image from a manifest whose blobs are all in the cache. */
    private PushableImage fromManifest(byte[] manifest) {
        try {
            JsonNode m = JSON.readTree(manifest);
            JsonNode c = m.path("config");
            List<ImageBlob> layers = new ArrayList<>();
            for (JsonNode l : m.path("layers")) {
                layers.add(cached(l));
            }
            return new PushableImage(manifest, m.path("mediaType").asText(), cached(c), layers);
        } catch (IOException e) {
            throw new IllegalStateException("a manifest Strata wrote is not JSON", e);
        }
    }

    private ImageBlob cached(JsonNode descriptor) {
        String digest = descriptor.path("digest").asText();
        Path file = composer.cachedBlob(digest).orElseThrow(() -> new StrataException("the cached blob " + digest
                + " disappeared while preparing the push; run the command again"));
        return new ImageBlob(digest, descriptor.path("size").asLong(), descriptor.path("mediaType").asText(),
                BlobSource.ofFile(file));
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
