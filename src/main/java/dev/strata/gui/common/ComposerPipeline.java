package dev.strata.gui.common;

import dev.strata.compose.BuildResult;
import dev.strata.compose.Composer;
import dev.strata.compose.Exports;
import dev.strata.compose.LayerContents;
import dev.strata.compose.ProgramCheck;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.layering.LayerPlan;
import dev.strata.layering.PreviousPlan;
import dev.strata.layering.Strategies;
import dev.strata.compose.PackageCatalog;
import dev.strata.image.AddedFiles;
import dev.strata.image.Platform;
import dev.strata.input.ImageSummary;
import dev.strata.compose.ImageFiles;
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

/** The desktop composer's pipeline: every call goes to {@link Composer}, as the CLI's do. */
public final class ComposerPipeline implements Pipeline {
    private final Composer composer;
    private final Exports exports;

    public ComposerPipeline(Composer composer) {
        this.composer = composer;
        this.exports = Exports.forComposer(composer);
    }

    public static ComposerPipeline fromEnvironment() {
        return new ComposerPipeline(Composer.fromEnvironment());
    }

    @Override
    public ResolvedSource resolve(String sourceSpec, ProgressListener progress) {
        return composer.resolve(sourceSpec, progress);
    }

    @Override
    public PackageCatalog index(ResolvedSource source, ProgressListener progress) {
        return composer.catalog(source, progress);
    }

    @Override
    public Realisation realise(ResolvedSource source, Recipe recipe, ProgressListener progress) {
        return composer.realise(source, recipe, progress);
    }

    @Override
    public List<StrategyChoice> strategies() {
        return Strategies.all().stream().map(s -> new StrategyChoice(s.name(), s.description())).toList();
    }

    @Override
    public LayerPlan plan(Realisation realisation, Recipe recipe) {
        return composer.plan(realisation, recipe, ProgressListener.NONE);
    }

    @Override
    public LayerPlan plan(Realisation realisation, Recipe recipe, Optional<PreviousPlan> previous) {
        return composer.plan(realisation, recipe, previous, ProgressListener.NONE);
    }

    @Override
    public Optional<PreviousPlan> lastBuild(Recipe recipe) {
        return composer.lastBuild(recipe);
    }

    @Override
    public ExportResult export(Realisation realisation, LayerPlan plan, Recipe recipe, ExportFormat format, Path output,
                               OutputMode mode, ProgressListener progress) {
        BuildResult r = composer.build(realisation, plan, recipe, format.outputFormat(), output, mode, progress);
        List<ExportResult.LayerResult> layers = r.image().layers().stream()
                .map(l -> new ExportResult.LayerResult(l.digest().toString(), l.diffId().toString(), l.size()))
                .toList();
        return new ExportResult(r.image().manifestDigest().toString(), r.image().configDigest().toString(), layers,
                Path.of(r.output()), format, recipe.tag() == null ? "" : recipe.tag());
    }

    @Override
    public OutputTarget checkExport(Recipe recipe, ExportFormat format, Path output) {
        return composer.checkBuild(recipe, format.outputFormat(), output);
    }

    @Override
    public PushResult buildAndPush(Realisation realisation, LayerPlan plan, Recipe recipe, RegistryReference target,
                                   PushOptions options, ProgressListener progress, Consumer<ImageBlob> layerReady,
                                   Consumer<PushableImage> built, TransferListener transfer, Consumer<String> warnings) {
        return exports.buildAndPush(composer, realisation, plan, recipe, target, options, progress, layerReady, built,
                transfer, warnings).result();
    }

    @Override
    public LoadableImage prepareLoad(Realisation realisation, LayerPlan plan, Recipe recipe, String nameTag,
                                     ProgressListener progress) {
        return Exports.prepareLoad(composer, realisation, plan, recipe, nameTag, progress);
    }

    @Override
    public LoadResult load(LoadableImage image, String dockerHost, Duration timeout, TransferListener transfer) {
        return exports.load(image, dockerHost, timeout, transfer);
    }

    @Override
    public void checkLoad(String dockerHost) {
        exports.checkLoad(dockerHost);
    }

    @Override
    public String defaultDockerHost() {
        return exports.defaultDockerHost();
    }

    @Override
    public List<String> unmatchedPins(Realisation realisation, List<String> pins) {
        return composer.unmatchedPins(realisation, pins);
    }

    @Override
    public SizeEstimate estimate(LayerPlan plan, Recipe recipe) {
        return composer.estimate(plan, recipe);
    }

    @Override
    public Map<String, List<String>> programs(Realisation realisation) {
        return ImageFiles.programs(realisation);
    }

    @Override
    public Optional<ProgramCheck> checkProgram(Realisation realisation, Recipe recipe, ProgressListener progress) {
        return composer.checkProgram(realisation, recipe, progress);
    }

    @Override
    public PackageOutputs outputs(ResolvedSource source, String attrPath, ProgressListener progress) {
        return composer.outputs(source, attrPath, progress);
    }

    @Override
    public List<String> existingTags(RegistryReference target, PushOptions options) {
        return exports.existingTags(target, options, w -> { });
    }

    @Override
    public String existingImageId(String dockerHost, String nameTag) {
        return exports.existingImageId(dockerHost, nameTag);
    }

    @Override
    public ImageSummary readBase(String reference, ProgressListener progress) {
        return composer.checkBase(reference, progress);
    }

    @Override
    public Platform platform() {
        return composer.platform();
    }

    @Override
    public long addedBytes(AddedFiles add) {
        return composer.addedBytes(add);
    }

    @Override
    public ImageInspection inspectImage(String reference, PullOptions pulls, ProgressListener progress) {
        return composer.withPullOptions(pulls).inspect(reference, progress);
    }

    @Override
    public ImageDiff diffImages(String from, String to, PullOptions pulls, ProgressListener progress) {
        return composer.withPullOptions(pulls).diff(from, to, progress);
    }

    @Override
    public Optional<LayerListing> builtLayerFiles(LayerPlan plan, int position, Recipe recipe) {
        return LayerContents.built(composer, plan, position, recipe);
    }
}
