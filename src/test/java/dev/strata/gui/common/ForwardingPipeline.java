package dev.strata.gui.common;

import dev.strata.compose.PackageCatalog;
import dev.strata.image.AddedFiles;
import dev.strata.image.Platform;
import dev.strata.input.ImageSummary;
import dev.strata.compose.ProgramCheck;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.image.SizeEstimate;
import dev.strata.layering.LayerPlan;
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
 * The real pipeline with one step changed by a test (a user pressing Cancel at a given moment,
 * say): every call goes to the real one unless the test overrides it. Not a mock: the work is real.
 */
public class ForwardingPipeline implements Pipeline {
    protected final Pipeline real;

    public ForwardingPipeline(Pipeline real) {
        this.real = real;
    }

    @Override
    public ResolvedSource resolve(String sourceSpec, ProgressListener progress) {
        return real.resolve(sourceSpec, progress);
    }

    @Override
    public PackageCatalog index(ResolvedSource source, ProgressListener progress) {
        return real.index(source, progress);
    }

    @Override
    public Realisation realise(ResolvedSource source, Recipe recipe, ProgressListener progress) {
        return real.realise(source, recipe, progress);
    }

    @Override
    public List<StrategyChoice> strategies() {
        return real.strategies();
    }

    @Override
    public LayerPlan plan(Realisation realisation, Recipe recipe) {
        return real.plan(realisation, recipe);
    }

    @Override
    public ExportResult export(Realisation realisation, LayerPlan plan, Recipe recipe, ExportFormat format, Path output,
                               OutputMode mode, ProgressListener progress) {
        return real.export(realisation, plan, recipe, format, output, mode, progress);
    }

    @Override
    public OutputTarget checkExport(Recipe recipe, ExportFormat format, Path output) {
        return real.checkExport(recipe, format, output);
    }

    @Override
    public PushResult buildAndPush(Realisation realisation, LayerPlan plan, Recipe recipe, RegistryReference target,
                                   PushOptions options, ProgressListener progress, Consumer<ImageBlob> layerReady,
                                   Consumer<PushableImage> built, TransferListener transfer, Consumer<String> warnings) {
        return real.buildAndPush(realisation, plan, recipe, target, options, progress, layerReady, built, transfer,
                warnings);
    }

    @Override
    public LoadableImage prepareLoad(Realisation realisation, LayerPlan plan, Recipe recipe, String nameTag,
                                     ProgressListener progress) {
        return real.prepareLoad(realisation, plan, recipe, nameTag, progress);
    }

    @Override
    public LoadResult load(LoadableImage image, String dockerHost, Duration timeout, TransferListener transfer) {
        return real.load(image, dockerHost, timeout, transfer);
    }

    @Override
    public void checkLoad(String dockerHost) {
        real.checkLoad(dockerHost);
    }

    @Override
    public String defaultDockerHost() {
        return real.defaultDockerHost();
    }

    @Override
    public List<String> unmatchedPins(Realisation realisation, List<String> pins) {
        return real.unmatchedPins(realisation, pins);
    }

    @Override
    public SizeEstimate estimate(LayerPlan plan, Recipe recipe) {
        return real.estimate(plan, recipe);
    }

    @Override
    public Map<String, List<String>> programs(Realisation realisation) {
        return real.programs(realisation);
    }

    @Override
    public Optional<ProgramCheck> checkProgram(Realisation realisation, Recipe recipe, ProgressListener progress) {
        return real.checkProgram(realisation, recipe, progress);
    }

    @Override
    public PackageOutputs outputs(ResolvedSource source, String attrPath, ProgressListener progress) {
        return real.outputs(source, attrPath, progress);
    }

    @Override
    public List<String> existingTags(RegistryReference target, PushOptions options) {
        return real.existingTags(target, options);
    }

    @Override
    public String existingImageId(String dockerHost, String nameTag) {
        return real.existingImageId(dockerHost, nameTag);
    }

    @Override
    public ImageSummary readBase(String reference, ProgressListener progress) {
        return real.readBase(reference, progress);
    }

    @Override
    public Platform platform() {
        return real.platform();
    }

    @Override
    public long addedBytes(AddedFiles add) {
        return real.addedBytes(add);
    }
}
