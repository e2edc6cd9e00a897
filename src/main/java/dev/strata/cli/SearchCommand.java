package dev.strata.cli;

import dev.strata.compose.Composer;
import dev.strata.nix.PackageInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata search QUERY}: find packages by attribute path, name or description. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Search the package set: exact attribute first, then prefix, then name, then description.")
public final class SearchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SourceOptions source;

    @Parameters(paramLabel = "QUERY", arity = "0..*", description = "Words to look for (none lists every package).")
    List<String> query = new ArrayList<>();

    @Option(names = "--json", description = "Print a JSON array of results.")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", description = "Show at most N results (default: 50).")
    int limit = 50;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        OptionRanges.LIMIT.check(limit);
        Composer composer = Composer.fromEnvironment(source.timeout(), source.allowUnfree);
        List<PackageInfo> hits = composer.search(source.source, String.join(" ", query), limit,
                Output.progress(spec.commandLine().getErr(), json));
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (PackageInfo p : hits) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("attrPath", p.attrPath());
                row.put("name", p.name());
                row.put("pname", p.pname());
                row.put("version", p.version());
                row.put("description", p.description());
                row.put("license", p.license());
                row.put("mainProgram", p.mainProgram());
                row.put("broken", p.broken());
                row.put("unfree", p.unfree());
                rows.add(row);
            }
            Output.json(out, rows);
        } else if (hits.isEmpty()) {
            spec.commandLine().getErr().println("no package matches '" + String.join(" ", query) + "'");
        } else {
            int width = hits.stream().mapToInt(p -> p.attrPath().length()).max().orElse(10);
            for (PackageInfo p : hits) {
                String flags = (p.broken() ? " [broken]" : "") + (p.unfree() ? " [unfree]" : "");
                out.printf("%-" + width + "s  %-12s %s%s%n", p.attrPath(), p.version(), p.description(), flags);
            }
        }
        out.flush();
        return 0;
    }
}
