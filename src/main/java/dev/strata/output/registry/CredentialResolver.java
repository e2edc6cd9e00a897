package dev.strata.output.registry;

import dev.strata.StrataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the credential for a registry, first match wins: {@code --creds USER:PASS} or
 * {@code --creds-stdin}; the Docker config ({@code $DOCKER_CONFIG/config.json}, else
 * {@code ~/.docker/config.json}): its credential helper for the registry ({@code credHelpers},
 * else {@code credsStore}) when it names one, as Docker does, else its {@code auths}
 * ({@link DockerConfig}); an installed well-known helper (gcr, ecr); else anonymous. A helper the
 * config names but that is missing is an error, as in Docker, not a silent anonymous push.
 */
public final class CredentialResolver {
    /** Registries with a credential helper people install without configuring it (as Jib knows them). */
    private static final Map<String, String> WELL_KNOWN_HELPERS = Map.of("gcr.io", "gcr", "amazonaws.com", "ecr-login");
    /** How long a credential helper may take when no push timeout is given. */
    static final Duration HELPER_TIMEOUT = Duration.ofSeconds(60);

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
            try {
                return Path.of(dir, "config.json");
            } catch (InvalidPathException e) {
                throw new StrataException("DOCKER_CONFIG '" + dir + "' is not a directory path (" + e.getReason()
                        + "); set it to the directory of your config.json, or unset it");
            }
        }
        return home.resolve(".docker").resolve("config.json");
    }

    /** The explicit credential when given, else what the Docker config holds for the registry, else anonymous. */
    public RegistryCredential resolve(RegistryReference ref, RegistryCredential explicit) {
        return resolve(ref, explicit, HELPER_TIMEOUT);
    }

    /**
     * As {@link #resolve(RegistryReference, RegistryCredential)}, giving a credential helper at most
     * {@code helperTimeout} to answer.
     */
    public RegistryCredential resolve(RegistryReference ref, RegistryCredential explicit, Duration helperTimeout) {
        if (explicit != null && !explicit.isAnonymous()) {
            return explicit;
        }
        Path file = dockerConfigFile();
        Optional<DockerConfig> config = DockerConfig.read(file);
        String source = "the Docker config " + file;
        if (config.isPresent()) {
            Optional<String> helperName = config.get().helperFor(ref.registry());
            if (helperName.isPresent()) {
                CredentialHelper helper = new CredentialHelper(helperName.get(), env, helperTimeout);
                Path executable = helper.find().orElseThrow(() -> new StrataException("the Docker config " + file
                        + " names the credential helper '" + helperName.get() + "' for " + ref.registry() + ", but "
                        + helper.program() + " is not on PATH; install it, remove it from \"credsStore\" or "
                        + "\"credHelpers\" there, or give --creds"));
                return helper.get(executable, DockerConfig.serverUrl(ref.registry()), ref.registry(), source)
                        .orElse(RegistryCredential.anonymous("no --creds given and " + helper.program()
                                + " holds none for " + ref.registry()));
            }
            Optional<DockerConfig.Login> login = config.get().loginFor(ref.registry());
            if (login.isPresent()) {
                return new RegistryCredential(login.get().username(), login.get().secret(), source);
            }
        }
        for (Map.Entry<String, String> known : WELL_KNOWN_HELPERS.entrySet()) {
            if (ref.registry().endsWith(known.getKey())) {
                CredentialHelper helper = new CredentialHelper(known.getValue(), env, helperTimeout);
                Optional<Path> executable = helper.find(); // not configured: used only when installed
                if (executable.isPresent()) {
                    Optional<RegistryCredential> found = helper.get(executable.get(),
                            DockerConfig.serverUrl(ref.registry()), ref.registry(), "the credential helper "
                                    + helper.program());
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
        }
        return RegistryCredential.anonymous(config.isPresent()
                ? "no --creds given and none for " + ref.registry() + " in " + file
                : "no --creds given and no Docker config at " + file);
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

    /** The longest first line {@code --creds-stdin} reads: far beyond any user name and token. */
    static final int MAX_STDIN_LINE = 64 * 1024;

    /** {@code USER:PASS} on the first line of standard input ({@code --creds-stdin}). */
    public static RegistryCredential readCreds(InputStream in) {
        try {
            // The first line, read byte by byte up to a bound: a stream without a newline (< /dev/zero)
            // must not fill the heap, and a terminal or an open pipe must not be waited on past the line.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n' && bytes.size() <= MAX_STDIN_LINE) {
                bytes.write(b);
            }
            String line = b < 0 && bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
            if (bytes.size() > MAX_STDIN_LINE) {
                throw new StrataException("--creds-stdin read more than " + MAX_STDIN_LINE + " bytes without a line end; "
                        + "pipe one line USER:PASSWORD into strata, e.g. printf '%s:%s' \"$USER\" \"$TOKEN\" | strata push ... "
                        + "--creds-stdin");
            }
            if (line == null || line.isBlank()) {
                throw new StrataException("--creds-stdin read nothing; pipe USER:PASSWORD into strata, "
                        + "e.g. printf '%s:%s' \"$USER\" \"$TOKEN\" | strata push ... --creds-stdin");
            }
            return parseCreds(line.strip(), "--creds-stdin");
        } catch (IOException e) {
            throw new StrataException("could not read --creds-stdin: " + e.getMessage());
        }
    }

}
