package dev.strata.cli;

import dev.strata.Redaction;
import dev.strata.Choice;
import dev.strata.StrataException;
import dev.strata.compose.BuildResult;
import dev.strata.compose.Composer;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.compose.Sizes;
import dev.strata.image.BuiltImage;
import dev.strata.image.BuiltLayer;
import dev.strata.image.Compression;
import dev.strata.image.CreationTime;
import dev.strata.image.ManifestFormat;
import dev.strata.layering.LayerPlan;
import dev.strata.layering.PreviousPlan;
import dev.strata.nix.Realisation;
import dev.strata.output.ImageName;
import dev.strata.output.OutputFormat;
import dev.strata.output.OutputMode;
import dev.strata.source.ResolvedSource;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata build PKG... -o OUT}: realise, plan, write the layers and save the image (or stream it, {@code -o -}). */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build an image of packages and save it as an OCI layout, OCI archive or docker-archive.")
public final class BuildCommand implements Callable<Integer> {
    /** Chooses the layer plan of a build (tests put a fixed grouping here). */
    @FunctionalInterface
    public interface Planner {
        LayerPlan plan(Composer composer, Realisation realisation, Recipe recipe, Optional<PreviousPlan> previous,
                       ProgressListener progress);
    }

    /** The recipe's strategy, budget, popularity and pins, and --previous: the plan {@code strata plan} shows. */
    static final Planner BY_RECIPE = Composer::plan;

    @Spec
    CommandSpec spec;

    @Mixin
    SourceOptions source;

    @Mixin
    LayeringOptions layering;

    @Mixin
    ImageConfigOptions config;

    @Mixin
    ContentOptions content;

    @Mixin
    RegistryOptions registry;

