package dev.strata.output.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import dev.strata.StrataException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the credential for a registry, first match wins: {@code --creds USER:PASS} or
 * {@code --creds-stdin}; the Docker config ({@code $DOCKER_CONFIG/config.json}, else
 * {@code ~/.docker/config.json}) with its {@code auths}, {@code credsStore} and {@code credHelpers},
 * read by Jib Core's retrievers; Jib's well-known helpers (gcr, ecr); else anonymous.
 */
public final class CredentialResolver {
    /** Registries Jib knows a credential helper for without any config (gcr, ecr). */
    private static final List<String> WELL_KNOWN_HELPER_REGISTRIES = List.of("gcr.io", "amazonaws.com");

    private final Map<String, String> env;
    private final Path home;

    public CredentialResolver(Map<String, String> env, Path home) {
        this.env = Map.copyOf(env);
        this.home = home;
    }

    public static CredentialResolver fromEnvironment() {
        return new CredentialResolver(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public Path dockerConfigFile() {
        String dir = env.get("DOCKER_CONFIG");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir, "config.json");
        }
        return home.resolve(".docker").resolve("config.json");
    }

    /** The explicit credential when given, else what the Docker config holds for the registry, else anonymous. */
    public RegistryCredential resolve(RegistryReference ref, RegistryCredential explicit) {
        if (explicit != null && !explicit.isAnonymous()) {
            return explicit;
        }
        Path config = dockerConfigFile();
        boolean haveConfig = Files.isRegularFile(config);
        boolean wellKnown = WELL_KNOWN_HELPER_REGISTRIES.stream().anyMatch(ref.registry()::endsWith);
        if (!haveConfig && !wellKnown) {
            // Nothing to ask: skip loading Jib's retrievers (and Google's auth library) at all.
            return RegistryCredential.anonymous("no --creds given and no Docker config at " + config);
        }
        CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(ref.toImageReference(),
                CredentialResolver::ignore, env);
        List<Retriever> retrievers = new ArrayList<>();
        if (haveConfig) {
            retrievers.add(new Retriever(factory.dockerConfig(config), "the Docker config " + config));
        }
        if (wellKnown) {
            retrievers.add(new Retriever(factory.wellKnownCredentialHelpers(), "a well-known credential helper"));
        }
        for (Retriever r : retrievers) {
            try {
                Optional<Credential> found = r.retriever.retrieve();
                if (found.isPresent()) {
                    return new RegistryCredential(found.get().getUsername(), found.get().getPassword(), r.source);
                }
            } catch (CredentialRetrievalException e) {
                throw new StrataException("could not read the credential for " + ref.registry() + " from " + r.source
                        + " (" + rootMessage(e) + "); fix the Docker config or its credential helper, or give --creds");
            }
        }
        return RegistryCredential.anonymous("no --creds given and none for " + ref.registry() + " in " + config);
    }

    /** {@code USER:PASS} as given to {@code --creds}. */
    public static RegistryCredential parseCreds(String userColonSecret, String source) {
        int colon = userColonSecret == null ? -1 : userColonSecret.indexOf(':');
        if (colon <= 0) {
            // Never echo the value: it may be a password typed without the user part.
            throw new StrataException(source + " needs USER:PASSWORD (a user name, a colon, then the password or token)");
        }
        return new RegistryCredential(userColonSecret.substring(0, colon), userColonSecret.substring(colon + 1), source);
    }

    /** {@code USER:PASS} on the first line of standard input ({@code --creds-stdin}). */
    public static RegistryCredential readCreds(InputStream in) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = reader.readLine();
            if (line == null || line.isBlank()) {
                throw new StrataException("--creds-stdin read nothing; pipe USER:PASSWORD into strata, "
                        + "e.g. printf '%s:%s' \"$USER\" \"$TOKEN\" | strata push ... --creds-stdin");
            }
            return parseCreds(line.strip(), "--creds-stdin");
        } catch (IOException e) {
            throw new StrataException("could not read --creds-stdin: " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static void ignore(LogEvent event) {
        // Jib's log lines name config files and helpers; our errors say the same in one sentence.
    }

    private record Retriever(CredentialRetriever retriever, String source) {}
}
