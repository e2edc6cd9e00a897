package dev.strata.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The image config and manifest JSON, in both dialects. The bytes are compact and their keys in a
 * fixed order, so the same image always has the same config and manifest digests; empty settings
 * are left out rather than written as null.
 */
public final class ImageJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageJson() {}

    /** One history entry per layer, in layer order. */
    public record History(String createdBy) { }

    /** The image config: platform, runtime settings, the layers' diffIDs and history. */
    public static byte[] config(Platform platform, Instant created, ImageConfig config, List<Digest> diffIds,
                                List<History> history) {
        String time = DateTimeFormatter.ISO_INSTANT.format(created);
        ObjectNode root = JSON.createObjectNode();
        root.put("created", time);
        root.put("architecture", platform.architecture());
        if (platform.variant() != null) {
            root.put("variant", platform.variant());
        }
        root.put("os", platform.os());
        ObjectNode c = root.putObject("config");
        if (!config.user().isEmpty()) {
            c.put("User", config.user());
        }
        if (!config.exposedPorts().isEmpty()) {
            ObjectNode ports = c.putObject("ExposedPorts");
            config.exposedPorts().forEach(p -> ports.putObject(p));
        }
        strings(c.putArray("Env"), config.env());
        if (!config.entrypoint().isEmpty()) {
            strings(c.putArray("Entrypoint"), config.entrypoint());
        }
        if (!config.cmd().isEmpty()) {
            strings(c.putArray("Cmd"), config.cmd());
        }
        if (!config.workingDir().isEmpty()) {
            c.put("WorkingDir", config.workingDir());
        }
        if (!config.labels().isEmpty()) {
            ObjectNode labels = c.putObject("Labels");
            config.labels().forEach(labels::put);
        }
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(d -> ids.add(d.toString()));
        ArrayNode h = root.putArray("history");
        for (History e : history) {
            ObjectNode o = h.addObject();
            o.put("created", time);
            o.put("created_by", e.createdBy());
        }
        return bytes(root);
    }

    /**
     * The config of an image built on a base: the base's config with Strata's settings on top and
     * its layers' diffIDs and history after the base's. What the base sets stays unless Strata sets
     * it: Env (an entry of Strata's replaces the base's of the same name, in place; PATH is Strata's
     * {@code /bin} first, then the base's PATH without a second {@code /bin}, unless PATH is set to
     * something else), User, WorkingDir, Entrypoint and Cmd (setting the entrypoint drops the base's
     * command, as a Dockerfile's ENTRYPOINT does, unless a command is set too), ExposedPorts and
     * Labels (merged), and everything Strata does not set (Volumes, StopSignal, Healthcheck...). The
     * base's history entries are kept as they are, Strata's appended.
     */
    public static byte[] configOnBase(byte[] baseConfig, Instant created, ImageConfig config, List<Digest> diffIds,
                                      List<History> history) {
        ObjectNode root;
        try {
            root = (ObjectNode) JSON.readTree(baseConfig);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("the base config is not a JSON object", e);
        }
        String time = DateTimeFormatter.ISO_INSTANT.format(created);
        root.put("created", time);
        ObjectNode c = root.get("config") instanceof ObjectNode existing ? existing : root.putObject("config");
        if (!config.user().isEmpty()) {
            c.put("User", config.user());
        }
        if (!config.exposedPorts().isEmpty()) {
            ObjectNode ports = c.get("ExposedPorts") instanceof ObjectNode p ? p : c.putObject("ExposedPorts");
            config.exposedPorts().forEach(p -> {
                if (!ports.has(p)) {
                    ports.putObject(p);
                }
            });
        }
        List<String> env = mergedEnv(texts(c.get("Env")), config.env());
        strings(c.putArray("Env"), env);
        if (!config.entrypoint().isEmpty()) {
            strings(c.putArray("Entrypoint"), config.entrypoint());
            if (config.cmd().isEmpty()) {
                c.remove("Cmd");
            }
        }
        if (!config.cmd().isEmpty()) {
            strings(c.putArray("Cmd"), config.cmd());
        }
        if (!config.workingDir().isEmpty()) {
            c.put("WorkingDir", config.workingDir());
        }
        if (!config.labels().isEmpty()) {
            ObjectNode labels = c.get("Labels") instanceof ObjectNode l ? l : c.putObject("Labels");
            config.labels().forEach(labels::put);
        }
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(d -> ids.add(d.toString()));
        ArrayNode h = root.get("history") instanceof ArrayNode existing ? existing : root.putArray("history");
        for (History e : history) {
            ObjectNode o = h.addObject();
            o.put("created", time);
            o.put("created_by", e.createdBy());
        }
        return bytes(root);
    }

    /** The base's Env with Strata's entries on top (see {@link #configOnBase}): the image's Env on that base. */
    public static List<String> mergedEnv(List<String> base, List<String> ours) {
        LinkedHashMap<String, String> merged = new LinkedHashMap<>();
        List<String> odd = new ArrayList<>();
        for (String e : base) {
            int eq = e.indexOf('=');
            if (eq <= 0) {
                odd.add(e); // not KEY=VALUE: kept as the base has it
            } else {
                merged.put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        boolean basePath = merged.containsKey("PATH");
        for (String e : ours) {
            int eq = e.indexOf('=');
            String key = e.substring(0, eq);
            String value = e.substring(eq + 1);
            if (e.equals(ImageConfig.DEFAULT_PATH) && basePath) {
                LinkedHashSet<String> dirs = new LinkedHashSet<>();
                dirs.add("/bin");
                for (String d : merged.get("PATH").split(":")) {
                    if (!d.isEmpty()) {
                        dirs.add(d);
                    }
                }
                value = String.join(":", dirs);
            }
            merged.put(key, value);
        }
        List<String> out = new ArrayList<>();
        merged.forEach((k, v) -> out.add(k + "=" + v));
        out.addAll(odd);
        return out;
    }

    private static List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            });
        }
        return out;
    }

    /** A layer or config descriptor. */
    public record Descriptor(String mediaType, Digest digest, long size) { }

    /** The manifest of a config and layers in the given dialect. */
    public static byte[] manifest(ManifestFormat format, Descriptor config, List<Descriptor> layers) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", format.manifestMediaType());
        descriptor(root.putObject("config"), config);
        ArrayNode ls = root.putArray("layers");
        layers.forEach(l -> descriptor(ls.addObject(), l));
        return bytes(root);
    }

    private static void descriptor(ObjectNode o, Descriptor d) {
        o.put("mediaType", d.mediaType());
        o.put("digest", d.digest().toString());
        o.put("size", d.size());
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
