package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.strata.StrataException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a user sets of an image's runtime configuration (the OCI config's {@code config} object):
 * entrypoint, command, environment, working directory, user, exposed ports and labels. Validated
 * on construction, so an invalid value never reaches a manifest.
 *
 * @param env {@code KEY=VALUE} entries in the order given; PATH=/bin is added when absent
 * @param exposedPorts {@code 8080/tcp}, {@code 53/udp} (a bare number means tcp)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageConfig(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
                          String user, List<String> exposedPorts, Map<String, String> labels) {
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PORT = Pattern.compile("(\\d{1,5})(/(tcp|udp|sctp))?");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?");
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");

    public static final String DEFAULT_PATH = "PATH=/bin";

    public ImageConfig {
        entrypoint = arguments(entrypoint, "entrypoint");
        cmd = arguments(cmd, "command");
        env = normaliseEnv(env == null ? List.of() : noNulls("environment", env));
        workingDir = workingDir == null ? "" : workingDir.strip();
        user = user == null ? "" : user.strip();
        exposedPorts = normalisePorts(exposedPorts == null ? List.of() : noNulls("exposed ports", exposedPorts));
        labels = labels == null ? Map.of() : validateLabels(labels);
        if (!workingDir.isEmpty() && !workingDir.startsWith("/")) {
            throw new StrataException("working directory '" + workingDir + "' is not absolute; write it as /" + workingDir);
        }
        if (!user.isEmpty() && !USER.matcher(user).matches()) {
            throw new StrataException("user '" + user + "' is not valid; use NAME, UID, NAME:GROUP or UID:GID");
        }
        for (String id : user.split(":")) {
            if (id.matches("[0-9]+") && (id.length() > 10 || Long.parseLong(id) > Integer.MAX_VALUE)) {
                throw new StrataException("user '" + user + "' has the id " + id + ", beyond the largest a container "
                        + "runtime takes (2147483647); use a smaller UID or GID");
            }
        }
    }

    /** Entrypoint or command arguments: none may be missing (a JSON null), an empty list for none. */
    private static List<String> arguments(List<String> args, String what) {
        if (args == null) {
            return List.of();
        }
        for (String a : args) {
            if (a == null) {
                throw new StrataException("an argument of the " + what + " is null; give text for each argument, e.g. "
                        + "[\"/bin/sh\",\"-c\"]");
            }
        }
        return List.copyOf(args);
    }

    private static List<String> noNulls(String what, List<String> values) {
        for (String v : values) {
            if (v == null) { // List.contains(null) throws on the immutable lists
                throw new StrataException("the " + what + " holds a null entry; remove it, or write a value in quotes");
            }
        }
        return values;
    }

    public static ImageConfig empty() {
        return new ImageConfig(null, null, null, null, null, null, null);
    }

    public ImageConfig withEntrypoint(List<String> v) {
        return new ImageConfig(v, cmd, env, workingDir, user, exposedPorts, labels);
    }

    public ImageConfig withCmd(List<String> v) {
        return new ImageConfig(entrypoint, v, env, workingDir, user, exposedPorts, labels);
    }

    public ImageConfig withEnv(List<String> v) {
        return new ImageConfig(entrypoint, cmd, v, workingDir, user, exposedPorts, labels);
    }

    public ImageConfig withWorkingDir(String v) {
        return new ImageConfig(entrypoint, cmd, env, v, user, exposedPorts, labels);
    }

    public ImageConfig withUser(String v) {
        return new ImageConfig(entrypoint, cmd, env, workingDir, v, exposedPorts, labels);
    }

    public ImageConfig withExposedPorts(List<String> v) {
        return new ImageConfig(entrypoint, cmd, env, workingDir, user, v, labels);
    }

    public ImageConfig withLabels(Map<String, String> v) {
        return new ImageConfig(entrypoint, cmd, env, workingDir, user, exposedPorts, v);
    }

    /** The user name part of {@link #user()} when it is a name rather than a number, else empty. */
    public String userName() {
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return name.chars().allMatch(Character::isDigit) ? "" : name;
    }

    private static List<String> normaliseEnv(List<String> env) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            String key = eq < 0 ? e : e.substring(0, eq);
            if (eq < 0 || !ENV_KEY.matcher(key).matches()) {
                throw new StrataException("environment entry '" + e + "' is not KEY=VALUE with KEY made of letters, "
                        + "digits and '_'; write e.g. LANG=C.UTF-8");
            }
            byKey.put(key, e.substring(eq + 1));
        }
        List<String> out = new ArrayList<>();
        if (!byKey.containsKey("PATH")) {
            out.add(DEFAULT_PATH);
        }
        byKey.forEach((k, v) -> out.add(k + "=" + v));
        return List.copyOf(out);
    }

    private static List<String> normalisePorts(List<String> ports) {
        List<String> out = new ArrayList<>();
        for (String p : ports) {
            String s = p.strip().toLowerCase(Locale.ROOT);
            var m = PORT.matcher(s);
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
                throw new StrataException("port '" + p + "' is not valid; write PORT or PORT/tcp, PORT/udp "
                        + "(1-65535), e.g. 8080");
            }
            String norm = Integer.parseInt(m.group(1)) + "/" + (m.group(3) == null ? "tcp" : m.group(3));
            if (!out.contains(norm)) {
                out.add(norm);
            }
        }
        out.sort(null);
        return List.copyOf(out);
    }

    private static Map<String, String> validateLabels(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (k == null || !LABEL_KEY.matcher(k).matches()) {
                throw new StrataException("label key '" + k + "' is not valid; use letters, digits, '.', '-', '/' "
                        + "and '_', e.g. org.opencontainers.image.title");
            }
            out.put(k, v == null ? "" : v);
        });
        return Collections.unmodifiableMap(out);
    }
}
