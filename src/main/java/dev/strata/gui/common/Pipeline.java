package dev.strata.gui.common;

import dev.strata.compose.LayerContents;
import dev.strata.compose.ProgramCheck;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.PreviousBuilds;
import dev.strata.compose.Recipe;
import dev.strata.layering.LayerPlan;
import dev.strata.layering.PreviousPlan;
import dev.strata.compose.PackageCatalog;
import dev.strata.image.AddedFiles;
import dev.strata.image.Platform;
import dev.strata.input.ImageSummary;
import dev.strata.image.SizeEstimate;
import dev.strata.input.PullOptions;
import dev.strata.inspect.ImageDiff;
import dev.strata.inspect.ImageInspection;
import dev.strata.inspect.LayerListing;
import dev.strata.nix.PackageOutputs;
import dev.strata.nix.Realisation;
import dev.strata.output.LoadableImage;
import dev.strata.output.OutputMode;
import dev.strata.output.OutputTarget;
import dev.strata.output.ImageBlob;
import dev.strata.output.PushableImage;
import dev.strata.output.TransferListener;
import dev.strata.output.daemon.LoadResult;
import dev.strata.output.registry.PushOptions;
import dev.strata.output.registry.PushResult;
import dev.strata.output.registry.RegistryReference;
import dev.strata.source.ResolvedSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the desktop composer asks of the pipeline, one method per user action. The real
 * implementation ({@link ComposerPipeline}) forwards every call to {@code compose.Composer}; the
 * view models depend on this interface so that each screen states exactly what it needs.
 * Long calls run on the calling (worker) thread and stop when it is interrupted.
 */
public interface Pipeline {
    ResolvedSource resolve(String sourceSpec, ProgressListener progress);

    PackageCatalog index(ResolvedSource source, ProgressListener progress);

    /** Builds the recipe's packages and reads their closure; the caller closes the result. */
    Realisation realise(ResolvedSource source, Recipe recipe, ProgressListener progress);

    /** The layering strategies, default first. */
    List<StrategyChoice> strategies();

    /** The layer plan of a realised closure under the recipe's strategy, budget and pins. */
    LayerPlan plan(Realisation realisation, Recipe recipe);

    /** As {@link #plan(Realisation, Recipe)}, keeping the still-valid layers of a previous build ({@code --previous}). */
    default LayerPlan plan(Realisation realisation, Recipe recipe, Optional<PreviousPlan> previous) {
        return plan(realisation, recipe);
    }

    /** The plan of the last build (save, push, load) of the same recipe, if there was one. */
    default Optional<PreviousPlan> lastBuild(Recipe recipe) {
        return Optional.empty();
    }

    /** Reads a previous build: plan or build JSON, or an image file ({@code oci-archive:FILE} ...). */
    default PreviousPlan readPrevious(String spec) {
        return PreviousBuilds.local().load(spec);
    }

    /**
     * Builds the planned image and writes it to {@code output} in the given format; {@code mode}
     * says whether an OCI layout there gets the image added or is replaced. The output appears whole
     * or not at all: on failure or cancel nothing is left at {@code output}.
     */
    ExportResult export(Realisation realisation, LayerPlan plan, Recipe recipe, ExportFormat format, Path output,
                        OutputMode mode, ProgressListener progress);

    /**
     * Refuses, with a sentence, an export that could not be written (a bad image name, a format
     * that cannot hold the recipe's manifests, a path that is a special file or a directory that is
     * not writable) before anything is built, and tells what is at the path now. Cheap: a few stats.
     */
    OutputTarget checkExport(Recipe recipe, ExportFormat format, Path output);

    /**
     * Assembles the planned image into the cache and pushes it, the two overlapped as {@code strata
     * push} does ({@link dev.strata.compose.Exports#buildAndPush}): the registry is connected to
     * first, each layer uploads as soon as its blob is in the cache ({@code layerReady} hears of it
     * first, from the builder's threads), and {@code built} hears of the whole image before its
     * config and manifest go up. Per-blob events go to {@code transfer} (from several threads),
     * warnings (e.g. about an insecure registry) to {@code warnings}. Interrupting the calling
     * thread stops the build and the uploads; no manifest is stored then.
     */
    PushResult buildAndPush(Realisation realisation, LayerPlan plan, Recipe recipe, RegistryReference target,
                            PushOptions options, ProgressListener progress, Consumer<ImageBlob> layerReady,
                            Consumer<PushableImage> built, TransferListener transfer, Consumer<String> warnings);