    @Parameters(paramLabel = "PKG", arity = "0..*", description = "Attribute paths, e.g. hello python3Packages.flask.")
    List<String> packages = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true,
            description = "Where to save the image: a directory (oci) or a tar file (oci-archive, docker-archive); "
                    + "- writes the archive to standard output (a docker-archive unless --format says otherwise).")
    Path output;

    @Option(names = "--replace", description = "Replace an OCI layout at OUT instead of adding the image to it "
            + "(a file at OUT is always replaced).")
    boolean replace;

    @Option(names = "--format", paramLabel = "FORMAT", description = "oci, oci-archive or docker-archive "
            + "(default: oci-archive when OUT ends in .tar, else oci).")
    String format;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME:TAG", description = "Name the image, e.g. demo/hello:1.")
    String tag;

    @Option(names = "--compression", paramLabel = "C", description = "Layer compression: gzip (default), zstd (OCI only) or none.")
    String compression;

    @Option(names = "--manifest-format", paramLabel = "F", description = "oci (default) or docker (Docker image manifest v2, schema 2).")
    String manifestFormat;

    @Option(names = "--created", paramLabel = "WHEN", description = "epoch (default: reproducible) or now.")
    String created;

    @Mixin
    RecipeOptions recipeOptions;

    @Mixin
    SbomOptions sbom;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    private final Planner planner;
    private final Composer composer;

    public BuildCommand() {
        this(BY_RECIPE, null);
    }

    /** For tests: a given planner and composer (null: from the environment). */
    BuildCommand(Planner planner, Composer composer) {
        this.planner = planner;
        this.composer = composer;
    }

    @Override
    public Integer call() {
        Recipe recipe = recipe();
        Optional<PreviousPlan> previous = LayeringOptions.previous(recipe);
        OutputFormat outputFormat = format == null ? null : Choice.parse(OutputFormat.class, "--format", format);
        sbom.check(false);
        boolean streamed = output.toString().equals("-");
        Composer c = (composer != null ? composer : Composer.fromEnvironment(source.timeout(), recipe.allowUnfree()))
                .withPullOptions(registry.pulls(System.in, true, null));
        if (streamed) {
            if (replace) {
                throw new StrataException("--replace is for an OCI layout directory; -o - writes an archive to "
                        + "standard output, leave --replace out");
            }
            c.checkBuild(recipe, outputFormat);
            refuseTerminal();
        } else {
            refuseDirectoryForAnArchive(outputFormat);
            c.checkBuild(recipe, outputFormat, output);
        }
        PrintWriter err = spec.commandLine().getErr();
        ProgressListener progress = Output.progress(err, json);
        c.checkInputs(recipe, progress); // a missing file or a bad base fails before Nix runs
        ResolvedSource resolved = c.resolve(recipe.source(), progress);
        // An immutable source's image built before is saved from the cache, without running Nix (the
        // recipe's planner only: a test's fixed grouping is another image under the same key).
        Optional<BuiltImage> known = previous.isEmpty() && planner == BY_RECIPE
                ? c.rememberedBuild(resolved, recipe, progress) : Optional.empty();
        if (known.isPresent()) {
            BuildResult result = streamed ? c.save(known.get(), recipe, outputFormat, standardOutput(), progress)
                    : c.save(known.get(), recipe, outputFormat, output, replace ? OutputMode.REPLACE : OutputMode.ADD,
                            progress);
            return report(recipe, result, streamed);
        }
        try (Realisation realisation = c.realise(resolved, recipe, progress)) {
            LayerPlan plan = planner.plan(c, realisation, recipe, previous, progress);
            BuildResult result = streamed
                    ? c.build(realisation, plan, recipe, outputFormat, standardOutput(), progress)
                    : c.build(realisation, plan, recipe, outputFormat, output, replace ? OutputMode.REPLACE : OutputMode.ADD,
                            progress);
            if (previous.isEmpty() && planner == BY_RECIPE) {
                c.rememberImage(resolved, recipe, result.image());
            }
            return report(recipe, result, streamed);
        }
    }

    /** The SBOM file, then the result on stdout (stderr when stdout holds the archive). */
    private int report(Recipe recipe, BuildResult result, boolean streamed) {
        PrintWriter err = spec.commandLine().getErr();
        sbom.write(result.image().configBytes(), recipe.tag() != null ? recipe.tag() : Composer.roots(recipe), err, json);
        // With -o - standard output holds the archive: the result, for people or as JSON, goes to stderr.
        PrintWriter out = streamed ? err : spec.commandLine().getOut();
        if (json) {
            Output.json(out, result.toJson());
        } else {
            long size = result.image().layers().stream().mapToLong(BuiltLayer::size).sum();
            out.printf("%s%n  %d layers, %s%s%n  %s%n", result.image().manifestDigest(),
                    result.image().layers().size(), Sizes.human(size),
                    recipe.tag() == null ? "" : ", named " + recipe.tag(),
                    streamed ? "written to standard output" : "saved to " + Redaction.value(result.output()));
            out.flush();
        }
        return 0;
    }

    /** The process's standard output as bytes; not a {@code PrintStream}, which would hide a broken pipe. */
    private static OutputStream standardOutput() {
        return new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 20);
    }

    /** {@code -o out/ --format oci-archive} would write a file named {@code out}: the trailing slash said a directory. */
    private void refuseDirectoryForAnArchive(OutputFormat format) {
        String typed = spec.commandLine().getParseResult().matchedOption("-o").stringValues().get(0);
        if (format != null && format != OutputFormat.OCI && typed.endsWith("/")) {
            throw new StrataException("-o " + typed + " names a directory, and an " + format.id() + " is one file: give "
                    + "a file name such as " + typed + "image.tar, or --format oci for a layout directory");
        }
    }

    /** An archive is no use on a terminal, as {@code docker save} says too. */
    private static void refuseTerminal() {
        try {
            String fd1 = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            if (fd1.startsWith("/dev/pts/") || fd1.startsWith("/dev/tty")) {
                throw new StrataException("standard output is a terminal, and -o - writes a binary archive there; "
                        + "redirect it (-o - > image.tar, or -o - | docker load)");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux, or no /proc: trust the caller
        }
    }

    /** The recipe file (if any) with this command's packages and options applied. */
    Recipe recipe() {
        CommandRecipe r = recipeOptions.base(packages, source, "./strata build hello -o hello.tar");
        layering.applyTo(r);
        content.applyTo(r);
        if (tag != null) {
            r.set("-t", "tag", b -> b.tag(ImageName.parse(tag).toString()));
        }
        if (compression != null) {
            r.set("--compression", "compression",
                    b -> b.compression(Choice.parse(Compression.class, "--compression", compression)));
        }
        if (manifestFormat != null) {
            r.set("--manifest-format", "manifestFormat",
                    b -> b.manifestFormat(Choice.parse(ManifestFormat.class, "--manifest-format", manifestFormat)));
        }
        if (created != null) {
            r.set("--created", "created", b -> b.created(Choice.parse(CreationTime.class, "--created", created)));
        }
        config.applyTo(r);
        return r.build();
    }
}
