package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.compose.Exports;
import dev.strata.compose.Recipe;
import dev.strata.compose.Sizes;
import dev.strata.output.LoadableImage;
import dev.strata.output.daemon.LoadResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strata load PKG... [-t NAME:TAG]}: build the image and load it into the local Docker (or
 * podman) daemon, through {@link Exports}.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Build an image of packages and load it into the local Docker or podman daemon.")
public final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SourceOptions source;

    @Parameters(paramLabel = "PKG", arity = "0..*", description = "Attribute paths, e.g. hello python3Packages.flask.")
    List<String> packages = new ArrayList<>();

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME:TAG", description = "The image's name in the daemon "
            + "(default: the recipe's tag, else strata/PKG:latest).")
    String tag;

    @Option(names = "--docker-host", paramLabel = "URI", description = "The daemon: unix:///path/docker.sock or "
            + "tcp://HOST:PORT (default: DOCKER_HOST, /var/run/docker.sock, then podman's sockets).")
    String dockerHost;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up on a daemon that makes no progress for "
            + "this long: connecting, taking the image, answering (default: 60, at most 86400; the wait for the answer "
            + "grows by 1 s per 4 MiB of image).")
    Integer timeoutSeconds;

    @Mixin
    RecipeOptions recipeOptions;

    @Mixin
    LayeringOptions layering;

    @Mixin
    ImageConfigOptions config;

    @Mixin
    SbomOptions sbom;

    @Mixin
    ContentOptions content;

    @Mixin
    RegistryOptions registry;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    private final Exports exports;

    /** The command as the CLI runs it: this environment's pipeline and daemon. */
    public LoadCommand() {
        this(null);
    }

    /** @param exports null for {@link Exports#fromEnvironment()}, made when the command runs */
    public LoadCommand(Exports exports) {
        this.exports = exports;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Recipe recipe = recipe(recipeOptions, packages, source, layering, config, content,
                "./strata load hello -t demo/hello:1");
        String name = tag != null ? tag : defaultName(recipe);
        validateName(name);
        Duration timeout = OptionRanges.TIMEOUT.seconds(timeoutSeconds, Exports.DEFAULT_LOAD_TIMEOUT);
        Exports ex = exports != null ? exports : Exports.fromEnvironment(registry.pulls(System.in, true, dockerHost));
        sbom.check(false);
        Exports.checkLoadable(recipe); // zstd layers, which a daemon's docker-archive cannot hold
        ex.checkLoad(dockerHost); // a daemon address that cannot work is said before anything is built
        LoadableImage image = ex.prepareLoad(recipe, LayeringOptions.previous(recipe), name, Output.progress(err, json));
        LoadResult r = ex.load(image, dockerHost, timeout, TransferPrinter.create(err, json, "loading", 0,
                image.size()));
        sbom.write(image.config(), image.name(), err, json);
        if (json) {
            Output.json(out, r.toJson());
        } else {
            out.printf("loaded %s (%s) into %s%n", r.loaded().isEmpty() ? image.name() : String.join(", ", r.loaded()),
                    r.imageId() == null ? "image ID unknown" : r.imageId(), r.daemon());
            if (r.bytesSent() > 0) {
                out.printf("  %s sent through the %s%n", Sizes.human(r.bytesSent()), r.via());
            }
            out.flush();
        }
        return 0;
    }

    /** The recipe the command line describes: a recipe file and/or packages, then the options. */
    static Recipe recipe(RecipeOptions recipeOptions, List<String> packages, SourceOptions source,
                         LayeringOptions layering, ImageConfigOptions config, ContentOptions content, String example) {
        CommandRecipe r = recipeOptions.base(packages, source, example);
        layering.applyTo(r);
        config.applyTo(r);
        content.applyTo(r);
        return r.build();
    }

    /** The recipe's tag, else {@code strata/FIRST-PACKAGE:latest}. */
    static String defaultName(Recipe recipe) {
        return Exports.loadName(recipe);
    }

    static void validateName(String name) {
        if (!Exports.isLoadName(name)) {
            throw new StrataException("-t " + name + " is not an image name; write NAME:TAG in lower case, e.g. tools/hello:1");
        }
    }
}