    /** Assembles the planned image into the cache, as a docker-archive stream named {@code nameTag}. */
    LoadableImage prepareLoad(Realisation realisation, LayerPlan plan, Recipe recipe, String nameTag,
                              ProgressListener progress);

    /**
     * Loads an image into a Docker-compatible daemon; {@code dockerHost} null for the default one.
     * The daemon may go at most {@code timeout} without progress. Interrupting the calling thread stops it.
     */
    LoadResult load(LoadableImage image, String dockerHost, Duration timeout, TransferListener transfer);

    /**
     * Refuses, with a sentence, a daemon address that cannot work (malformed, a port that does not
     * exist, a socket path that is missing or not a socket) before anything is built.
     */
    default void checkLoad(String dockerHost) {
    }

    /** The daemon a load goes to when none is named, as a URI (for the Docker host field). */
    String defaultDockerHost();

    /** The pins that match nothing in the realisation (made for other packages or another set). */
    List<String> unmatchedPins(Realisation realisation, List<String> pins);

    /** The stored size of the plan's store layers before building: exact where cached. Reads the cache. */
    SizeEstimate estimate(LayerPlan plan, Recipe recipe);

    /** Each requested package's programs on PATH (its outputs' bin). Reads the store. */
    Map<String, List<String>> programs(Realisation realisation);

    /**
     * Whether a container of the recipe's image finds the program it runs, in its packages, added
     * files or base image (whose layers this brings into the cache); empty when it runs nothing.
     * Reads files and may download. Interrupting the calling thread stops it.
     */
    Optional<ProgramCheck> checkProgram(Realisation realisation, Recipe recipe, ProgressListener progress);

    /** A package's outputs without building it, and their closure size when already built. Runs Nix. */
    PackageOutputs outputs(ResolvedSource source, String attrPath, ProgressListener progress);

    /** The tags of a push the registry holds already. Talks to the registry. */
    List<String> existingTags(RegistryReference target, PushOptions options);

    /** The ID of the image a daemon holds under the name now, or null. Talks to the daemon. */
    String existingImageId(String dockerHost, String nameTag);

    /**
     * Opens a base image reference anew ({@code --from}; a tag is resolved again): its manifest and
     * config read and checked, nothing large fetched. The plan and the build use what this read.
     * Talks to a registry or daemon, or reads files; interrupting the calling thread stops it.
     */
    default ImageSummary readBase(String reference, ProgressListener progress) {
        throw new UnsupportedOperationException("this pipeline reads no base images");
    }

    /** The platform the packages are built for (a base image must be for it). */
    default Platform platform() {
        return Platform.local();
    }

    /**
     * The bytes of file content an added files entry ({@code --add}) puts in its layer; its tree is
     * read and checked now (a missing source, a socket inside it: one sentence). Reads the disk.
     */
    default long addedBytes(AddedFiles add) {
        throw new UnsupportedOperationException("this pipeline adds no files");
    }

    /**
     * Reads any image ({@code oci:DIR[:TAG]}, {@code oci-archive:FILE}, {@code docker-archive:FILE},
     * {@code docker://HOST/REPO:TAG}, {@code docker-daemon:NAME:TAG}) and lists its layers, files,
     * config and packages, composing nothing. Interrupting the calling thread stops it.
     */
    default ImageInspection inspectImage(String reference, PullOptions pulls, ProgressListener progress) {
        throw new UnsupportedOperationException("this pipeline does not read images");
    }

    /** What a host holding image {@code from} pulls for image {@code to}, and the packages changed. */
    default ImageDiff diffImages(String from, String to, PullOptions pulls, ProgressListener progress) {
        throw new UnsupportedOperationException("this pipeline does not read images");
    }

    /** The files of a planned store layer (position from 1) as its store paths are on disk now. Reads the store. */
    default LayerListing plannedLayerFiles(LayerPlan plan, int position) {
        return LayerContents.ofStorePaths(Path.of("/"), plan.layers().get(position - 1).paths());
    }

    /** The files of a planned store layer as the cache holds it built; empty before a build. Reads the cache. */
    default Optional<LayerListing> builtLayerFiles(LayerPlan plan, int position, Recipe recipe) {
        return Optional.empty();
    }

    /** A strategy as the layers screen lists it. */
    record StrategyChoice(String name, String description) {
        @Override
        public String toString() {
            return name;
        }
    }
}
