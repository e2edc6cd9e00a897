package dev.strata.gui.config;

import dev.strata.StrataException;
import dev.strata.gui.common.Workspace;
import dev.strata.image.ImageConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The image settings screen: name and tag, entrypoint, command, environment, working directory,
 * user, exposed ports and labels, as text fields. Every edit is validated at once by building an
 * {@link ImageConfig} (the same validation the CLI gets); a valid config goes to the workspace,
 * an invalid one leaves the workspace's last valid config and shows the reason.
 */
public final class ConfigViewModel {
    /** {@code name[:tag]} with a registry host and path allowed: lower case, as registries require. */
    static final Pattern REFERENCE = Pattern.compile(
            "([a-z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?");

    private final Workspace workspace;
    private final StringProperty tag = new SimpleStringProperty("");
    private final StringProperty entrypoint = new SimpleStringProperty("");
    private final StringProperty cmd = new SimpleStringProperty("");
    private final StringProperty env = new SimpleStringProperty("");
    private final StringProperty workingDir = new SimpleStringProperty("");
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty ports = new SimpleStringProperty("");
    private final StringProperty labels = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper tagError = new ReadOnlyStringWrapper("");
    private final BooleanProperty valid = new SimpleBooleanProperty(true);
    private boolean loading;

    public ConfigViewModel(Workspace workspace) {
        this.workspace = workspace;
        load();
        workspace.configProperty().addListener((o, a, b) -> {
            if (!loading && b != null && !b.equals(current())) {
                load();
            }
        });
        workspace.tagProperty().addListener((o, a, b) -> {
            if (!loading && !tag.get().strip().equals(b == null ? "" : b)) {
                loading = true;
                tag.set(b == null ? "" : b);
                loading = false;
            }
        });
        for (Observable o : new Observable[] {tag, entrypoint, cmd, env, workingDir, user, ports, labels}) {
            o.addListener(x -> {
                if (!loading) {
                    validate();
                }
            });
        }
    }

    private ImageConfig current() {
        try {
            return build();
        } catch (StrataException e) {
            return null;
        }
    }

    /** Shows the workspace's config in the fields. */
    public void load() {
        loading = true;
        try {
            ImageConfig c = workspace.configProperty().get();
            tag.set(workspace.tagProperty().get() == null ? "" : workspace.tagProperty().get());
            entrypoint.set(Args.join(c.entrypoint()));
            cmd.set(Args.join(c.cmd()));
            env.set(String.join("\n", c.env().stream().filter(e -> !e.equals(ImageConfig.DEFAULT_PATH)).toList()));
            workingDir.set(c.workingDir());
            user.set(c.user());
            ports.set(String.join(", ", c.exposedPorts()));
            StringBuilder l = new StringBuilder();
            c.labels().forEach((k, v) -> l.append(l.length() == 0 ? "" : "\n").append(k).append('=').append(v));
            labels.set(l.toString());
        } finally {
            loading = false;
        }
        validate();
    }

    /** Checks every field; a valid config and tag go to the workspace. */
    public boolean validate() {
        String t = tag.get().strip();
        tagError.set(t.isEmpty() || REFERENCE.matcher(t).matches() ? ""
                : "'" + t + "' is not an image name; use lower-case NAME or NAME:TAG, e.g. hello:1.0 or registry.local:5000/team/app:v2");
        try {
            ImageConfig c = build();
            error.set("");
            loading = true;
            try {
                workspace.configProperty().set(c);
                if (tagError.get().isEmpty()) {
                    workspace.tagProperty().set(t);
                }
            } finally {
                loading = false;
            }
        } catch (StrataException e) {
            error.set(e.getMessage());
        }
        valid.set(error.get().isEmpty() && tagError.get().isEmpty());
        return valid.get();
    }

    ImageConfig build() {
        return new ImageConfig(Args.split(entrypoint.get()), Args.split(cmd.get()), lines(env.get()),
                workingDir.get(), user.get(), splitList(ports.get()), labelsOf(labels.get()));
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

    public StringProperty tagProperty() {
        return tag;
    }

    public StringProperty entrypointProperty() {
        return entrypoint;
    }

    public StringProperty cmdProperty() {
        return cmd;
    }

    public StringProperty envProperty() {
        return env;
    }

    public StringProperty workingDirProperty() {
        return workingDir;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty portsProperty() {
        return ports;
    }

    public StringProperty labelsProperty() {
        return labels;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty tagErrorProperty() {
        return tagError.getReadOnlyProperty();
    }

    public BooleanProperty validProperty() {
        return valid;
    }
}
