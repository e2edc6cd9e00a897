package dev.strata.gui.common;

import dev.strata.StrataException;
import dev.strata.compose.Composer;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.layering.LayerPlan;
import dev.strata.layering.Strategies;
import dev.strata.compose.PackageCatalog;
import dev.strata.nix.Realisation;
import dev.strata.source.ResolvedSource;
import java.nio.file.Path;
import java.util.List;

/** The desktop composer's pipeline: every call goes to {@link Composer}, as the CLI's do. */
public final class ComposerPipeline implements Pipeline {
    private final Composer composer;

    public ComposerPipeline(Composer composer) {
        this.composer = composer;
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
    public ExportResult export(Realisation realisation, LayerPlan plan, Recipe recipe, ExportFormat format, Path output,
                               ProgressListener progress) {
        throw new StrataException("building images is not part of this build of Strata yet; "
                + "save the recipe and build it with a newer Strata");
    }
}
