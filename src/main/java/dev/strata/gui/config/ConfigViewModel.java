package dev.strata.gui.config;

import dev.strata.Choice;
import dev.strata.StrataException;
import dev.strata.compose.ProgramCheck;
import dev.strata.compose.Recipe;
import dev.strata.gui.common.ErrorText;
import dev.strata.gui.common.Tasks;
import dev.strata.gui.common.Workspace;
import dev.strata.image.Compression;
import dev.strata.image.CreationTime;
import dev.strata.image.ImageConfig;
import dev.strata.image.ManifestFormat;
import dev.strata.nix.Realisation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The image settings screen: name and tag, entrypoint, command, environment, working directory,
 * user, exposed ports and labels as text fields, and how the image is written (compression,
 * manifest format, creation date). Every field is validated on its own as it is typed, with the
 * same rules as the CLI ({@link ImageConfig}), and says what is wrong under itself; when every field
 * is valid the config goes to the workspace, otherwise the workspace keeps the last valid one.
 *
 * <p>Once the closure is known, the program the image runs (the entrypoint's, else the command's
 * first word) is looked up in the image: a path that is not there is warned about under the field.
 */
public final class ConfigViewModel {
    /** {@code name[:tag]} with a registry host and path allowed: lower case, as registries require. */
    static final Pattern REFERENCE = Pattern.compile(
            "([a-z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?");

    /** The text fields of the screen, each with its own message. */
    public enum Field { TAG, ENTRYPOINT, CMD, ENV, WORKDIR, USER, PORTS, LABELS }

    /** Creation dates the screen offers: the reproducible epoch, or the time of the build. */
    public enum Created {
        EPOCH(CreationTime.EPOCH, "1 January 1970 (reproducible)"), NOW(CreationTime.NOW, "The time of each build");

        private final CreationTime time;
        private final String label;

        Created(CreationTime time, String label) {
            this.time = time;
            this.label = label;
        }

