package dev.strata.compose;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.StrataException;
import dev.strata.AtomicFile;
import dev.strata.image.AddedFiles;
import dev.strata.image.ImageConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything that decides an image: the package source, the packages, how to layer them, the
 * image config and the name. Saved and opened by the GUI, built by {@code --recipe FILE}; the same
 * recipe gives the same image digest wherever it is built.
 *
 * @param from the image to build on ({@code --from}, an {@link dev.strata.input.ImageReference}), or null
 * @param adds files added on top ({@code --add}), one layer each; in a file their sources are
 *     relative to the recipe's directory
 * @param strategy a layering strategy name, or null for the default
 * @param maxLayers layers in total, including the top symlink layer
 * @param popularity a popularity file or URL, or null
 * @param pins packages or store paths that get layers of their own
 * @param tag {@code NAME:TAG} the image is saved under, or null
 * @param compression {@code gzip}, {@code zstd} or {@code none}
 * @param manifestFormat {@code oci} or {@code docker}
 * @param allowUnfree build packages whose licence is unfree ({@code --allow-unfree})
 * @param allowBroken build packages marked broken ({@code --allow-broken})
 * @param created null (the epoch, reproducible) or {@code now}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"format", "source", "packages", "from", "adds", "strategy", "maxLayers", "popularity", "pins",
        "config", "tag", "compression", "manifestFormat", "allowUnfree", "allowBroken", "created"})
