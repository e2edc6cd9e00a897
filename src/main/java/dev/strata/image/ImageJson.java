package dev.strata.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
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
