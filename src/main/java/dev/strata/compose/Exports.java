package dev.strata.compose;

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

    /** {@code USER:SECRET} given on the command line or in the GUI (the source names it in errors). */
    public static RegistryCredential credential(String userColonSecret, String source) {
        return CredentialResolver.parseCreds(userColonSecret, source);
    }

    /** {@code USER:SECRET} from the first line of a stream (standard input). */
    public static RegistryCredential credential(InputStream in) {
        return CredentialResolver.readCreds(in);
    }
}
