package dev.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.StrataException;
import dev.strata.image.ImageConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The image config options shared by build, push, load and serve: {@code --entrypoint --cmd --env
 * --workdir --user --port --label}. Given options replace the recipe's entrypoint, command,
 * working directory and user; environment entries, ports and labels are added to the recipe's.
 */
public final class ImageConfigOptions {
    @Option(names = "--entrypoint", paramLabel = "ARG",
            description = "The entrypoint: repeat for each argument (--entrypoint /bin/sh --entrypoint -c), "
                    + "or give a JSON array ('[\"/bin/sh\",\"-c\"]').")
    List<String> entrypoint;

    @Option(names = "--cmd", paramLabel = "ARG",
            description = "The default command (arguments of the entrypoint): repeat for each argument, or a JSON array.")
    List<String> cmd;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "An environment variable (repeatable); PATH=/bin unless set.")
    List<String> env;

    @Option(names = "--workdir", paramLabel = "DIR", description = "The working directory, an absolute path.")
    String workdir;

    @Option(names = "--user", paramLabel = "USER", description = "The user: NAME, UID, NAME:GROUP or UID:GID "
            + "(a NAME gets uid 1000 in /etc/passwd).")
    String user;

    @Option(names = "--port", paramLabel = "PORT", description = "An exposed port, e.g. 8080 or 53/udp (repeatable).")
    List<String> ports;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label (repeatable).")
    List<String> labels;

    /** Applies these options to the recipe's config. */
    void applyTo(CommandRecipe r) {
        r.set("--entrypoint, --cmd, --env, --workdir, --user, --port or --label", "config",
                b -> b.config(applyTo(r.base().config())));
    }

    /** The recipe's config with these options applied. */
    public ImageConfig applyTo(ImageConfig base) {
        ImageConfig c = base == null ? ImageConfig.empty() : base;
        if (entrypoint != null) {
            c = c.withEntrypoint(arguments("--entrypoint", entrypoint));
        }
        if (cmd != null) {
            c = c.withCmd(arguments("--cmd", cmd));
        }
        if (env != null) {
            List<String> all = new ArrayList<>(c.env());
            all.addAll(env);
            c = c.withEnv(all);
        }
        if (workdir != null) {
            c = c.withWorkingDir(workdir);
        }
        if (user != null) {
            c = c.withUser(user);
        }
        if (ports != null) {
            List<String> all = new ArrayList<>(c.exposedPorts());
            all.addAll(ports);
            c = c.withExposedPorts(all);
        }
        if (labels != null) {
            Map<String, String> all = new LinkedHashMap<>(c.labels());
            for (String l : labels) {
                int eq = l.indexOf('=');
                if (eq <= 0) {
                    throw new StrataException("label '" + l + "' is not KEY=VALUE; write e.g. --label org.opencontainers.image.title=hello");
                }
                all.put(l.substring(0, eq), l.substring(eq + 1));
            }
            c = c.withLabels(all);
        }
        return c;
    }

    /** One argument per occurrence, or a single JSON array. */
    static List<String> arguments(String option, List<String> values) {
        if (values.size() == 1 && values.get(0).strip().startsWith("[")) {
            List<String> out = new ArrayList<>();
            try {
                JsonNode array = Output.JSON.readTree(values.get(0));
                for (JsonNode a : array) {
                    out.add(a.isTextual() ? a.asText() : null); // 1, null, [..]: not arguments
                }
                if (!array.isArray() || out.contains(null)) {
                    out = null;
                }
            } catch (IOException e) {
                out = null;
            }
            if (out == null) {
                throw new StrataException(option + " '" + values.get(0) + "' is not a JSON array of strings; write "
                        + "e.g. " + option + " '[\"/bin/sh\",\"-c\"]' or repeat " + option + " once per argument");
            }
            return out;
        }
        return List.copyOf(values);
    }
}
