package dev.strata.gui.build;

import dev.strata.StrataException;
import dev.strata.compose.Exports;
import dev.strata.gui.common.ErrorText;
import dev.strata.gui.common.Workspace;
import dev.strata.output.daemon.DockerHost;
import java.time.Duration;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The build screen's "Load into Docker" fields: the daemon (filled with the one Strata would pick:
 * {@code DOCKER_HOST}, else the first default socket that exists) and the name the image gets,
 * which is the Image screen's tag (else {@code strata/FIRST-PACKAGE:latest}, as {@code strata load}).
 */
public final class LoadSettings {
    /** The longest a daemon may go without progress, as {@code strata load --timeout} (default 60 s). */
    static final long MAX_TIMEOUT_SECONDS = 86_400;

    private final StringProperty dockerHost = new SimpleStringProperty("");
    private final StringProperty timeoutSeconds = new SimpleStringProperty(
            String.valueOf(Exports.DEFAULT_LOAD_TIMEOUT.toSeconds()));
    private final String defaultHost;
    private final StringBinding name;
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");

    LoadSettings(Workspace workspace) {
        String d;
        try {
            d = workspace.pipeline().defaultDockerHost();
        } catch (RuntimeException e) {
            d = "";
        }
        defaultHost = d == null ? "" : d;
        dockerHost.set(defaultHost);
        name = Bindings.createStringBinding(() -> Exports.loadName(workspace.toRecipe()), workspace.tagProperty(),
                workspace.packages());
        for (Observable o : new Observable[] {dockerHost, name, timeoutSeconds}) {
            o.addListener(x -> problem.set(check()));
        }
        problem.set(check());
    }

    String check() {
        String host = dockerHost.get().strip();
        if (!host.isEmpty()) {
            try {
                DockerHost.parse(host, "The Docker host");
            } catch (StrataException e) {
                return ErrorText.of(e);
            }
        }
        if (timeout() == null) {
            return "The timeout '" + timeoutSeconds.get().strip() + "' is not a number of seconds from 1 to "
                    + MAX_TIMEOUT_SECONDS + "; enter e.g. 60.";
        }
        if (!Exports.isLoadName(name.get())) {
            return "The image name '" + name.get() + "' is not one Docker accepts; set a tag in lower case on the "
                    + "Image screen, e.g. tools/hello:1.";
        }
        return "";
    }

    /** The daemon to load into, or null to let the loader look (the field is empty or still the default). */
    String hostOrNull() {
        String host = dockerHost.get().strip();
        return host.isEmpty() || host.equals(defaultHost) ? null : host;
    }

    /** The timeout field, or null when it holds no number of seconds from 1 to a day. */
    Duration timeout() {
        try {
            long s = Long.parseLong(timeoutSeconds.get().strip());
            return s >= 1 && s <= MAX_TIMEOUT_SECONDS ? Duration.ofSeconds(s) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Seconds the daemon may go without progress (connecting, taking the image, answering) before the load stops. */
    public StringProperty timeoutSecondsProperty() {
        return timeoutSeconds;
    }

    public StringProperty dockerHostProperty() {
        return dockerHost;
    }

    /** What Strata picks when no host is given: the field's initial value. */
    public String defaultHost() {
        return defaultHost;
    }

    /** The {@code NAME:TAG} the image is loaded as. */
    public StringBinding nameBinding() {
        return name;
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