        static Created of(CreationTime time) {
            return time == CreationTime.NOW ? NOW : EPOCH;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Workspace workspace;
    private final Map<Field, StringProperty> text = new EnumMap<>(Field.class);
    private final Map<Field, ReadOnlyStringWrapper> errors = new EnumMap<>(Field.class);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper entrypointWarning = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper formatError = new ReadOnlyStringWrapper("");
    private final StringProperty compression = new SimpleStringProperty("gzip");
    private final StringProperty manifestFormat = new SimpleStringProperty("oci");
    private final ObjectProperty<Created> created = new SimpleObjectProperty<>(Created.EPOCH);
    private final BooleanProperty valid = new SimpleBooleanProperty(true);
    private boolean loading;
    private long checks;

    public ConfigViewModel(Workspace workspace) {
        this.workspace = workspace;
        for (Field f : Field.values()) {
            text.put(f, new SimpleStringProperty(""));
            errors.put(f, new ReadOnlyStringWrapper(""));
        }
        load();
        workspace.configProperty().addListener((o, a, b) -> {
            if (!loading && b != null && !b.equals(current())) {
                load();
            }
        });
        workspace.tagProperty().addListener((o, a, b) -> {
            if (!loading && !text.get(Field.TAG).get().strip().equals(b == null ? "" : b)) {
                loading = true;
                text.get(Field.TAG).set(b == null ? "" : b);
                loading = false;
                validate();
            }
        });
        for (Observable o : new Observable[] {workspace.compressionProperty(), workspace.manifestFormatProperty(),
                workspace.createdProperty()}) {
            o.addListener(x -> {
                if (!loading) {
                    loadFormat();
                }
            });
        }
        for (StringProperty p : text.values()) {
            p.addListener(x -> {
                if (!loading) {
                    validate();
                }
            });
        }
        for (Observable o : new Observable[] {compression, manifestFormat, created}) {
            o.addListener(x -> {
                if (!loading) {
                    applyFormat();
                }
            });
        }
        workspace.realisationProperty().addListener((o, a, b) -> checkProgram());
        workspace.fromProperty().addListener((o, a, b) -> checkProgram());
        workspace.adds().addListener((Observable o) -> checkProgram());
    }

    private ImageConfig current() {
        try {
            return build();
        } catch (StrataException e) {
            return null;
        }
    }

    /** Shows the workspace's config, name and format in the fields. */
    public void load() {
        loading = true;
        try {
            ImageConfig c = workspace.configProperty().get();
            text.get(Field.TAG).set(workspace.tagProperty().get() == null ? "" : workspace.tagProperty().get());
            text.get(Field.ENTRYPOINT).set(Args.join(c.entrypoint()));
            text.get(Field.CMD).set(Args.join(c.cmd()));
            text.get(Field.ENV).set(String.join("\n", c.env().stream().filter(e -> !e.equals(ImageConfig.DEFAULT_PATH))
                    .toList()));
            text.get(Field.WORKDIR).set(c.workingDir());
            text.get(Field.USER).set(c.user());
            text.get(Field.PORTS).set(String.join(", ", c.exposedPorts()));
            StringBuilder l = new StringBuilder();
            c.labels().forEach((k, v) -> l.append(l.length() == 0 ? "" : "\n").append(k).append('=').append(v));
            text.get(Field.LABELS).set(l.toString());
        } finally {
            loading = false;
        }
        loadFormat();
        validate();
    }

    private void loadFormat() {
        loading = true;
        try {
            compression.set(workspace.compressionProperty().get().id());
            manifestFormat.set(workspace.manifestFormatProperty().get().id());
            created.set(Created.of(workspace.createdProperty().get()));
            formatError.set("");
        } finally {
            loading = false;
        }
    }

    /** Compression, manifest format and creation date go to the workspace together, when they go together. */
    private void applyFormat() {
        if ("zstd".equals(compression.get()) && "docker".equals(manifestFormat.get())) {
            formatError.set("zstd layers exist only in OCI images: choose the OCI manifest format, or gzip");
            return;
        }
        formatError.set("");
        workspace.batch(() -> {
            workspace.compressionProperty().set(Choice.parse(Compression.class, "Compression", compression.get()));
            workspace.manifestFormatProperty().set(Choice.parse(ManifestFormat.class, "Manifest format",
                    manifestFormat.get()));
            workspace.createdProperty().set(created.get().time);
        });
    }

    /** Checks every field on its own; when all are valid the config and tag go to the workspace. */
    public boolean validate() {
        String t = text.get(Field.TAG).get().strip();
        set(Field.TAG, t.isEmpty() || REFERENCE.matcher(t).matches() ? ""
                : "'" + t + "' is not an image name: use lower-case NAME or NAME:TAG, e.g. hello:1.0");
        set(Field.ENTRYPOINT, check(() -> Args.split(text.get(Field.ENTRYPOINT).get())));
        set(Field.CMD, check(() -> Args.split(text.get(Field.CMD).get())));
        set(Field.ENV, check(() -> ImageConfig.empty().withEnv(lines(text.get(Field.ENV).get()))));
        set(Field.WORKDIR, check(() -> ImageConfig.empty().withWorkingDir(text.get(Field.WORKDIR).get())));
        set(Field.USER, check(() -> ImageConfig.empty().withUser(text.get(Field.USER).get())));
        set(Field.PORTS, check(() -> ImageConfig.empty().withExposedPorts(splitList(text.get(Field.PORTS).get()))));
        set(Field.LABELS, check(() -> ImageConfig.empty().withLabels(labelsOf(text.get(Field.LABELS).get()))));
        String first = errors.values().stream().map(ReadOnlyStringWrapper::get).filter(e -> !e.isEmpty()).findFirst()
                .orElse("");
        error.set(first);
        boolean configValid = errors.entrySet().stream()
                .filter(e -> e.getKey() != Field.TAG).allMatch(e -> e.getValue().get().isEmpty());
        if (configValid) {
            ImageConfig c = build();
            loading = true;
            try {
                workspace.batch(() -> {
                    workspace.configProperty().set(c);
                    if (errors.get(Field.TAG).get().isEmpty()) {
                        workspace.tagProperty().set(t);
                    }
                });
            } finally {
                loading = false;
            }
        } else if (errors.get(Field.TAG).get().isEmpty() && !t.equals(workspace.tagProperty().get())) {
            loading = true;
            try {
                workspace.tagProperty().set(t);
            } finally {
                loading = false;
            }
        }
        valid.set(first.isEmpty());
        checkProgram();
        return valid.get();
    }

    private void set(Field f, String message) {
        errors.get(f).set(message);
    }

    /** Empty when {@code check} passes, else its message in the window's words. */
    private static String check(Runnable check) {
        try {
            check.run();
            return "";
        } catch (StrataException e) {
            return ErrorText.sentence(ErrorText.of(e));
        }
    }

    ImageConfig build() {
        return new ImageConfig(Args.split(text.get(Field.ENTRYPOINT).get()), Args.split(text.get(Field.CMD).get()),
                lines(text.get(Field.ENV).get()), text.get(Field.WORKDIR).get(), text.get(Field.USER).get(),
                splitList(text.get(Field.PORTS).get()), labelsOf(text.get(Field.LABELS).get()));
    }

    /**
     * Looks the program the image runs up in every layer of the image (off the FX thread: it reads
     * the store, the added files and the base image's layers, which a base brings into the cache as
     * a build would): the entrypoint's first word, else the command's, on the image's PATH. A newer
     * check does not cancel one under way (that would restart a base's download at each keystroke):
     * it waits for the base's layers with it, and only the newest check's answer is shown.
     */
    private void checkProgram() {
        Realisation r = workspace.realisationProperty().get();
        ImageConfig c = workspace.configProperty().get();
        List<String> run = !c.entrypoint().isEmpty() ? c.entrypoint() : c.cmd();
        long check = ++checks;
        if (r == null || run.isEmpty() || !errors.get(Field.ENTRYPOINT).get().isEmpty()
                || !errors.get(Field.CMD).get().isEmpty()) {
            entrypointWarning.set("");
            return;
        }
        Recipe recipe = workspace.toRecipe();
        Tasks.of(p -> workspace.pipeline().checkProgram(r, recipe, p))
                .onSuccess(result -> {
                    if (check == checks) {
                        entrypointWarning.set(result.filter(x -> !x.found()).map(this::notFound).orElse(""));
                    }
                })
                .onError(e -> {
                    if (check == checks) {
                        // Nothing was found missing: say what could not be looked at, if it was the base.
                        entrypointWarning.set(recipe.from() == null ? "" : "Could not look for " + run.get(0)
                                + " in the base image " + recipe.from() + ": " + ErrorText.sentence(e));
                    }
                })
                .start();
    }

    private String notFound(ProgramCheck check) {
        String program = check.program();
        List<String> programs = workspace.programs().values().stream().flatMap(List::stream).distinct().sorted()
                .limit(6).toList();
        return program + " is not a file in the image" + (program.startsWith("/") ? "" : " (looked for it in "
                + String.join(":", check.path()) + ")") + (check.added() || check.base() != null ? ": not in "
                + check.lookedIn() : "") + ", so the container would not start"
                + (programs.isEmpty() ? "." : "; the packages' programs are in /bin: " + String.join(", ", programs) + ".");
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isBlank()) {
                out.add(l.strip());
            }
        }
        return out;
    }

