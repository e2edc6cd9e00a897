package dev.strata.compose;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.strata.InputFiles;
import dev.strata.AtomicFile;
import dev.strata.Choice;
import dev.strata.Redaction;
import dev.strata.StrataException;
import dev.strata.image.AddedFiles;
import dev.strata.image.Compression;
import dev.strata.image.CreationTime;
import dev.strata.image.ImageConfig;
import dev.strata.image.ManifestFormat;
import dev.strata.input.ImageReference;
import dev.strata.layering.Strategies;
import dev.strata.nix.Expressions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Everything that decides an image: the package source, the packages, how to layer them, the
 * image config, how layers are written, and the name. Saved and opened by the window, built by
 * {@code strata build --recipe FILE}; the same recipe gives the same image digest wherever it is
 * built. Make one with {@link #builder()} or change one with {@link #toBuilder()}.
 *
 * <p>The file is JSON: one object with a key per component of this record, in this order, written
 * by {@link #toJson()}. Colleagues share recipes, so {@link #fromJson} treats a file as hostile: an
 * unknown key, a value of the wrong type, a value out of range or a file too big gives one
 * sentence naming the setting ({@link RecipeException}), never an internal error.
 * {@code "version"} says which shape a file has. Older files are migrated as they are read
 * (version 1, from before the key existed, carried {@code "format": 1} instead); a version above
 * {@link #VERSION} was written by a newer Strata, and is refused saying so.
 *
 * <p>Adding a setting (e.g. a base image) is a change to this file alone:
 * <ol>
 *   <li>add the record component, its {@code @param} line below, and its default in the compact
 *       constructor (an absent key reads as null, 0 or false); check its value there and throw a
 *       {@link RecipeException} naming it;</li>
 *   <li>add its one-line setter to {@link Builder};</li>
 *   <li>if it does not change the image's bytes (as {@code tag} does not), add it to
 *       {@code OUTSIDE_THE_IMAGE};</li>
 *   <li>raise {@link #VERSION}, so that an older Strata refuses a new file rather than misreading
 *       it, and add a step to {@code MIGRATIONS} only if old files must change shape to keep
 *       their meaning.</li>
 * </ol>
 * Writing, reading, the unknown-key check, the builder, and the image key follow from the record.
 * RecipeFormatTest's generator should learn the setting too, so that its properties cover it.
 *
 * @param version the file format's version; always {@link #VERSION} once read
 * @param source a {@code --source} spec, or null for the default
 * @param packages attribute paths, in the order given
 * @param expressions Nix expressions evaluated with the set in scope, each one more root ({@code --expr})
 * @param from the image to build on ({@code --from}, an {@link dev.strata.input.ImageReference}), or null
 * @param adds files added on top ({@code --add}), one layer each; in a file their sources are
 *     relative to the recipe's directory
 * @param strategy a layering strategy name, or null for the default
 * @param maxLayers layers in total, including the top symlink layer (2 to {@link #MAX_LAYERS_LIMIT})
 * @param popularity a popularity file or URL, or null
 * @param pins packages or store paths that get layers of their own
 * @param previous the previous build to keep the valid layers of ({@code --previous}): a plan or
 *        build JSON file or an image file ({@code oci-archive:FILE} ...), or null; in a recipe file
 *        a relative path is relative to the file's directory (see {@link #resolvedAgainst})
 * @param config the image's runtime config
 * @param tag {@code NAME:TAG} the image is saved under, or null
 * @param compression how layers are compressed
 * @param manifestFormat OCI or Docker schema 2 manifests
 * @param allowUnfree whether Nix may build packages with unfree licences ({@code --allow-unfree})
 * @param allowBroken whether Nix may build packages marked broken ({@code --allow-broken})
 * @param created the creation time the image records
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recipe(int version, String source, List<String> packages, List<String> expressions,
                     String from, List<AddedFiles> adds,
                     String strategy, int maxLayers,
                     String popularity, List<String> pins, String previous, ImageConfig config, String tag, Compression compression,
                     ManifestFormat manifestFormat, boolean allowUnfree, boolean allowBroken,
                     CreationTime created) {
    /** The version this Strata writes; it reads every version from 1 to this. */
    public static final int VERSION = 5;
    public static final int DEFAULT_MAX_LAYERS = 100;
    public static final int MAX_LAYERS_LIMIT = 125;
    /** A recipe is a page of settings; anything this big is the wrong file (and must not fill memory). */
    public static final long MAX_FILE_BYTES = 4L << 20;

    /** Settings that do not change the image's bytes: the image key leaves them out. */
    private static final Set<String> OUTSIDE_THE_IMAGE = Set.of("source", "packages", "tag");

    /** MIGRATIONS.get(v) turns the object of a version-v file into a version v+1 one. */
    private static final Map<Integer, UnaryOperator<ObjectNode>> MIGRATIONS = Map.of(
            1, Recipe::fromVersion1);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    public Recipe {
        version = version == 0 ? VERSION : version;
        if (version != VERSION) {
            throw new RecipeException("version", version + " is not " + VERSION + "; read older files with fromJson");
        }
        packages = entries("packages", packages);
        expressions = entries("expressions", expressions);
        for (int i = 0; i < expressions.size(); i++) {
            String problem = Expressions.problem(expressions.get(i));
            if (problem != null) {
                throw new RecipeException("expressions[" + i + "]", problem);
            }
        }
        pins = entries("pins", pins);
        from = from == null || from.isBlank() ? null : from.strip();
        if (from != null) {
            try {
                ImageReference.parse(from);
            } catch (StrataException e) {
                throw new RecipeException("from", e.getMessage());
            }
        }
        adds = entries("adds", adds);
        previous = checkedPrevious(previous);
        if (strategy != null) {
            try {
                Strategies.byName(strategy);
            } catch (StrataException e) { // checked here, so a recipe or --strategy is refused before Nix runs
                throw new RecipeException("strategy", "names an unknown layering strategy '" + shorten(strategy)
                        + "'; choose one of " + String.join(", ", Strategies.names()) + " (default " + Strategies.DEFAULT
                        + ")");
            }
        }
        config = config == null ? ImageConfig.empty() : config;
        maxLayers = maxLayers == 0 ? DEFAULT_MAX_LAYERS : maxLayers;
        compression = compression == null ? Compression.GZIP : compression;
        manifestFormat = manifestFormat == null ? ManifestFormat.OCI : manifestFormat;
        created = created == null ? CreationTime.EPOCH : created;
        if (maxLayers < 2 || maxLayers > MAX_LAYERS_LIMIT) {
            throw new RecipeException("maxLayers", maxLayers + " is out of range; choose 2 to " + MAX_LAYERS_LIMIT
                    + " (Docker and most registries refuse images of more than 125 layers; one layer is the symlink layer)");
        }
        if (compression == Compression.ZSTD && manifestFormat == ManifestFormat.DOCKER) {
            throw new RecipeException("compression", "zstd needs the oci manifest format, not docker (zstd layers exist "
                    + "only in OCI images); choose gzip or none, or oci manifests");
        }
    }

    /** Longer than any path a file system takes: a value this long is not a file's name. */
    private static final int PREVIOUS_LIMIT = 4096;

    private static String checkedPrevious(String previous) {
        if (previous == null) {
            return null;
        }
        if (previous.isBlank()) {
            throw new RecipeException("previous", "is blank; remove it, or name the previous build's plan JSON or "
                    + "image, e.g. plan-v1.json or oci-archive:v1.tar");
        }
        if (previous.length() > PREVIOUS_LIMIT || previous.chars().anyMatch(Character::isISOControl)) {
            throw new RecipeException("previous", "'" + shorten(previous) + "' is not a file name (too long or with "
                    + "control characters); name the previous build's plan JSON or image, e.g. oci-archive:v1.tar");
        }
        return previous.strip();
    }

    /**
     * This recipe with a relative {@code previous} taken relative to {@code dir}, the directory of
     * the recipe file that names it: a recipe and the plan of its last build are kept side by side
     * and moved together, whatever directory a command runs in. {@link #read} keeps the value as
     * written (a recipe saved again stays movable); whoever builds from the file resolves it.
     */
    public Recipe resolvedAgainst(Path dir) {
        if (previous == null) {
            return this;
        }
        String resolved = PreviousBuilds.resolve(previous, dir);
        return resolved.equals(previous) ? this : toBuilder().previous(resolved).build();
    }

    private static <T> List<T> entries(String setting, List<T> list) {
        if (list == null) {
            return List.of();
        }
        for (int i = 0; i < list.size(); i++) { // not indexOf(null): immutable lists throw on it
            if (list.get(i) == null) {
                throw new RecipeException(setting + "[" + i + "]", "is null; remove it, or write a name in quotes");
            }
        }
        return List.copyOf(list);
    }

    /** A new recipe; every setting not given keeps its default. */
    public static Builder builder() {
        return new Builder(JSON.createObjectNode());
    }

    /** A recipe of these packages with every other setting at its default. */
    public static Recipe of(String source, List<String> packages) {
        return builder().source(source).packages(packages).build();
    }

    /** This recipe, to change some settings of. */
    public Builder toBuilder() {
        return new Builder(JSON.valueToTree(this));
    }

    /**
     * Sets settings one by one; {@link #build()} checks them as a file's are checked. Setting null
     * means "not given": the default (as null or an absent key does in a file).
     */
    public static final class Builder {
        private final ObjectNode settings;

        private Builder(ObjectNode settings) {
            this.settings = settings;
        }

        public Builder source(String v) {
            return set("source", v);
        }

        public Builder packages(List<String> v) {
            return set("packages", v);
        }

        public Builder expressions(List<String> v) {
            return set("expressions", v);
        }

        public Builder from(String v) {
            return set("from", v);
        }

        public Builder adds(List<AddedFiles> v) {
            return set("adds", v);
        }

        public Builder strategy(String v) {
            return set("strategy", v);
        }

        public Builder maxLayers(int v) {
            return set("maxLayers", v);
        }

        public Builder popularity(String v) {
            return set("popularity", v);
        }

        public Builder pins(List<String> v) {
            return set("pins", v);
        }

        public Builder previous(String v) {
            return set("previous", v);
        }

        public Builder config(ImageConfig v) {
            return set("config", v);
        }

        public Builder tag(String v) {
            return set("tag", v);
        }

        public Builder compression(Compression v) {
            return set("compression", v);
        }

        public Builder manifestFormat(ManifestFormat v) {
            return set("manifestFormat", v);
        }

        public Builder allowUnfree(boolean v) {
            return set("allowUnfree", v);
        }

        public Builder allowBroken(boolean v) {
            return set("allowBroken", v);
        }

        public Builder created(CreationTime v) {
            return set("created", v);
        }

        private Builder set(String setting, Object value) {
            if (value == null) {
                settings.remove(setting);
            } else {
                settings.set(setting, JSON.valueToTree(value));
            }
            return this;
        }

        /** The recipe; a setting Strata refuses is a {@link RecipeException} naming it. */
        public Recipe build() {
            ObjectNode copy = settings.deepCopy();
            copy.put("version", VERSION);
            return bind(copy);
        }
    }

    /** The file's text: every setting, in the record's order, ending in a newline. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a recipe that cannot be written as JSON", e);
        }
    }

    /**
     * The settings that decide the image's bytes, as one line of JSON: everything but where the
     * packages come from, which they are (an image key has both already) and the name.
     */
    public String imageSettings() {
        ObjectNode all = JSON.valueToTree(this);
        all.remove(OUTSIDE_THE_IMAGE);
        return all.toString();
    }

    /**
     * Reads a recipe file's text, migrating an older version.
     *
     * @param origin where the text came from, for errors (a file name)
     */
    public static Recipe fromJson(String json, String origin) {
        if (json.length() > MAX_FILE_BYTES) {
            throw tooBig(origin, json.length());
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new StrataException(origin + " is not a Strata recipe: it is not valid JSON (" + syntaxError(e)
                    + (at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + "); save it again from the window, or fix the JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new StrataException(origin + " is not a Strata recipe: it holds " + describe(tree)
                    + ", not a JSON object of settings");
        }
        try {
            ObjectNode settings = (ObjectNode) tree;
            for (int v = versionOf(settings); v < VERSION; v++) {
                settings = MIGRATIONS.getOrDefault(v, UnaryOperator.identity()).apply(settings);
            }
            settings.put("version", VERSION);
            return bind(settings);
        } catch (RecipeException e) {
            throw e.in(origin);
        }
    }

    /** The error for a recipe file that is not there, named as given. */
    public static StrataException missing(String file) {
        return new StrataException("the recipe " + Redaction.value(file) + " does not exist; check the name, or save one "
                + "from the window");
    }

    /**
     * Reads a recipe file; the sources of its {@code adds} and a file-based {@code from}
     * ({@code oci:}, {@code oci-archive:}, {@code docker-archive:}) are taken relative to the file's
     * directory, so a recipe opened from anywhere finds its files.
     */
    public static Recipe read(Path file) {
        try {
            // Read at most one byte past the limit: a device or FIFO (/dev/zero) has no size to check first.
            byte[] bytes;
            try (InputStream in = InputFiles.open(file, "the recipe " + file)) {
                bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            }
            if (bytes.length > MAX_FILE_BYTES) {
                throw Files.isRegularFile(file) ? tooBig(file.toString(), Files.size(file))
                        : new StrataException(file + " is not a Strata recipe: it is not a file and gives more than "
                                + MAX_FILE_BYTES + " bytes, the most a recipe has; give the recipe's file");
            }
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return fromJson(text, file.toString()).withPathsFrom(file.toAbsolutePath().getParent(), true);
        } catch (NoSuchFileException e) {
            throw missing(file.toString());
        } catch (CharacterCodingException e) {
            throw new StrataException(file + " is not a Strata recipe: it is not UTF-8 text; is it the right file?");
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
    /**
     * The added files whose source is outside {@code dir} (a recipe file's directory), judged by
     * where each really is (a link inside that points out counts as outside): what a shared recipe
     * takes from the machine that builds it, which the faces point out before building.
     */
    public List<AddedFiles> addsOutside(Path dir) {
        Path root = real(dir);
        List<AddedFiles> outside = new ArrayList<>();
        for (AddedFiles a : adds) {
            try {
                if (!real(dir.resolve(a.source())).startsWith(root)) {
                    outside.add(a);
                }
            } catch (InvalidPathException e) {
                outside.add(a); // not a path here: the build refuses it, and it is named now too
            }
        }
        return outside;
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException | SecurityException e) {
            return p.toAbsolutePath().normalize(); // not there (yet): its build refuses it
        }
    }

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
        return toBuilder().adds(moved).from(base).build();
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

    private static StrataException tooBig(String origin, long bytes) {
        return new StrataException(origin + " is not a Strata recipe: it has " + bytes + " bytes, and a recipe has at most "
                + MAX_FILE_BYTES + "; is it the right file?");
    }

    /** What is wrong with text that is not JSON, without the parser's internals. */
    private static String syntaxError(JacksonException e) {
        if (e instanceof StreamConstraintsException) {
            return "a value is too long or nested too deep";
        }
        if (e instanceof MismatchedInputException) {
            return "more text follows the closing brace";
        }
        return withoutInternals(e.getOriginalMessage());
    }

    /** A parser's message without the class names and the parser's own hints, on one line. */
    private static String withoutInternals(String message) {
        String first = String.valueOf(message).lines().findFirst().orElse("").replaceAll("`[^`]*`", "")
                .replaceAll("\\s*\\(for [^)]*\\)", "").strip();
        return shorten(first);
    }

    /** The file's version: 1 when it has none (the files of the first Strata). */
    private static int versionOf(ObjectNode settings) {
        JsonNode v = settings.get("version");
        if (v == null) {
            return 1;
        }
        if (!v.isInt() || v.intValue() < 1) {
            throw new RecipeException("version", "must be a whole number from 1 to " + VERSION + ", not "
                    + describe(v));
        }
        if (v.intValue() > VERSION) {
            throw new RecipeException("version", v.intValue() + " is newer than this Strata reads (1 to " + VERSION
                    + "): the recipe was written by a newer Strata; upgrade Strata to open it");
        }
        return v.intValue();
    }

    /** Version 1 said {@code "format": 1} where version 2 says {@code "version": 2}; nothing else changed. */
    private static ObjectNode fromVersion1(ObjectNode settings) {
        JsonNode format = settings.remove("format");
        if (format != null && !(format.isInt() && format.intValue() <= 1)) {
            if (format.isInt()) {
                throw new RecipeException("format", format.intValue() + " is newer than this Strata reads (1): the "
                        + "recipe was written by a newer Strata; upgrade Strata to open it");
            }
            throw new RecipeException("format", "must be 1, not " + describe(format));
        }
        return settings;
    }

    /** The settings as a recipe: every value checked; a refusal names its setting. */
    private static Recipe bind(ObjectNode settings) {
        try {
            return JSON.treeToValue(settings, Recipe.class);
        } catch (JsonMappingException e) {
            throw explain(e, settings);
        } catch (JsonProcessingException e) {
            throw new RecipeException("settings", "are not valid: " + e.getOriginalMessage());
        }
    }

    /** One sentence for what Jackson refused, naming the setting by its path in the file. */
    private static RecipeException explain(JsonMappingException e, JsonNode settings) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof RecipeException r) {
                return r;
            }
        }
        String path = path(e.getPath());
        JsonNode value = at(settings, e.getPath());
        if (e instanceof UnrecognizedPropertyException u) {
            int dot = path.lastIndexOf('.');
            String owner = dot < 0 ? "recipe's" : path.substring(0, dot) + "'s";
            Collection<Object> known = dot < 0 ? settingNames() : u.getKnownPropertyIds();
            return new RecipeException(path, "is not a setting Strata knows; remove it or correct its name (the "
                    + owner + " settings are " + known.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + ")");
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof StrataException s) {
                return new RecipeException(path, "is not valid: " + s.getMessage());
            }
            if (c instanceof InputCoercionException) {
                return new RecipeException(path, "must be a whole number of a sensible size, not " + describe(value));
            }
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            Class<?> type = m.getTargetType();
            if (Choice.class.isAssignableFrom(type) && value != null && value.isTextual()) {
                return new RecipeException(path, "'" + shorten(value.textValue()) + "' is not one of "
                        + Choice.ids(type.asSubclass(Choice.class)));
            }
            return new RecipeException(path, "must be " + expected(type) + ", not " + describe(value));
        }
        return new RecipeException(path, "is not valid (" + withoutInternals(e.getOriginalMessage()) + ")");
    }

    private static Collection<Object> settingNames() {
        return Arrays.stream(Recipe.class.getRecordComponents()).map(c -> (Object) c.getName()).toList();
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.length() == 0 ? "settings" : out.toString();
    }

    private static JsonNode at(JsonNode root, List<JsonMappingException.Reference> refs) {
        JsonNode n = root;
        for (JsonMappingException.Reference r : refs) {
            if (n == null) {
                return null;
            }
            n = r.getFieldName() != null ? n.get(r.getFieldName()) : n.get(r.getIndex());
        }
        return n;
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text in quotes";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list of texts in quotes";
        }
        if (Choice.class.isAssignableFrom(type)) {
            return "one of " + Choice.ids(type.asSubclass(Choice.class));
        }
        return "an object of settings";
    }

    /** A JSON value as a sentence says it: {@code the number 1.5}, {@code a list}, {@code the text "x"}. */
    private static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            return "the text \"" + shorten(n.textValue()) + "\"";
        }
        if (n.isNumber()) {
            return "the number " + shorten(n.asText());
        }
        if (n.isBoolean()) {
            return n.asText();
        }
        return n.isArray() ? "a list" : "an object";
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\p{Cntrl}", "?");
        return one.length() <= 60 ? one : one.substring(0, 57) + "...";
    }
}
