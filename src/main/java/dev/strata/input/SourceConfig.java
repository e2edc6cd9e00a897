package dev.strata.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.StrataException;
import dev.strata.image.Digest;
import dev.strata.image.Platform;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An image's config as read from its source: the platform, the runtime settings ({@code Env},
 * {@code Entrypoint}, {@code Cmd}, {@code User}, {@code WorkingDir}, {@code ExposedPorts},
 * {@code Labels}), the layers' diffIDs and the history, with the exact bytes they came from.
 * Settings of an odd type are read as absent (the bytes are kept whole anyway); the platform and
 * the diffIDs must be there and well formed, since Strata builds on them.
 */
public record SourceConfig(byte[] bytes, Platform platform, List<String> env, List<String> entrypoint,
                           List<String> cmd, String user, String workingDir, List<String> exposedPorts,
                           Map<String, String> labels, List<Digest> diffIds, List<History> history) {
    /** One history entry: what made a layer (or changed only the config, {@code emptyLayer}). */
    public record History(String created, String createdBy, boolean emptyLayer) { }

    public SourceConfig {
        bytes = bytes.clone();
        env = List.copyOf(env);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        exposedPorts = List.copyOf(exposedPorts);
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        diffIds = List.copyOf(diffIds);
        history = List.copyOf(history);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Parses config bytes of the image {@code what} names (for messages). */
    static SourceConfig parse(byte[] bytes, String what) {
        JsonNode root = Json.object(bytes, "the config of " + what);
        String arch = root.path("architecture").asText("");
        String os = root.path("os").asText("");
        if (arch.isEmpty() || os.isEmpty()) {
            throw new StrataException("the config of " + what + " names no architecture or os; it is not an image "
                    + "config Strata can build on");
        }
        String variant = root.path("variant").isTextual() ? root.path("variant").asText() : null;
        JsonNode rootfs = root.path("rootfs");
        if (!"layers".equals(rootfs.path("type").asText()) || !rootfs.path("diff_ids").isArray()) {
            throw new StrataException("the config of " + what + " has no rootfs of type layers with diff_ids; it is not "
                    + "an image config Strata can build on");
        }
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode d : rootfs.path("diff_ids")) {
            diffIds.add(Json.digest(d, "a diffID in the config of " + what));
        }
        JsonNode c = root.path("config");
        Map<String, String> labels = new TreeMap<>();
        c.path("Labels").fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                labels.put(e.getKey(), e.getValue().asText());
            }
        });
        List<String> ports = new ArrayList<>();
        c.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        List<History> history = new ArrayList<>();
        for (JsonNode h : root.path("history")) {
            history.add(new History(h.path("created").asText(""), h.path("created_by").asText(""),
                    h.path("empty_layer").asBoolean(false)));
        }
        return new SourceConfig(bytes, new Platform(arch, os, variant), strings(c.path("Env")),
                strings(c.path("Entrypoint")), strings(c.path("Cmd")), c.path("User").asText(""),
                c.path("WorkingDir").asText(""), ports, labels, diffIds, history);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            });
        }
        return out;
    }
}
