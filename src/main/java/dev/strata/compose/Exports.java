package dev.strata.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.Redaction;
import dev.strata.StrataException;
import dev.strata.image.Blob;
import dev.strata.image.BuiltImage;
import dev.strata.image.BuiltLayer;
import dev.strata.input.PullOptions;
import dev.strata.layering.LayerPlan;
import dev.strata.layering.PreviousPlan;
import dev.strata.nix.Realisation;
import dev.strata.output.BlobSource;
import dev.strata.output.ImageArchive;
import dev.strata.output.ImageBlob;
import dev.strata.output.ImageName;
import dev.strata.output.ImageOutput;
import dev.strata.output.LoadableImage;
import dev.strata.output.OutputFormat;
import dev.strata.output.OutputMode;
import dev.strata.output.OutputTarget;
import dev.strata.output.PushableImage;
import dev.strata.output.TransferListener;
import dev.strata.output.daemon.DaemonLoader;
import dev.strata.output.daemon.LoadResult;
import dev.strata.output.registry.CredentialResolver;
import dev.strata.output.registry.ManifestChecker;
import dev.strata.output.registry.PushOptions;
import dev.strata.output.registry.PushResult;
import dev.strata.output.registry.PushedBlobIndex;
import dev.strata.output.registry.RegistryCredential;
import dev.strata.output.registry.ReferringArtifact;
import dev.strata.output.registry.RegistryPusher;
import dev.strata.output.registry.RegistryReference;
import dev.strata.source.ResolvedSource;
import dev.strata.sbom.Sbom;
import dev.strata.sbom.SbomFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every way an image leaves the pipeline, for every face: saved to a path or a stream, pushed to a
 * registry, loaded into a daemon. As jib-core's one {@code Containerizer} path, a face names the
 * destination and the same code prepares and sends the image whichever face asks: the CLI from a
 * recipe (realise, plan, assemble; an image built before from an immutable source comes from the
 * cache without Nix), the window from the plan it previews. Push and load have two steps each, so
 * a face can size its progress display between them: prepare the image, then send it.
 */
public final class Exports {
    /** How long a daemon may go without progress when a face gives no timeout. */
    public static final Duration DEFAULT_LOAD_TIMEOUT = DaemonLoader.DEFAULT_TIMEOUT;

    /** Where push and load get a recipe's image: the pipeline ({@link FromPipeline}); tests give fixed images. */
    public interface Images {
        /**
         * Starts, in the background, what {@link #forPush} will need whatever the recipe (asking Nix
         * for the system), while the caller does other work first (connecting to the registry).
         */
        default void prepareEarly() { }

        /** Builds the recipe's image (or finds it in the cache), ready to push. */
        PushableImage forPush(Recipe recipe, ProgressListener progress);

        /** Builds the recipe's image as a docker-archive named {@code nameTag}, streamed from the cache. */
        LoadableImage forLoad(Recipe recipe, String nameTag, ProgressListener progress);

        /**
         * As {@link #forPush(Recipe, ProgressListener)}, planned with the layers of a previous build kept
         * where still valid ({@code --previous}); images that are not planned here refuse one.
         */
        default PushableImage forPush(Recipe recipe, Optional<PreviousPlan> previous, ProgressListener progress) {
            refuse(previous);
            return forPush(recipe, progress);
        }

        /**
         * As {@link #forPush(Recipe, Optional, ProgressListener)}, giving {@code layerReady} each layer
         * blob as soon as it is in the cache, so that its upload can start while later layers are
         * still written; images that are not built here give none (the push sends them after).
         */
        default PushableImage forPush(Recipe recipe, Optional<PreviousPlan> previous, ProgressListener progress,
                                      Consumer<ImageBlob> layerReady) {
            return forPush(recipe, previous, progress);
        }

        /** As {@link #forLoad(Recipe, String, ProgressListener)}, planned with a previous build's layers. */
        default LoadableImage forLoad(Recipe recipe, Optional<PreviousPlan> previous, String nameTag,
                                      ProgressListener progress) {
            refuse(previous);
            return forLoad(recipe, nameTag, progress);
        }

