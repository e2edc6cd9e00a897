package dev.strata.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.InputFiles;
import dev.strata.JsonErrors;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /** The previous build a recipe names ({@link Recipe#previous}), read from this machine; empty when it names none. */
    public static Optional<PreviousPlan> of(Recipe recipe) {
        return recipe.previous() == null ? Optional.empty() : Optional.of(local().load(recipe.previous()));
    }

    /** Transports of image files, whose path follows the prefix. */
    private static final List<String> FILE_TRANSPORTS = List.of("oci:", "oci-archive:", "docker-archive:");

    /**
     * {@code spec} with a relative file path taken relative to {@code dir}: a plan JSON file, or
     * the path of an image file after its transport ({@code oci-archive:v1.tar}). Registry and
     * daemon references ({@code docker://}, {@code docker-daemon:}) are not files and stay as they are.
     */
    public static String resolve(String spec, Path dir) {
        String s = spec.strip();
        if (s.startsWith("docker://") || s.startsWith("docker-daemon:")) {
            return s;
        }
        String transport = FILE_TRANSPORTS.stream().filter(s::startsWith).findFirst().orElse("");
        String file = s.substring(transport.length());
        try {
            return file.isEmpty() || Path.of(file).isAbsolute() ? s : transport + dir.resolve(file);
        } catch (InvalidPathException e) {
            return s; // load() says what is wrong with it
        }
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
            // Parsed as a stream that ends in an error past the limit: a device or FIFO (/dev/zero) has
            // size 0 above and would otherwise be read into memory until the heap runs out.
            try (InputStream in = new Limited(InputFiles.open(file, "--previous " + file), JSON_LIMIT)) {
                root = JSON.readTree(in);
            }
        } catch (NoSuchFileException e) {
            throw new StrataException("--previous " + file + " does not exist; give the output of strata plan --json or "
                    + "strata build --json, or an image such as oci-archive:hello.tar");
        } catch (JsonProcessingException e) { // not Jackson's words: they quote the file, which may be a secret
            throw new StrataException("--previous " + file + " is not a plan: " + JsonErrors.where(e)
                    + "; give the output of strata plan --json or strata build --json");
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

    /** A stream that fails once more than {@code limit} bytes have been read from it. */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            left -= n;
            if (left < 0) {
                throw new IOException("it is larger than a plan can be");
            }
        }
    }
}
