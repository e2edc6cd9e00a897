package dev.strata.compose;

import dev.strata.image.BuiltImage;
import dev.strata.layering.LayerPlan;
import dev.strata.nix.Realisation;
import dev.strata.output.LoadableImage;
import dev.strata.output.PushableImage;
import dev.strata.output.TransferListener;
import dev.strata.output.daemon.DaemonLoader;
import dev.strata.output.daemon.LoadResult;
import dev.strata.output.registry.CredentialResolver;
import dev.strata.output.registry.PushOptions;
import dev.strata.output.registry.PushResult;
import dev.strata.output.registry.PushedBlobIndex;
import dev.strata.output.registry.RegistryCredential;
import dev.strata.output.registry.RegistryPusher;
import dev.strata.output.registry.RegistryReference;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Push and load for every face: the image comes from {@link ExportImages} (built, or found in the
 * cache), the transport from output/registry and output/daemon. Two steps each, so a face can size
 * its progress display between them: prepare the image, then send it.
 */
public final class Exports {
    private final ExportImages images;
    private final PushedBlobIndex index;
    private final CredentialResolver credentials;
    private final DaemonLoader loader;

    public Exports(ExportImages images, PushedBlobIndex index, CredentialResolver credentials, DaemonLoader loader) {
        this.images = images;
        this.index = index;
        this.credentials = credentials;
        this.loader = loader;
    }

    /** The pipeline, push index, Docker config and daemon of this environment. */
    public static Exports fromEnvironment() {
        return new Exports(ExportImages.pipeline(), PushedBlobIndex.inCache(), CredentialResolver.fromEnvironment(),
                DaemonLoader.fromEnvironment());
    }

    /**
     * The exports of a face that realises and plans on its own (the GUI: the plan it previews is the
     * plan it sends): {@code composer}'s cache holds the pushed-blob index, the environment gives the
     * Docker config and the daemon.
     */
    public static Exports forComposer(Composer composer) {
        return new Exports(new PipelineExports(composer), new PushedBlobIndex(composer.cacheDir().resolve("pushed-blobs")),
                CredentialResolver.fromEnvironment(), DaemonLoader.fromEnvironment());
    }

    /**
     * The planned image of packages already realised, assembled into {@code composer}'s cache (layers
     * reused where they are there), ready to push: nothing is re-planned.
     */
    public static PushableImage preparePush(Composer composer, Realisation realisation, LayerPlan plan, Recipe recipe,
                                            ProgressListener progress) {
        return PipelineExports.pushable(composer.assemble(realisation, plan, recipe, progress));
    }

    /** As {@link #preparePush(Composer, Realisation, LayerPlan, Recipe, ProgressListener)}, as a docker-archive named {@code nameTag}. */
    public static LoadableImage prepareLoad(Composer composer, Realisation realisation, LayerPlan plan, Recipe recipe,
                                            String nameTag, ProgressListener progress) {
        BuiltImage image = composer.assemble(realisation, plan, recipe, progress);
        return PipelineExports.loadable(image, nameTag);
    }

    /** Builds (or finds) the recipe's image for a push. */
    public PushableImage preparePush(Recipe recipe, ProgressListener progress) {
        return images.forPush(recipe, progress);
    }

    public PushResult push(PushableImage image, RegistryReference target, PushOptions options, TransferListener transfer,
                           Consumer<String> warnings) {
        return new RegistryPusher(index, credentials, warnings).push(image, target, options, transfer);
    }

    /** Builds (or finds) the recipe's image as a docker-archive stream named {@code nameTag}. */
    public LoadableImage prepareLoad(Recipe recipe, String nameTag, ProgressListener progress) {
        return images.forLoad(recipe, nameTag, progress);
    }

    /** @param dockerHost null for DOCKER_HOST, the default socket, then podman's */
    public LoadResult load(LoadableImage image, String dockerHost, TransferListener transfer) {
        return loader.load(image.archive(), dockerHost, image.name(), image.size(), transfer);
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
}
