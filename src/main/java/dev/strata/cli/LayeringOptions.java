package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.compose.Recipe;
import dev.strata.compose.PreviousBuilds;
import dev.strata.layering.PreviousPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How to layer: the options shared by plan, build, push, load and serve. */
public final class LayeringOptions {
    @Option(names = "--strategy", paramLabel = "NAME",
            description = "Layering strategy: strata (default), nixery, popularity or size; see docs/layering.md.")
    String strategy;

    @Option(names = "--max-layers", paramLabel = "N",
            description = "Layers in the image, counting the top symlink layer (default 100, at most 125). "
                    + "With plan --closure there is no symlink layer and N counts store layers alone (1 to 125).")
    Integer maxLayers;

    @Option(names = "--popularity", paramLabel = "FILE|URL",
            description = "Popularity data in Nixery's format (a JSON object from store path name to count); "
                    + "make it with: strata popularity.")
    String popularity;

    @Option(names = "--pin", paramLabel = "P",
            description = "Give a requested package, a store path, or a store path name (without hash) a layer of "
                    + "its own, counted against the budget. Repeatable.")
    List<String> pins = new ArrayList<>();

    @Option(names = "--previous", paramLabel = "PLAN_OR_IMAGE",
            description = "Keep the layers of a previous build that are still valid exactly as they were, so a host "
                    + "holding it pulls only what changed: the output of plan --json or build --json, or an image "
                    + "(oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE, docker://HOST/REPO:TAG, docker-daemon:NAME:TAG).")
    String previous;

    /**
     * The previous build the recipe names ({@code --previous} overrides the recipe's), read now: a
     * bad one is refused before Nix runs.
     */
    static Optional<PreviousPlan> previous(Recipe recipe) {
        return PreviousBuilds.of(recipe);
    }

    /** {@code --previous} alone, for plan --closure, which has no recipe. */
    Optional<PreviousPlan> previousOption() {
        return previous == null ? Optional.empty() : Optional.of(PreviousBuilds.local().load(previous));
    }

    /** {@code --max-layers} as given; 0 is refused (a recipe reads 0 as "the default"). */
    Integer checkedMaxLayers() {
        if (maxLayers != null && maxLayers < 1) {
            throw new StrataException(OptionRanges.MAX_LAYERS.refusal(maxLayers.toString()));
        }
        return maxLayers;
    }

    /** Every option given on the command line takes precedence; pins add to the recipe's. */
    void applyTo(CommandRecipe r) {
        if (strategy != null) {
            r.set("--strategy", "strategy", b -> b.strategy(strategy));
        }
        if (maxLayers != null) {
            r.set("--max-layers", "maxLayers", b -> b.maxLayers(checkedMaxLayers()));
        }
        if (popularity != null) {
            r.set("--popularity", "popularity", b -> b.popularity(popularity));
        }
        if (previous != null) {
            r.set("--previous", "previous", b -> b.previous(previous));
        }
        if (!pins.isEmpty()) {
            List<String> all = new ArrayList<>(r.base().pins());
            all.addAll(pins);
            r.set("--pin", "pins", b -> b.pins(all));
        }
    }
}
