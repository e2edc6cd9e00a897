package dev.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.compose.Sizes;
import dev.strata.inspect.ImageInspection;
import dev.strata.inspect.LayerFile;
import dev.strata.inspect.WastedFiles;
import dev.strata.sbom.InventoryLabel;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata inspect IMAGE [--json]}: digests, platform, config, and every layer's files and store paths. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show what is in any image: digests, platform, config, each layer's files and store paths, and "
                + "the bytes higher layers overwrite or delete.")
public final class InspectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", description = "oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE, "
            + "docker://HOST/REPO:TAG (or HOST/REPO:TAG), docker-daemon:NAME:TAG, or a recipe file (planned, not built).")
    String image;

    @Mixin
    ImageReadOptions reading;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    private final Composer composer;

    public InspectCommand() {
        this(null);
    }

    /** For tests: a given composer (null: from the environment). */
    InspectCommand(Composer composer) {
        this.composer = composer;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Optional<Recipe> recipe = ImageReadOptions.recipe(image);
        ImageInspection i = recipe.isPresent()
                ? reading.composer(composer, recipe.get()).inspectPlanned(recipe.get(), image,
                        Output.progress(spec.commandLine().getErr(), json))
                : reading.composer(composer).inspect(image, Output.progress(spec.commandLine().getErr(), json));
        if (json) {
            Output.json(out, toJson(i));
            return 0;
        }
        JsonNode config = JSON.readTree(i.configJson());
        if (config.path("Labels").has(InventoryLabel.KEY) && config.path("Labels") instanceof ObjectNode) { // its inventory is what the layer lines show
            ((ObjectNode) config.path("Labels")).put(InventoryLabel.KEY, "(" + i.packages().items().size() + " store paths)");
        }
        if (i.planned()) {
            long cached = i.layers().stream().filter(ImageInspection.Layer::exact).count();
            out.printf("%s: a plan, not built (store layers only; %d of %d in the cache with their digests, the others "
                    + "estimated from NAR sizes, digests unknown)%n  platform %s%n  settings %s%n", i.reference(), cached,
                    i.layers().size(), i.platform(), config);
        } else {
            // A docker-archive or a daemon's image has no manifest of its own: its digest is the config's, the image ID.
            String manifest = i.manifestDigest().equals(i.configDigest())
                    ? "image ID " + i.configDigest() + " (no manifest: a docker-archive or daemon image is known by its config)"
                    : "manifest " + i.manifestDigest();
            out.printf("%s%n  %s%n  config   %s%n  platform %s%n  settings %s%n", i.reference(), manifest,
                    i.configDigest(), i.platform(), config);
        }
        for (int n = 0; n < i.layers().size(); n++) {
            ImageInspection.Layer l = i.layers().get(n);
            if (i.planned()) {
                out.printf("layer %d: %s (%s%s, %s NAR)%n", n + 1, l.digest() != null ? l.digest() : "digest unknown (not built)",
                        l.exact() ? "" : "about ", Sizes.human(l.size()), Sizes.human(l.uncompressedSize()));
            } else {
                out.printf("layer %d: %s (%s, %s uncompressed, %d files)%n", n + 1, l.digest(), Sizes.human(l.size()),
                        Sizes.human(l.uncompressedSize()), l.listing().files().size());
            }
            l.listing().storePaths().forEach(p -> out.printf("    %s%n", p));
        }
        out.printf("wasted: %s in %d files overwritten or deleted by higher layers%n", Sizes.human(i.wasted().bytes()),
                i.wasted().files().size());
        out.flush();
        return 0;
    }

    /** The JSON the issue fixes: manifestDigest, configDigest, platform, config, layers[...], plus wasted and packages. */
    static Map<String, Object> toJson(ImageInspection i) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        if (i.planned()) { // a recipe: what it would build, not what was built
            m.put("planned", true);
        }
        m.put("manifestDigest", i.manifestDigest());
        m.put("configDigest", i.configDigest());
        m.put("platform", i.platform());
        JsonNode config = JSON.readTree(i.configJson());
        m.put("config", config);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (ImageInspection.Layer l : i.layers()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("digest", l.digest());
            o.put("diffId", l.diffId());
            o.put("size", l.size());
            o.put("uncompressedSize", l.uncompressedSize());
            o.put("mediaType", l.mediaType());
            o.put("storePaths", l.listing().storePaths().stream().map(Object::toString).toList());
            if (i.planned()) {
                o.put("estimated", !l.exact());
            }
            List<Map<String, Object>> files = new ArrayList<>();
            for (LayerFile f : l.listing().files()) {
                Map<String, Object> fo = new LinkedHashMap<>();
                fo.put("path", f.path());
                fo.put("type", f.type());
                fo.put("mode", f.mode());
                fo.put("size", f.size());
                fo.put("linkTarget", f.linkTarget());
                files.add(fo);
            }
            o.put("files", files);
            layers.add(o);
        }
        m.put("layers", layers);
        Map<String, Object> wasted = new LinkedHashMap<>();
        wasted.put("bytes", i.wasted().bytes());
        List<Map<String, Object>> wf = new ArrayList<>();
        for (WastedFiles.Wasted w : i.wasted().files()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("path", w.path());
            o.put("layer", w.layer());
            o.put("size", w.size());
            o.put("by", w.by());
            o.put("byLayer", w.byLayer());
            wf.add(o);
        }
        wasted.put("files", wf);
        m.put("wasted", wasted);
        List<Map<String, Object>> packages = new ArrayList<>();
        i.packages().items().forEach(p -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("storePath", p.path().toString());
            o.put("name", p.meta().pname());
            o.put("version", p.meta().version());
            packages.add(o);
        });
        m.put("packages", packages);
        return m;
    }
}
