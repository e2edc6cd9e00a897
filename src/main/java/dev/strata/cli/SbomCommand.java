package dev.strata.cli;

import dev.strata.Choice;
import dev.strata.StrataException;
import dev.strata.compose.Composer;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.nix.Realisation;
import dev.strata.sbom.Sbom;
import dev.strata.sbom.SbomFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
 * {@code strata sbom IMAGE|RECIPE|PKG... --format spdx|cyclonedx [-o FILE]}: the SBOM of an image
 * (its recorded inventory, else the store path names in its layers), or of what a recipe (or
 * packages) gives: realised, no image written; the document is the one {@code build --sbom} writes
 * for the same recipe.
 */
@Command(name = "sbom", mixinStandardHelpOptions = true,
        description = "Write the SBOM (SPDX 2.3 or CycloneDX 1.5 JSON) of an image, a recipe file or packages (without building).")
public final class SbomCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SourceOptions source;

    @Mixin
    RecipeOptions recipeOptions;

    @Mixin
    ImageReadOptions reading;

    @Parameters(paramLabel = "RECIPE|PKG", arity = "0..*",
            description = "An image (oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE, docker://HOST/REPO:TAG, "
                    + "docker-daemon:NAME:TAG), a recipe file (as the window saves it) or attribute paths, e.g. hello git.")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", description = "spdx (SPDX 2.3 JSON, the default) or cyclonedx (CycloneDX 1.5 JSON).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the SBOM to FILE (default: standard output).")
    Path output;

    private final Composer composer;

    public SbomCommand() {
        this(null);
    }

    /** For tests: a given composer (null: from the environment). */
    SbomCommand(Composer composer) {
        this.composer = composer;
    }

    @Override
    public Integer call() throws IOException {
        SbomFormat f = format == null ? SbomFormat.SPDX : Choice.parse(SbomFormat.class, "--format", format);
        if (output != null) {
            Composer.checkSbomFile(output, "-o");
        }
        if (arguments.size() == 1) {
            refuseMissingRecipe(arguments.get(0));
        }
        if (arguments.size() == 1 && ImageCommands.isImage(arguments.get(0)) && !isRecipe(Path.of(arguments.get(0)))
                && !recipeOptions.given()) {
            Sbom sbom = reading.composer(composer).sbomOfImage(arguments.get(0),
                    Output.progress(spec.commandLine().getErr(), false));
            write(sbom, f);
            return 0;
        }
        List<String> packages = arguments;
        if (arguments.size() == 1 && isRecipe(Path.of(arguments.get(0)))) {
            if (recipeOptions.given()) {
                throw new StrataException("both " + arguments.get(0) + " and --recipe name a recipe; give one of them");
            }
            recipeOptions.file = Path.of(arguments.get(0));
            packages = List.of();
        }
        Recipe recipe = recipeOptions.base(packages, source, "./strata sbom hello --format spdx").build();
        ProgressListener progress = Output.progress(spec.commandLine().getErr(), false);
        Composer c = composer != null ? composer : Composer.fromEnvironment(source.timeout(), recipe.allowUnfree());
        Sbom sbom;
        try (Realisation r = c.realise(recipe, progress)) {
            sbom = c.sbom(r, recipe);
        }
        write(sbom, f);
        return 0;
    }

    private void write(Sbom sbom, SbomFormat f) {
        if (output != null) {
            Composer.writeSbom(sbom, f, output);
        } else {
            spec.commandLine().getOut().print(new String(sbom.bytes(f), StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
        }
    }

    /**
     * An argument named as a recipe file is ({@code recipe.json}) that names no file is said to be
     * a missing recipe, not an unknown package or image reference.
     */
    static void refuseMissingRecipe(String argument) {
        if (!argument.endsWith(".json") || argument.contains(":")) {
            return;
        }
        try {
            if (Files.exists(Path.of(argument))) {
                return;
            }
        } catch (InvalidPathException e) {
            return;
        }
        throw Recipe.missing(argument);
    }

    /** A file whose first non-blank character opens a JSON object: a recipe, not a package name. */
    static boolean isRecipe(Path p) {
        if (!Files.isRegularFile(p)) {
            return false;
        }
        try (var in = Files.newInputStream(p)) {
            int c;
            do {
                c = in.read();
            } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
            return c == '{';
        } catch (IOException e) {
            return false;
        }
    }
}
