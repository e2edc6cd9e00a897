package dev.strata.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import dev.strata.layering.PreviousPlan;
import dev.strata.CacheDir;
import dev.strata.image.Platform;
import dev.strata.input.ImageReader;
import dev.strata.input.ImageReference;
import dev.strata.input.PullOptions;
import dev.strata.input.ReadListener;
import dev.strata.input.SourceImage;
import dev.strata.input.StorePathsInLayers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@code --previous PLAN_OR_IMAGE} names: the JSON of {@code strata plan --json} or
 * {@code strata build --json} (both have {@code "layers":[{"paths":[..]}]}), or an image in any form
 * {@link ImageReference} reads (a layout, an archive, a registry, the daemon), whose layers are
 * listed by {@link StorePathsInLayers}.
 */
public final class PreviousBuilds {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long JSON_LIMIT = 256L << 20;
    private static final List<String> TRANSPORTS = List.of("oci:", "oci-archive:", "docker-archive:", "docker://",
            "docker-daemon:");

    private final Path cacheDir;
    private final PullOptions pulls;

    /** @param cacheDir where an image read from a registry or daemon is kept */
    public PreviousBuilds(Path cacheDir, PullOptions pulls) {
        this.cacheDir = cacheDir;
        this.pulls = pulls;
    }

    /** Plan and build JSON files, and images read into the user's cache with the default settings. */
    public static PreviousBuilds local() {
        return new PreviousBuilds(CacheDir.resolve(), PullOptions.defaults());
    }

    /** The previous build's store layers, base first. */
    public PreviousPlan load(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new StrataException("--previous needs a value: a plan or build JSON file, or an image such as "
                    + "oci-archive:hello.tar");
        }
        String s = spec.strip();
        boolean image = TRANSPORTS.stream().anyMatch(s::startsWith)
                || (!Files.exists(Path.of(s)) && s.indexOf('/') > 0 && s.substring(0, s.indexOf('/')).contains(":"));
        if (image) {
            try (SourceImage img = new ImageReader(cacheDir, pulls).open(s, Platform.local(), ReadListener.NONE)) {
                return new PreviousPlan(s, StorePathsInLayers.of(img));
            }
        }
        return fromJson(Path.of(s));
    }

    private static PreviousPlan fromJson(Path file) {
        JsonNode root;
        try {
            if (Files.size(file) > JSON_LIMIT) {
                throw new StrataException("--previous " + file + " is larger than a plan can be; give the output of "
                        + "strata plan --json or strata build --json");
            }
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new StrataException("--previous " + file + " does not exist; give the output of strata plan --json or "
                    + "strata build --json, or an image such as oci-archive:hello.tar");
        } catch (IOException e) {
            throw new StrataException("--previous " + file + " is not a plan: " + firstLine(e.getMessage())
                    + "; give the output of strata plan --json or strata build --json");
        }
        JsonNode layers = root == null ? null : root.get("layers");
        if (layers == null || !layers.isArray()) {
            throw new StrataException("--previous " + file + " has no \"layers\" array; give the output of strata plan "
                    + "--json or strata build --json");
        }
        List<List<StorePath>> out = new ArrayList<>();
        int index = 0;
        for (JsonNode layer : layers) {
            index++;
            JsonNode paths = layer.get("paths");
            if (paths == null || !paths.isArray()) {
                throw new StrataException("--previous " + file + ": layer " + index + " has no \"paths\" array");
            }
            List<StorePath> list = new ArrayList<>();
            for (JsonNode p : paths) {
                if (!p.isTextual()) {
                    throw new StrataException("--previous " + file + ": layer " + index + " lists " + p
                            + ", which is not a store path");
                }
                try {
                    list.add(StorePath.of(p.asText()));
                } catch (IllegalArgumentException e) {
                    throw new StrataException("--previous " + file + ": layer " + index + " lists '" + p.asText()
                            + "', which is not a store path");
                }
            }
            out.add(list);
        }
        return new PreviousPlan(file.toString(), out);
    }

    private static String firstLine(String message) {
        String m = message == null ? "unreadable" : message;
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