public record Recipe(int format, String source, List<String> packages, String from, List<AddedFiles> adds,
                     String strategy, int maxLayers, String popularity, List<String> pins, ImageConfig config, String tag,
                     String compression, String manifestFormat, boolean allowUnfree, boolean allowBroken,
                     String created) {
    public static final int FORMAT = 1;
    public static final int DEFAULT_MAX_LAYERS = 100;
    public static final int MAX_LAYERS_LIMIT = 125;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Recipe {
        format = format == 0 ? FORMAT : format;
        if (format > FORMAT) {
            throw new StrataException("this recipe has format " + format + " but this Strata reads format " + FORMAT
                    + "; upgrade Strata");
        }
        packages = packages == null ? List.of() : List.copyOf(packages);
        adds = adds == null ? List.of() : List.copyOf(adds);
        from = from == null || from.isBlank() ? null : from.strip();
        pins = pins == null ? List.of() : List.copyOf(pins);
        config = config == null ? ImageConfig.empty() : config;
        maxLayers = maxLayers == 0 ? DEFAULT_MAX_LAYERS : maxLayers;
        compression = compression == null ? "gzip" : compression;
        manifestFormat = manifestFormat == null ? "oci" : manifestFormat;
        if (maxLayers < 2 || maxLayers > MAX_LAYERS_LIMIT) {
            throw new StrataException("--max-layers " + maxLayers + " is out of range; choose 2 to " + MAX_LAYERS_LIMIT
                    + " (Docker and most registries refuse images of more than 125 layers; one layer is the symlink layer)");
        }
        if (!List.of("gzip", "zstd", "none").contains(compression)) {
            throw new StrataException("unknown compression '" + compression + "'; use gzip, zstd or none");
        }
        if (!List.of("oci", "docker").contains(manifestFormat)) {
            throw new StrataException("unknown manifest format '" + manifestFormat + "'; use oci or docker");
        }
        if (compression.equals("zstd") && manifestFormat.equals("docker")) {
            throw new StrataException("zstd layers exist only in OCI images; use --manifest-format oci or --compression gzip");
        }
        if (created != null && !created.equals("now") && !created.equals("epoch")) {
            throw new StrataException("--created '" + created + "' is not understood; use epoch (reproducible) or now");
        }
    }

    /** A recipe of these packages with every other setting at its default. */
    public static Recipe of(String source, List<String> packages) {
        return new Recipe(FORMAT, source, packages, null, List.of(), null, DEFAULT_MAX_LAYERS, null, List.of(), ImageConfig.empty(), null,
                "gzip", "oci", false, false, null);
    }

    public Recipe withSource(String v) {
        return new Recipe(format, v, packages, from, adds, strategy, maxLayers, popularity, pins, config, tag, compression,
                manifestFormat, allowUnfree, allowBroken, created);
    }

    public Recipe withPackages(List<String> v) {
        return new Recipe(format, source, v, from, adds, strategy, maxLayers, popularity, pins, config, tag, compression,
                manifestFormat, allowUnfree, allowBroken, created);
    }

    public Recipe withFrom(String v) {
        return new Recipe(format, source, packages, v, adds, strategy, maxLayers, popularity, pins, config, tag, compression,
                manifestFormat, allowUnfree, allowBroken, created);
    }

    public Recipe withAdds(List<AddedFiles> v) {
        return new Recipe(format, source, packages, from, v, strategy, maxLayers, popularity, pins, config, tag, compression,
                manifestFormat, allowUnfree, allowBroken, created);
    }

    public Recipe withStrategy(String v) {
        return new Recipe(format, source, packages, from, adds, v, maxLayers, popularity, pins, config, tag, compression,
                manifestFormat, allowUnfree, allowBroken, created);
    }

    public Recipe withMaxLayers(int v) {
        return new Recipe(format, source, packages, from, adds, strategy, v, popularity, pins, config, tag, compression,
                manifestFormat, allowUnfree, allowBroken, created);
    }

    public Recipe withPopularity(String v) {
        return new Recipe(format, source, packages, from, adds, strategy, maxLayers, v, pins, config, tag, compression,
                manifestFormat, allowUnfree, allowBroken, created);
    }

    public Recipe withPins(List<String> v) {
        return new Recipe(format, source, packages, from, adds, strategy, maxLayers, popularity, v, config, tag, compression,
                manifestFormat, allowUnfree, allowBroken, created);
    }

    public Recipe withConfig(ImageConfig v) {
        return new Recipe(format, source, packages, from, adds, strategy, maxLayers, popularity, pins, v, tag, compression,
                manifestFormat, allowUnfree, allowBroken, created);
    }

    public Recipe withTag(String v) {
        return new Recipe(format, source, packages, from, adds, strategy, maxLayers, popularity, pins, config, v, compression,
                manifestFormat, allowUnfree, allowBroken, created);
    }

    public Recipe withCompression(String v) {
        return new Recipe(format, source, packages, from, adds, strategy, maxLayers, popularity, pins, config, tag, v,
                manifestFormat, allowUnfree, allowBroken, created);
    }

    public Recipe withManifestFormat(String v) {
        return new Recipe(format, source, packages, from, adds, strategy, maxLayers, popularity, pins, config, tag, compression,
                v, allowUnfree, allowBroken, created);
    }

    public Recipe withAllowUnfree(boolean v) {
        return new Recipe(format, source, packages, from, adds, strategy, maxLayers, popularity, pins, config, tag, compression,
                manifestFormat, v, allowBroken, created);
    }

    public Recipe withAllowBroken(boolean v) {
        return new Recipe(format, source, packages, from, adds, strategy, maxLayers, popularity, pins, config, tag, compression,
                manifestFormat, allowUnfree, v, created);
    }

    public Recipe withCreated(String v) {
        return new Recipe(format, source, packages, from, adds, strategy, maxLayers, popularity, pins, config, tag, compression,
                manifestFormat, allowUnfree, allowBroken, v);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Recipe fromJson(String json, String origin) {
        try {
            return JSON.readValue(json, Recipe.class);
        } catch (StrataException e) {
            throw new StrataException("recipe " + origin + ": " + e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StrataException se) {
                throw new StrataException("recipe " + origin + ": " + se.getMessage());
            }
            throw new StrataException("recipe " + origin + " is not a valid Strata recipe (" + e.getOriginalMessage()
                    + "); save it again from the GUI or fix the JSON");
        } catch (IOException e) {
            throw new StrataException("cannot read the recipe " + origin + ": " + e.getMessage());
        }
    }

    /**
     * Reads a recipe file; the sources of its {@code adds} and a file-based {@code from}
     * ({@code oci:}, {@code oci-archive:}, {@code docker-archive:}) are taken relative to the file's
     * directory, so a recipe opened from anywhere finds its files.
     */
    public static Recipe read(Path file) {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString())
                    .withPathsFrom(file.toAbsolutePath().getParent(), true);
        } catch (IOException e) {
            throw new StrataException("cannot read the recipe " + file + ": " + e.getMessage());
        }
    }

    /** Writes the recipe atomically: a crash leaves the old file or the new one, never half of one. */
    public void write(Path file) {
        try {
            AtomicFile.write(file, withPathsFrom(file.toAbsolutePath().getParent(), false).toJson(),
                    AtomicFile.Durability.DURABLE);
        } catch (IOException e) {
            throw new StrataException("cannot write the recipe " + file + ": " + e.getMessage());
        }
    }

    /**
     * The recipe with the paths of its {@code adds} and of a file-based {@code from} resolved against
     * {@code dir} ({@code absolute}) or made relative to it (to save the recipe there).
     */
    Recipe withPathsFrom(Path dir, boolean absolute) {
        List<AddedFiles> moved = adds.stream().map(a -> a.withSource(move(dir, a.source(), absolute))).toList();
        String base = from;
        if (base != null) {
            for (String transport : List.of("oci:", "oci-archive:", "docker-archive:")) {
                if (base.startsWith(transport) && base.length() > transport.length()) {
                    base = transport + move(dir, base.substring(transport.length()), absolute);
                }
            }
        }
        return withAdds(moved).withFrom(base);
    }

    private static String move(Path dir, String path, boolean absolute) {
        try {
            Path p = Path.of(path);
            if (absolute) {
                return dir.resolve(p).normalize().toString();
            }
            if (!p.isAbsolute()) {
                return path;
            }
            String rel = dir.relativize(p).toString();
            return rel.isEmpty() ? "." : rel;
        } catch (IllegalArgumentException e) {
            return path;
        }
    }
}
