package dev.strata.cli;

import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.compose.Sizes;
import dev.strata.inspect.ImageDiff;
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

/** {@code strata diff A B [--json]}: what a host holding A must pull for B, by both rules, and the packages changed. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two images: layers kept, added and removed, the bytes a host holding A pulls for B "
                + "(by digest, as containerd; by chain, as Docker), and packages added, removed and changed.")
public final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The image a host has (any IMAGE reference, as inspect takes, or a recipe file, planned).")
    String from;

    @Parameters(index = "1", paramLabel = "B", description = "The image it gets.")
    String to;

    @Mixin
    ImageReadOptions reading;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    private final Composer composer;

    public DiffCommand() {
        this(null);
    }

    /** For tests: a given composer (null: from the environment). */
    DiffCommand(Composer composer) {
        this.composer = composer;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Recipe fromRecipe = ImageReadOptions.recipe(from).orElse(null);
        Recipe toRecipe = ImageReadOptions.recipe(to).orElse(null);
        ImageDiff d;
        if (fromRecipe == null && toRecipe == null) {
            d = reading.composer(composer).diff(from, to, Output.progress(spec.commandLine().getErr(), json));
        } else {
            d = reading.composer(composer, fromRecipe != null ? fromRecipe : toRecipe)
                    .diff(from, fromRecipe, to, toRecipe, Output.progress(spec.commandLine().getErr(), json));
            if (!json) {
                out.printf("(%s planned, not built: its store layers only, digests unknown for layers not in the cache)%n",
                        fromRecipe != null && toRecipe != null ? "both recipes" : fromRecipe != null ? from : to);
            }
        }
        if (json) {
            Output.json(out, toJson(d));
            return 0;
        }
        for (ImageDiff.LayerChange l : d.layers()) {
            out.printf("%-8s %s %s%n", l.change(), planned(l.digest()) ? "(planned, digest unknown)" : l.digest(),
                    Sizes.human(l.size()));
        }
        out.printf("pull: %s by digest (containerd), %s by chain (Docker)%n", Sizes.human(d.pullBytesByDigest()),
                Sizes.human(d.pullBytesByChain()));
        d.added().forEach(n -> out.printf("+ %s%n", n));
        d.removed().forEach(n -> out.printf("- %s%n", n));
        d.changed().forEach(c -> out.printf("~ %s %s -> %s%n", c.name(), c.from(), c.to()));
        out.flush();
        return 0;
    }

    /** A planned layer the cache does not hold: its digest is not known (compose names it planned:KEY). */
    private static boolean planned(String digest) {
        return digest.startsWith("planned:");
    }

    static Map<String, Object> toJson(ImageDiff d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pullBytesByDigest", d.pullBytesByDigest());
        m.put("pullBytesByChain", d.pullBytesByChain());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (ImageDiff.LayerChange l : d.layers()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("digest", planned(l.digest()) ? null : l.digest());
            o.put("diffId", planned(l.diffId()) ? null : l.diffId());
            o.put("size", l.size());
            o.put("change", l.change());
            layers.add(o);
        }
        m.put("layers", layers);
        Map<String, Object> packages = new LinkedHashMap<>();
        packages.put("added", d.added());
        packages.put("removed", d.removed());
        List<Map<String, Object>> changed = new ArrayList<>();
        d.changed().forEach(c -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", c.name());
            o.put("from", c.from());
            o.put("to", c.to());
            changed.add(o);
        });
        packages.put("changed", changed);
        m.put("packages", packages);
        return m;
    }
}
