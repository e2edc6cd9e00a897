package dev.strata.sbom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.closure.PathMeta;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An SBOM of an image: its inventory, the image's name and the time it stands for (the image's
 * creation time, so the same image gives the same document, byte for byte). Written as SPDX 2.3
 * ({@link Spdx}) or CycloneDX 1.5 ({@link CycloneDx}) JSON.
 *
 * @param name the image's name ({@code demo/hello:1}) or what it was made from
 */
public record Sbom(Inventory inventory, String name, Instant created, String toolVersion) {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Sbom {
        Objects.requireNonNull(inventory, "inventory");
        name = name == null || name.isBlank() ? "image" : name;
        created = created.truncatedTo(ChronoUnit.SECONDS);
        toolVersion = toolVersion == null || toolVersion.isBlank() ? "dev" : toolVersion;
    }

    /** The document in a format, as UTF-8 JSON ending in a newline. */
    public byte[] bytes(SbomFormat format) {
        ObjectNode doc = format == SbomFormat.SPDX ? Spdx.document(this) : CycloneDx.document(this);
        try {
            return (JSON.writeValueAsString(doc) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String timestamp() {
        return DateTimeFormatter.ISO_INSTANT.format(created);
    }

    /** A hex SHA-256 of the inventory's label form: names the document by its content, reproducibly. */
    String contentHash() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((name + "\n" + InventoryLabel.encode(inventory))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The package URL of a store path's package: {@code pkg:nix/NAME@VERSION} (the type nix is not
     * yet registered with the purl specification; the store path itself travels beside it).
     */
    static String purl(PathMeta m) {
        String purl = "pkg:nix/" + encode(m.pname().isEmpty() ? "unknown" : m.pname());
        return m.version().isEmpty() ? purl : purl + "@" + encode(m.version());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
