package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.compose.Composer;
import dev.strata.compose.PopularityResult;
import dev.strata.compose.ProgressListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata popularity}: computes popularity data in Nixery's format, for {@code --popularity}. */
@Command(name = "popularity", mixinStandardHelpOptions = true,
        description = {"Count how many store paths reference each path across a package set (like Nixery's popcount) "
                + "and write Nixery's popularity format, for --popularity.",
            "Local store:   strata popularity [--source S] -o FILE   (builds every evaluable, non-broken package)",
            "Binary cache:  strata popularity --binary-cache URL --paths FILE -o FILE"})
public final class PopularityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SourceOptions source;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "Where to write the JSON (written atomically, keys sorted).")
    Path output;

    @Option(names = "--binary-cache", paramLabel = "URL",
            description = "Read narinfo files from this binary cache (http(s):// or file://) instead of building.")
    String binaryCache;

    @Option(names = "--paths", paramLabel = "FILE",
            description = "With --binary-cache: the store paths to start from, one per line (e.g. a channel's "
                    + "store-paths); their references are followed.")
    Path pathsFile;

    @Option(names = "--jobs", paramLabel = "N", description = "With --binary-cache: requests in flight (default 16).")
    int jobs = 16;

    @Option(names = "--json", description = "Print a JSON summary instead of a sentence.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ProgressListener progress = Output.progress(spec.commandLine().getErr(), json);
        PopularityResult result;
        if (binaryCache != null || pathsFile != null) {
            OptionRanges.JOBS.check(jobs);
            if (binaryCache == null || pathsFile == null) {
                throw new StrataException("--binary-cache URL and --paths FILE go together; give both, or neither to "
                        + "count the packages of --source in the local store");
            }
            if (source.source != null) {
                throw new StrataException("--source does not go with --binary-cache; the paths come from --paths FILE");
            }
            result = Composer.computePopularity(binaryCache, Composer.readPathList(pathsFile), jobs, progress);
        } else {
            Composer composer = Composer.fromEnvironment(source.timeout(), source.allowUnfree);
            result = composer.computePopularity(source.source, source.allowUnfree, progress);
        }
        result.popularity().write(output);
        if (json) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("output", output.toString());
            row.put("names", result.popularity().size());
            row.put("storePaths", result.storePaths());
            row.put(binaryCache != null ? "listedPaths" : "packages", result.packages());
            row.put("skipped", result.skipped());
            Output.json(out, row);
        } else {
            out.printf("wrote %s: %d names counted over %d store paths (%d %s%s)%n", output, result.popularity().size(),
                    result.storePaths(), result.packages(), binaryCache != null ? "listed paths" : "packages built",
                    result.skipped().isEmpty() ? "" : ", " + result.skipped().size() + " skipped: "
                            + String.join(", ", result.skipped().keySet()));
            out.flush();
        }
        return 0;
    }
}
