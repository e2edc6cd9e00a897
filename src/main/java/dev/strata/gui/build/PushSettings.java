package dev.strata.gui.build;

import dev.strata.StrataException;
import dev.strata.output.registry.PushOptions;
import dev.strata.output.registry.RegistryCredential;
import dev.strata.output.registry.RegistryReference;
import dev.strata.output.registry.TlsOptions;
import dev.strata.compose.Exports;
import dev.strata.gui.common.ErrorText;
import dev.strata.gui.common.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The build screen's "Push to a registry" fields and their validation: the registry, the reference
 * ({@code REGISTRY/REPOSITORY:TAG}), extra tags, insecure, a CA certificate, and the credential —
 * Docker's config (what {@code docker login} left) or a user and password typed here.
 *
 * <p>The reference follows the image: it is the registry (a host, and a namespace if any) and the
 * Image screen's name and tag, until the user edits it ({@link #referenceEditedProperty()}); an
 * image name that holds a registry host is pushed where it says.
 *
 * <p>The password lives in this object only: it is never logged, never put in a message (the
 * pipeline names a credential by user and source), and neither recipes nor settings hold it.
 */
public final class PushSettings {
    /** How a refused or used credential is named in messages: "user 'alice' from the Build screen". */
    static final String CREDENTIAL_SOURCE = "the Build screen";

    private final StringProperty registry = new SimpleStringProperty("");
    private final StringProperty reference = new SimpleStringProperty("");
    private final BooleanProperty referenceEdited = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper derivedReference = new ReadOnlyStringWrapper("");
    private final Workspace workspace;
    private boolean deriving;
    private final StringProperty extraTags = new SimpleStringProperty("");
    private final BooleanProperty insecure = new SimpleBooleanProperty(false);
    private final StringProperty caCert = new SimpleStringProperty("");
    private final BooleanProperty useDockerConfig = new SimpleBooleanProperty(true);
    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");

    PushSettings(Workspace workspace) {
        this.workspace = workspace;
        for (Observable o : new Observable[] {reference, extraTags, insecure, caCert, useDockerConfig, username, password,
                registry}) {
            o.addListener(x -> problem.set(check()));
        }
        for (Observable o : new Observable[] {registry, workspace.tagProperty(), workspace.packages()}) {
            o.addListener(x -> derive());
        }
        reference.addListener((o, a, b) -> {
            if (!deriving) {
                referenceEdited.set(!b.strip().equals(derivedReference.get()));
            }
        });
        derive();
        problem.set(check());
    }

    /**
     * The reference from the registry and the image's name: {@code REGISTRY/NAME:TAG}, or the image's
     * name alone when it names a registry host itself; empty when there is no registry to push to.
     */
    static String derivedReference(String registry, String imageName) {
        String name = imageName.strip();
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return name;
        }
        String r = registry.strip().replaceAll("/+$", "");
        return r.isEmpty() ? "" : r + "/" + name;
    }

    private void derive() {
        derivedReference.set(derivedReference(registry.get(), Exports.loadName(workspace.toRecipe())));
        if (!referenceEdited.get()) {
            deriving = true;
            try {
                reference.set(derivedReference.get());
            } finally {
                deriving = false;
            }
        }
    }

    /** Goes back to the reference made of the registry and the image's name. */
    public void useDerivedReference() {
        referenceEdited.set(false);
        derive();
    }

    /** What is wrong with the fields, as a sentence, or empty. */
    String check() {
        String ref = reference.get().strip();
        if (ref.isEmpty()) {
            return "Enter where to push: a registry (e.g. 127.0.0.1:5000/tools), or a whole reference "
                    + "REGISTRY/REPOSITORY:TAG.";
        }
        RegistryReference target;
        try {
            target = RegistryReference.parse(ref);
            for (String t : tags()) {
                target.withTag(t);
            }
        } catch (StrataException e) {
            return ErrorText.of(e);
        }
        String ca = caCert.get().strip();
        if (!ca.isEmpty()) {
            Path p = Path.of(ca);
            if (!Files.exists(p)) {
                return "The CA certificate " + p + " does not exist; choose the registry's CA certificate (a PEM file).";
            }
            if (!Files.isRegularFile(p)) {
                return "The CA certificate " + p + " is not a file; choose the registry's CA certificate (a PEM file).";
            }
            if (!Files.isReadable(p)) {
                return "The CA certificate " + p + " cannot be read (permission denied); choose a file you may read.";
            }
        }
        if (!useDockerConfig.get()) {
            String user = username.get().strip();
            if (user.isEmpty() && password.get().isEmpty()) {
                return "Enter a user name and password (or token), or use Docker's config.";
            }
            if (user.isEmpty()) {
                return "Enter the user name that goes with the password.";
            }
            if (password.get().isEmpty()) {
                return "Enter the password (or token) for user '" + user + "', or use Docker's config.";
            }
            if (user.contains(":")) {
                return "A user name cannot contain ':'; enter the user name alone.";
            }
        }
        return "";
    }

    /** The extra tags: separated by commas or spaces. */
    List<String> tags() {
        List<String> out = new ArrayList<>();
        for (String t : extraTags.get().split("[,\\s]+")) {
            if (!t.isBlank() && !out.contains(t.strip())) {
                out.add(t.strip());
            }
        }
        return out;
    }

    /** The target; call after {@link #check()} found nothing. */
    RegistryReference target() {
        return RegistryReference.parse(reference.get().strip());
    }

    /** How to push: TLS, the credential (null: Docker's config, or none if it has nothing), extra tags. */
    PushOptions options() {
        String ca = caCert.get().strip();
        RegistryCredential credential = useDockerConfig.get() ? null
                : new RegistryCredential(username.get().strip(), password.get(), CREDENTIAL_SOURCE);
        return PushOptions.defaults()
                .withTls(new TlsOptions(insecure.get(), ca.isEmpty() ? null : Path.of(ca)))
                .withCredential(credential)
                .withExtraTags(tags());
    }

    public StringProperty referenceProperty() {
        return reference;
    }

    /** The registry's host (and port), and a namespace if any: {@code 127.0.0.1:5000/tools}. */
    public StringProperty registryProperty() {
        return registry;
    }

    /** True when the reference was typed rather than made of the registry and the image's name. */
    public BooleanProperty referenceEditedProperty() {
        return referenceEdited;
    }

    public ReadOnlyStringProperty derivedReferenceProperty() {
        return derivedReference.getReadOnlyProperty();
    }

    /** Tags stored besides the reference's own, separated by commas or spaces. */
    public StringProperty extraTagsProperty() {
        return extraTags;
    }

    public BooleanProperty insecureProperty() {
        return insecure;
    }

    /** A CA certificate file (PEM) to trust besides the system's, or empty. */
    public StringProperty caCertProperty() {
        return caCert;
    }

    /** True: the credential comes from Docker's config (docker login), or none; false: the user and password here. */
    public BooleanProperty useDockerConfigProperty() {
        return useDockerConfig;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    /** What is wrong with the fields now, as a sentence, or empty. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