    static List<String> splitList(String text) {
        List<String> out = new ArrayList<>();
        for (String p : text.split("[,\\s]+")) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        return out;
    }

    static Map<String, String> labelsOf(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : lines(text)) {
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new StrataException("label '" + l + "' is not KEY=VALUE; write e.g. org.opencontainers.image.title=hello");
            }
            out.put(l.substring(0, eq).strip(), l.substring(eq + 1));
        }
        return out;
    }

    /** Tells the workspace which field is being typed into (one step of undo per run of typing), or null. */
    public void typingIn(Field f) {
        workspace.typingIn(f == null ? null : "config." + f.name());
    }

    public StringProperty textProperty(Field f) {
        return text.get(f);
    }

    /** What is wrong with one field, or empty. */
    public ReadOnlyStringProperty errorProperty(Field f) {
        return errors.get(f).getReadOnlyProperty();
    }

    public StringProperty tagProperty() {
        return text.get(Field.TAG);
    }

    public StringProperty entrypointProperty() {
        return text.get(Field.ENTRYPOINT);
    }

    public StringProperty cmdProperty() {
        return text.get(Field.CMD);
    }

    public StringProperty envProperty() {
        return text.get(Field.ENV);
    }

    public StringProperty workingDirProperty() {
        return text.get(Field.WORKDIR);
    }

    public StringProperty userProperty() {
        return text.get(Field.USER);
    }

    public StringProperty portsProperty() {
        return text.get(Field.PORTS);
    }

    public StringProperty labelsProperty() {
        return text.get(Field.LABELS);
    }

    /** {@code gzip}, {@code zstd} or {@code none}. */
    public StringProperty compressionProperty() {
        return compression;
    }

    /** {@code oci} or {@code docker}. */
    public StringProperty manifestFormatProperty() {
        return manifestFormat;
    }

    public ObjectProperty<Created> createdProperty() {
        return created;
    }

    /** Why the compression and manifest format do not go together, or empty. */
    public ReadOnlyStringProperty formatErrorProperty() {
        return formatError.getReadOnlyProperty();
    }

    /** The first field's error, or empty: the screen is valid when this is. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty tagErrorProperty() {
        return errors.get(Field.TAG).getReadOnlyProperty();
    }

    /** The program the image would run is not in it (once the closure is known), or empty. */
    public ReadOnlyStringProperty entrypointWarningProperty() {
        return entrypointWarning.getReadOnlyProperty();
    }

    public BooleanProperty validProperty() {
        return valid;
    }
}