        private static void refuse(Optional<PreviousPlan> previous) {
            if (previous.isPresent()) {
                throw new StrataException("this image source does not plan layers, so --previous "
                        + previous.get().source() + " cannot apply; drop --previous");
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Images images;
    private final PushedBlobIndex index;
    private final CredentialResolver credentials;
    private final DaemonLoader loader;

    /** The exports of a composer's pipeline and cache, with this push index, Docker config and daemon. */
    public Exports(Composer composer, PushedBlobIndex index, CredentialResolver credentials, DaemonLoader loader) {
        this(new FromPipeline(composer), index, credentials, loader);
    }

    /** Exports whose recipes' images come from {@code images} (tests give fixed ones). */
    public Exports(Images images, PushedBlobIndex index, CredentialResolver credentials, DaemonLoader loader) {
        this.images = images;
        this.index = index;
        this.credentials = credentials;
        this.loader = loader;
    }

    /** The pipeline, push index, Docker config and daemon of this environment. */
    public static Exports fromEnvironment() {
        return fromEnvironment(PullOptions.defaults());
    }

    /** As {@link #fromEnvironment()}, reading base images ({@code --from}) with these settings. */
    public static Exports fromEnvironment(PullOptions pulls) {
        return new Exports(Composer.fromEnvironment().withPullOptions(pulls), PushedBlobIndex.inCache(),
                CredentialResolver.fromEnvironment(), DaemonLoader.fromEnvironment());
    }

    /**
     * The exports of a face that realises and plans on its own (the window: the plan it previews is
     * the plan it sends): {@code composer}'s cache holds the pushed-blob index, the environment gives
     * the Docker config and the daemon.
     */
    public static Exports forComposer(Composer composer) {
        return new Exports(composer, new PushedBlobIndex(composer.cacheDir().resolve("pushed-blobs")),
                CredentialResolver.fromEnvironment(), DaemonLoader.fromEnvironment());
    }

    // Save -------------------------------------------------------------------------------------

    /**
     * Refuses, before anything is realised or written, a save that could not be done (a bad name,
     * Docker manifests for an OCI format, a path that is a special file, a file for a layout, a
     * directory for an archive, a directory that is not writable), and tells what is there now.
     *
     * @param format null to choose from the path (a .tar file is an OCI archive, else a layout directory)
     */
    static OutputTarget checkSave(Recipe recipe, OutputFormat format, Path output) {
        OutputFormat f = format == null ? OutputFormat.forPath(output) : format;
        checkRecipe(recipe, f);
        return ImageOutput.check(f, output);
    }

    /** As {@link #checkSave(Recipe, OutputFormat, Path)} for a stream; null means the stream's default format. */
    static void checkSave(Recipe recipe, OutputFormat format) {
        OutputFormat f = streamFormat(format);
        checkRecipe(recipe, f);
        ImageOutput.checkStream(f);
    }

    private static void checkRecipe(Recipe recipe, OutputFormat f) {
        ImageOutput.checkManifests(f, ImageBuild.options(recipe).manifestFormat());
        ImageOutput.checkCompression(f, ImageBuild.options(recipe).compression());
        name(recipe);
    }

    /** Refuses, before anything is built, a recipe whose image a daemon cannot load (zstd layers: a load sends a docker-archive). */
    public static void checkLoadable(Recipe recipe) {
        ImageOutput.checkCompression(OutputFormat.DOCKER_ARCHIVE, ImageBuild.options(recipe).compression());
    }

    /**
     * The format of a stream when none is given: the docker-archive, which {@code docker load}
     * reads as {@code docker save}'s and podman, skopeo and Docker 25 read as an OCI archive too.
     */
    static OutputFormat streamFormat(OutputFormat format) {
        return format == null ? OutputFormat.DOCKER_ARCHIVE : format;
    }

    /** Saves a built image to a path, named by the recipe's tag; {@code mode} says what happens to a layout there. */
    static BuildResult save(BuiltImage image, Recipe recipe, OutputFormat format, Path output, OutputMode mode,
                            ProgressListener listener) {
        OutputFormat f = format == null ? OutputFormat.forPath(output) : format;
        ImageName name = name(recipe);
        listener.on(ProgressEvent.started(PipelineStep.EXPORT, "Saving " + f.id() + " to " + Redaction.value(output.toString())
                + (mode == OutputMode.REPLACE ? " (replacing what is there)" : "")));
        ImageOutput.write(image, f, name, output, mode);
        listener.on(ProgressEvent.finished(PipelineStep.EXPORT, "saved " + Redaction.value(output.toString()) + (name == null ? "" : " as " + name)));
        return new BuildResult(image, output.toString());
    }

    /** Saves a built image as an archive to a stream (standard output); the result's output is {@code -}. */
    static BuildResult save(BuiltImage image, Recipe recipe, OutputFormat format, OutputStream out,
                            ProgressListener listener) {
        OutputFormat f = streamFormat(format);
        ImageName name = name(recipe);
        listener.on(ProgressEvent.started(PipelineStep.EXPORT, "Writing the " + f.id() + " to standard output"));
        ImageOutput.write(image, f, name, out);
        listener.on(ProgressEvent.finished(PipelineStep.EXPORT, "wrote the " + f.id() + " to standard output"
                + (name == null ? "" : " as " + name)));
        return new BuildResult(image, "-");
    }

    private static ImageName name(Recipe recipe) {
        return recipe.tag() == null || recipe.tag().isBlank() ? null : ImageName.parse(recipe.tag());
    }

    // Push -------------------------------------------------------------------------------------

    /** Builds (or finds) the recipe's image for a push. */
    public PushableImage preparePush(Recipe recipe, ProgressListener progress) {
        return images.forPush(recipe, progress);
    }

    /** As {@link #preparePush(Recipe, ProgressListener)}, keeping a previous build's valid layers. */
    public PushableImage preparePush(Recipe recipe, Optional<PreviousPlan> previous, ProgressListener progress) {
        return images.forPush(recipe, previous, progress);
    }

    public PushResult push(PushableImage image, RegistryReference target, PushOptions options, TransferListener transfer,
                           Consumer<String> warnings) {
        return new RegistryPusher(index, credentials, warnings).push(image, target, options, transfer);
    }

    /** An image built (or found) and pushed in one go: the image, and what its push did. */
    public record Pushed(PushableImage image, PushResult result) { }

    /**
     * Builds (or finds) the recipe's image and pushes it, overlapping the two: the registry is
     * connected to first (a wrong address or credential fails before anything is built), and each
     * layer starts uploading as soon as its blob is in the cache, at most
     * {@link PushOptions#parallelUploads} at once, while later layers are still being compressed;
     * the config and manifest follow when the image is complete. Blobs already in the registry are
     * not sent (a re-push sends no bytes). Interrupt the calling thread to cancel: the build and the
     * uploads under way stop, and no manifest is stored, so the registry holds no partial image.
     */
    public Pushed buildAndPush(Recipe recipe, Optional<PreviousPlan> previous, RegistryReference target,
                               PushOptions options, ProgressListener progress, TransferListener transfer,
                               Consumer<String> warnings) {
        images.prepareEarly(); // Nix answers while the registry is connected to
        try (RegistryPusher.Session session = new RegistryPusher(index, credentials, warnings)
                .open(target, options, transfer)) {
            PushableImage image = images.forPush(recipe, previous, progress, session::upload);
            return new Pushed(image, session.finish(image));
        }
    }

    /**
     * As {@link #buildAndPush(Recipe, Optional, RegistryReference, PushOptions, ProgressListener,
     * TransferListener, Consumer)} for a face that realised and planned the image itself (the
     * window: the plan it previews is the plan it sends), assembled into {@code composer}'s cache:
     * the registry is connected to first, each layer uploads as soon as its blob is in the cache
     * (after {@code layerReady} has heard of it, from the builder's threads), and {@code built}
     * hears of the whole image before its config and manifest go up. Interrupt to cancel.
     */
    public Pushed buildAndPush(Composer composer, Realisation realisation, LayerPlan plan, Recipe recipe,
                               RegistryReference target, PushOptions options, ProgressListener progress,
                               Consumer<ImageBlob> layerReady, Consumer<PushableImage> built,
                               TransferListener transfer, Consumer<String> warnings) {
        try (RegistryPusher.Session session = new RegistryPusher(index, credentials, warnings)
                .open(target, options, transfer)) {
            BuiltImage assembled = composer.assemble(realisation, plan, recipe, progress, l -> {
                ImageBlob b = blob(l);
                layerReady.accept(b);
                session.upload(b);
            });
            composer.rememberBuild(recipe, plan);
            PushableImage image = pushable(assembled);
            built.accept(image);
            return new Pushed(image, session.finish(image));
        }
    }

    /**
     * The tags of a push (the reference's and the extra ones) that the registry holds already, so a
     * face can ask before moving them onto another image. Asks the registry ({@code HEAD} per tag)
     * with the push's TLS and credential; interrupt the calling thread to stop it.
     */
    public List<String> existingTags(RegistryReference target, PushOptions options, Consumer<String> warnings) {
        return new ManifestChecker(credentials, warnings).existingTags(target, options);
    }

    /** A built image as the pusher takes it: manifest bytes and type, blobs read from the cache. */
    public static PushableImage pushable(BuiltImage image) {
        Blob config = image.config();
        ImageBlob configBlob = new ImageBlob(config.digest().toString(), config.size(), image.configMediaType(),
                BlobSource.ofFile(config.path()));
        List<ImageBlob> layers = image.layers().stream().map(Exports::blob).toList();
        return new PushableImage(image.manifestBytes(), image.manifestMediaType(), configBlob, layers);
    }

    private static ImageBlob blob(BuiltLayer l) {
        return new ImageBlob(l.digest().toString(), l.size(), l.mediaType(), BlobSource.ofFile(l.blob()));
    }

    // Load -------------------------------------------------------------------------------------

    /** Builds (or finds) the recipe's image as a docker-archive stream named {@code nameTag}. */
    public LoadableImage prepareLoad(Recipe recipe, String nameTag, ProgressListener progress) {
        return images.forLoad(recipe, nameTag, progress);
    }

    /**
     * The planned image of packages already realised, assembled into {@code composer}'s cache (layers
     * reused where they are there), as a docker-archive named {@code nameTag}: nothing is re-planned.
     */
    public static LoadableImage prepareLoad(Composer composer, Realisation realisation, LayerPlan plan, Recipe recipe,
                                            String nameTag, ProgressListener progress) {
        LoadableImage image = loadable(composer.assemble(realisation, plan, recipe, progress), nameTag);
        composer.rememberBuild(recipe, plan);
        return image;
    }

    /** As {@link #prepareLoad(Recipe, String, ProgressListener)}, keeping a previous build's valid layers. */
    public LoadableImage prepareLoad(Recipe recipe, Optional<PreviousPlan> previous, String nameTag,
                                     ProgressListener progress) {
        return images.forLoad(recipe, previous, nameTag, progress);
    }

    /** @param dockerHost null for DOCKER_HOST, the default socket, then podman's */
    public LoadResult load(LoadableImage image, String dockerHost, TransferListener transfer) {
        return load(image, dockerHost, DEFAULT_LOAD_TIMEOUT, transfer);
    }

    /** @param timeout the longest the daemon may go without progress (connecting, taking bytes, answering) */
    public LoadResult load(LoadableImage image, String dockerHost, Duration timeout, TransferListener transfer) {
        return loader.load(image.archive(), dockerHost, image.name(), image.size(), timeout, transfer);
    }

    /**
     * Refuses, before anything is built, a daemon address that cannot work: malformed, a port that
     * does not exist, a unix socket path that is missing or not a socket.
     */
    public void checkLoad(String dockerHost) {
        loader.check(dockerHost);
    }

    /** The ID of the image a daemon holds under {@code nameTag} now, or null (none, or no daemon answers). */
    public String existingImageId(String dockerHost, String nameTag) {
        return loader.existingImageId(dockerHost, nameTag);
    }

    /**
     * Pushes an image's SBOM (the inventory its config records) to the repository it was pushed to,
     * as an OCI artifact whose {@code subject} is the image and whose {@code artifactType} is the
     * SBOM's media type; listed in the referrers tag where the registry has no referrers API.
     */
    public RegistryPusher.ReferrerResult attachSbom(PushableImage image, String name, SbomFormat format,
                                                    RegistryReference target, PushOptions options,
                                                    TransferListener transfer, Consumer<String> warnings) {
        Sbom sbom = Sboms.ofConfig(configBytes(image), name).orElseThrow(() -> new StrataException(
                "the image carries no inventory for an SBOM (dev.strata.sbom label); build it with this Strata"));
        ReferringArtifact artifact = ReferringArtifact.of(sbom.bytes(format), format.mediaType(),
                "sbom." + format.id() + ".json", Map.of("org.opencontainers.image.created", Sboms.timestamp(sbom)),
                image.manifest(), image.manifestMediaType());
        return new RegistryPusher(index, credentials, warnings).pushReferrer(artifact, target, options, transfer);
    }

    /** The config blob's bytes of an image prepared for a push (from the cache), for its SBOM. */
    public static byte[] configBytes(PushableImage image) {
        try (InputStream in = image.config().source().open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new StrataException("cannot read the image's config " + image.config().shortDigest() + ": "
                    + e.getMessage());
        }
    }

    /** A built image as the loader takes it: the docker-archive named {@code nameTag}, streamed from the cache. */
    public static LoadableImage loadable(BuiltImage image, String nameTag) {
        ImageOutput.checkCompression(OutputFormat.DOCKER_ARCHIVE, image);
        ImageName name = ImageName.parse(nameTag);
        return new LoadableImage(out -> ImageArchive.writeDockerArchive(image, name, out),
                ImageArchive.size(image, name, true), name.toString(), image.configBytes());
    }

    /**
     * The daemon a load would use when none is named: {@code DOCKER_HOST}, else the first of the
     * default sockets that exists, else the default Docker socket (what error messages will name).
     */
    public String defaultDockerHost() {
        return loader.defaultHost().toString();
    }

    /** The name an image is loaded under when none is given: the recipe's tag, else {@code strata/FIRST-PACKAGE:latest}. */
    public static String loadName(Recipe recipe) {
        if (recipe.tag() != null && !recipe.tag().isBlank()) {
            String tag = recipe.tag().strip();
            return tag.substring(tag.lastIndexOf('/') + 1).contains(":") ? tag : tag + ":latest";
        }
        String first = recipe.packages().isEmpty() ? "image"
                : recipe.packages().get(0).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return "strata/" + first + ":latest";
    }

    /** Whether a daemon accepts {@code name} as an image's {@code NAME[:TAG]} (lower case, optional registry host). */
    public static boolean isLoadName(String name) {
        return name.matches("[a-z0-9]([a-z0-9._/-]*[a-z0-9])?(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?")
                || name.matches("[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?");
    }

    /** {@code USER:SECRET} given on the command line or in the GUI (the source names it in errors). */
    public static RegistryCredential credential(String userColonSecret, String source) {
        return CredentialResolver.parseCreds(userColonSecret, source);
    }

    /** {@code USER:SECRET} from the first line of a stream (standard input). */
    public static RegistryCredential credential(InputStream in) {
        return CredentialResolver.readCreds(in);
    }

    /**
     * A recipe's image from the pipeline: realise the recipe, plan it with its layering, assemble it
     * into the cache (reusing cached layers). For a push, an image of an immutable source built
     * before (same source identity, system, packages and settings) is taken from the cache without
     * running Nix.
     */
    static final class FromPipeline implements Images {
        private final Composer composer;

        FromPipeline(Composer composer) {
            this.composer = composer;
        }

        @Override
        public void prepareEarly() {
            composer.askSystemEarly();
        }

        @Override
        public PushableImage forPush(Recipe recipe, ProgressListener progress) {
            return forPush(recipe, PreviousBuilds.of(recipe), progress);
        }

        @Override
        public PushableImage forPush(Recipe recipe, Optional<PreviousPlan> previous, ProgressListener progress) {
            return forPush(recipe, previous, progress, blob -> { });
        }

        /** With a previous build the plan depends on it, so no image is taken from or remembered in the cache. */
        @Override
        public PushableImage forPush(Recipe recipe, Optional<PreviousPlan> previous, ProgressListener progress,
                                     Consumer<ImageBlob> layerReady) {
            composer.checkInputs(recipe, progress); // a missing --add file or a bad base fails before Nix runs
            Consumer<BuiltLayer> ready = l -> layerReady.accept(blob(l));
            if (previous.isPresent()) {
                return pushable(build(recipe, previous, progress, ready));
            }
            ResolvedSource source = composer.resolve(recipe.source(), progress);
            Optional<String> key = composer.imageKey(source, recipe, Composer.IMAGE_PURPOSE);
            Optional<PushableImage> known = key.flatMap(composer::rememberedImage)
                    .flatMap(m -> fromManifest(m.get(0).bytes()));
            if (known.isPresent()) {
                progress.on(ProgressEvent.finished(PipelineStep.IMAGE, "built before: taken from the cache"));
                return known.get();
            }
            BuiltImage image;
            try (Realisation r = composer.realise(source, recipe, progress)) {
                LayerPlan plan = composer.plan(r, recipe, progress);
                image = composer.assemble(r, plan, recipe, progress, ready);
            }
            key.ifPresent(k -> composer.rememberImage(k, image));
            return pushable(image);
        }

        /** A pushable image from a remembered manifest; empty when a blob has left the cache since (gc). */
        private Optional<PushableImage> fromManifest(byte[] manifest) {
            try {
                JsonNode m = JSON.readTree(manifest);
                Optional<ImageBlob> config = cached(m.path("config"));
                List<ImageBlob> layers = new ArrayList<>();
                for (JsonNode l : m.path("layers")) {
                    Optional<ImageBlob> layer = cached(l);
                    if (layer.isEmpty()) {
                        return Optional.empty();
                    }
                    layers.add(layer.get());
                }
                return config.map(c -> new PushableImage(manifest, m.path("mediaType").asText(), c, layers));
            } catch (IOException e) {
                throw new IllegalStateException("a manifest Strata wrote is not JSON", e);
            }
        }

        private Optional<ImageBlob> cached(JsonNode descriptor) {
            String digest = descriptor.path("digest").asText();
            return composer.cachedBlob(digest).map(file -> new ImageBlob(digest, descriptor.path("size").asLong(),
                    descriptor.path("mediaType").asText(), BlobSource.ofFile(file)));
        }

        @Override
        public LoadableImage forLoad(Recipe recipe, String nameTag, ProgressListener progress) {
            return forLoad(recipe, PreviousBuilds.of(recipe), nameTag, progress);
        }

        @Override
        public LoadableImage forLoad(Recipe recipe, Optional<PreviousPlan> previous, String nameTag,
                                     ProgressListener progress) {
            ImageName.parse(nameTag); // a bad name is refused before anything is built
            composer.checkInputs(recipe, progress);
            return loadable(build(recipe, previous, progress), nameTag);
        }

        /** The image of a recipe in the cache; the packages' GC root is released once it is written. */
        BuiltImage build(Recipe recipe, Optional<PreviousPlan> previous, ProgressListener progress) {
            return build(recipe, previous, progress, l -> { });
        }

        /** As {@link #build(Recipe, Optional, ProgressListener)}, telling {@code layerReady} of each layer when it is cached. */
        BuiltImage build(Recipe recipe, Optional<PreviousPlan> previous, ProgressListener progress,
                         Consumer<BuiltLayer> layerReady) {
            try (Realisation r = composer.realise(recipe, progress)) {
                LayerPlan plan = composer.plan(r, recipe, previous, progress);
                return composer.assemble(r, plan, recipe, progress, layerReady);
            }
        }
    }
}
