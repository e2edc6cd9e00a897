package dev.strata.cli;

import dev.strata.Redaction;
import dev.strata.StrataException;
import dev.strata.compose.Exports;
import dev.strata.compose.Recipe;
import dev.strata.compose.Sizes;
import dev.strata.input.ImageReference;
import dev.strata.output.PushableImage;
import dev.strata.output.registry.PushOptions;
import dev.strata.output.registry.PushResult;
import dev.strata.output.registry.RegistryPusher;
import dev.strata.output.registry.RegistryReference;
import dev.strata.output.registry.TlsOptions;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strata push PKG... REGISTRY/REPO:TAG}: build the image and push it, through
 * {@link Exports}.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Build an image of packages and push it to a registry.")
public final class PushCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SourceOptions source;

    @Parameters(paramLabel = "PKG... REGISTRY/REPO:TAG", arity = "1..*",
            description = "Attribute paths of the packages, then where to push, e.g. hello 127.0.0.1:5000/tools/hello:1.")
    List<String> arguments = new ArrayList<>();

    @Option(names = {"-t", "--tag"}, paramLabel = "TAG", description = "Also store the image under this tag (repeatable).")
    List<String> extraTags = new ArrayList<>();

    @Mixin
    RegistryOptions registry;

    @Option(names = "--chunk-size", paramLabel = "SIZE", description = "Upload blobs in PATCH pieces of this size "
            + "(e.g. 5M) for registries that limit request bodies; default: one request per blob.")
    String chunkSize;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up on a registry that does not answer for "
            + "this long (default: 60, at most 86400; uploads get more by their size).")
    Integer timeoutSeconds;

    @Mixin
    RecipeOptions recipeOptions;

    @Mixin
    LayeringOptions layering;

    @Mixin
    ImageConfigOptions config;

    @Mixin
    SbomOptions sbom;

    @Option(names = "--attach-sbom", description = "Also push the image's SBOM (--sbom-format, default spdx) as an OCI "
            + "artifact that refers to the image (subject, artifactType), listed in the referrers tag sha256-HEX where "
            + "the registry has no referrers API.")
    boolean attachSbom;

    @Mixin
    ContentOptions content;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    private final Exports exports;
    private final InputStream stdin;

    /** The command as the CLI runs it: this environment's pipeline, push index and Docker config. */
    public PushCommand() {
        this(null, System.in);
    }

    /** @param exports null for {@link Exports#fromEnvironment()}, made when the command runs */
    public PushCommand(Exports exports, InputStream stdin) {
        this.exports = exports;
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (arguments.size() == 1 && !recipeOptions.given() && recipeOptions.expressions.isEmpty()) {
            // 'push hello' would otherwise push nothing to docker.io/library/hello and say "no packages given"
            throw new StrataException("push takes the packages, then where to push them, and only '"
                    + Redaction.reference(arguments.get(0)) + "' was given; e.g. ./strata push hello "
                    + "127.0.0.1:5000/tools/hello:1");
        }
        RegistryReference target = RegistryReference.parse(arguments.get(arguments.size() - 1));
        List<String> packages = arguments.subList(0, arguments.size() - 1);
        for (String t : extraTags) {
            target.withTag(t); // validates
        }
        Duration timeout = OptionRanges.TIMEOUT.seconds(timeoutSeconds, null);
        TlsOptions tls = registry.tls();
        tls.check(); // a missing or unreadable --ca-cert is said before anything is built
        sbom.check(attachSbom);
        PushOptions options = PushOptions.defaults()
                .withTls(tls)
                .withCredential(registry.credential(stdin))
                .withExtraTags(extraTags)
                .withChunkSize(chunkSize == null ? 0 : parseSize(chunkSize))
                .withTimeout(timeout);

        Recipe recipe = LoadCommand.recipe(recipeOptions, packages, source, layering, config, content,
                "./strata push hello 127.0.0.1:5000/tools/hello:1");
        Exports ex = exports != null ? exports : Exports.fromEnvironment(registry.pulls(stdin,
                sameRegistry(recipe.from(), target), null));
        // Built and pushed at once: each layer goes up as soon as it is written (sizes unknown until then).
        Exports.Pushed pushed = ex.buildAndPush(recipe, LayeringOptions.previous(recipe), target, options,
                Output.progress(err, json), TransferPrinter.create(err, json, "pushing", -1, -1), w -> {
                    err.println("strata: warning: " + w);
                    err.flush();
                });
        PushableImage image = pushed.image();
        PushResult r = pushed.result();
        sbom.write(Exports.configBytes(image), target.toString(), err, json);
        RegistryPusher.ReferrerResult attached = !attachSbom ? null : ex.attachSbom(image, target.toString(),
                sbom.format(), target, options, TransferPrinter.create(err, json, "pushing the SBOM", 2, 0), w -> {
                    err.println("strata: warning: " + w);
                    err.flush();
                });
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>(r.toJson());
            if (attached != null) {
                result.put("sbom", attached.toJson());
            }
            Output.json(out, result);
        } else {
            out.printf("pushed %s@%s%n", target, r.manifestDigest());
            for (String t : r.tags().subList(1, r.tags().size())) {
                out.printf("tagged %s%n", target.withTag(t));
            }
            out.printf("  %d %s uploaded (%s), %d already there%s%n", r.blobsUploaded(), r.blobsUploaded() == 1 ? "blob" : "blobs",
                    Sizes.human(r.bytesUploaded()),
                    r.blobsSkipped(), r.blobsMounted() > 0 ? " (" + r.blobsMounted() + " mounted)" : "");
            if (attached != null) {
                out.printf("  SBOM (%s) attached as %s%s%n", attached.artifactType(), attached.manifestDigest(),
                        attached.referrersApi() ? "" : ", listed in the referrers tag " + attached.referrersTag());
            }
            out.flush();
        }
        return 0;
    }

    /** Whether a base image reference is in the push target's registry (so --creds is for it too). */
    static boolean sameRegistry(String from, RegistryReference target) {
        if (from == null) {
            return false;
        }
        return ImageReference.parse(from) instanceof ImageReference.Registry r
                && r.registry().equals(target.registry());
    }

    /** {@code 5M}, {@code 256k}, {@code 1G} or a byte count. */
    static long parseSize(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long unit = 1;
        if (s.endsWith("K")) {
            unit = 1L << 10;
        } else if (s.endsWith("M")) {
            unit = 1L << 20;
        } else if (s.endsWith("G")) {
            unit = 1L << 30;
        }
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        try {
            long v = Math.multiplyExact(Long.parseLong(digits.strip()), unit);
            if (v < 1024 || v > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new StrataException("--chunk-size " + text + " is not a size from 1K to 2G; write e.g. 5M, 512K or 1G");
        }
    }
}
