package dev.strata.compose;

import dev.strata.BoundedHttp;
import dev.strata.Redaction;
import dev.strata.StrataException;
import dev.strata.image.BuiltImage;
import dev.strata.output.TransferListener;
import dev.strata.output.registry.CredentialResolver;
import dev.strata.output.registry.ManifestPuller;
import dev.strata.output.registry.PushOptions;
import dev.strata.output.registry.PushedBlobIndex;
import dev.strata.output.registry.RegistryClient;
import dev.strata.output.registry.RegistryCredential;
import dev.strata.output.registry.RegistryException;
import dev.strata.output.registry.RegistryPusher;
import dev.strata.output.registry.RegistryReference;
import dev.strata.output.registry.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A standard registry that stores and serves what {@code strata serve --upstream URL} builds:
 * Strata builds, the registry keeps the blobs (and serves them, or redirects once more to its
 * storage). Each image name gets a repository under the URL's path ({@code http://host:5000/nix}
 * and {@code shell/hello} give {@code nix/shell/hello}); a built image goes there with both its
 * manifests (each under its digest, the Docker one also under the request's tag) and its blobs,
 * mounted from another repository where this server pushed them before. Two servers pushing the
 * same image send the same bytes: every step is idempotent.
 *
 * <p>The registry is outside Strata's control: every exchange is bounded (the pusher's and
 * puller's {@link dev.strata.BoundedHttp} deadlines and caps), a manifest read back must hash to
 * the digest asked for, a push the registry reports under another digest fails, and the
 * credential (from {@code --upstream-creds-file} or the Docker config) is never printed; URLs
 * with credentials in them are refused, so a redirect to the registry never carries one.
 */
public final class UpstreamRegistry {
    /** Repository path components as the distribution grammar allows them. */
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    /** A credentials file holds one line; anything larger is not one. */
    private static final long MAX_CREDS_FILE = 64 << 10;
    /** The manifest types Strata serves. */
    private static final Set<String> MANIFEST_TYPES = Set.of("application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private final URI base;
    private final String registry;
    private final String prefix;
    private final PushOptions options;
    private final RegistryPusher pusher;
    private final RegistryCredential credential;
    private final Consumer<String> warnings;
    private volatile RegistryClient reader;
    private volatile boolean redirects;

    private UpstreamRegistry(URI base, String registry, String prefix, PushOptions options, PushedBlobIndex index,
                             CredentialResolver credentials, Consumer<String> warnings) {
        this.base = base;
        this.registry = registry;
        this.prefix = prefix;
        this.options = options;
        this.credential = credentials.resolve(reference(""), options.explicitCredential(), options.timeout());
        Set<String> said = ConcurrentHashMap.newKeySet();
        // Once per sentence: the plain-HTTP warning would otherwise repeat at every build. The
        // pusher says "--insecure" where an http:// upstream URL was the user's choice.
        this.warnings = w -> {
            if (said.add(w)) {
                warnings.accept(w.replace("--insecure: ", "--upstream: "));
            }
        };
        this.pusher = new RegistryPusher(index, credentials, this.warnings);
    }

    /**
     * Checks the settings and contacts the registry ({@code GET /v2/}, within {@code timeout}).
     *
     * @param url {@code http(s)://HOST[:PORT][/PREFIX]}
     * @param caCert {@code --upstream-ca-cert}, or null
     * @param credsFile {@code --upstream-creds-file} (USER:PASSWORD on its first line), or null for the Docker config
     * @param warnings sentences for the server log (plain HTTP with a credential, ...)
     */
    public static UpstreamRegistry open(String url, Path caCert, Path credsFile, Composer composer, Duration timeout,
                                        Consumer<String> warnings) {
        URI uri = BoundedHttp.httpUrl(url, "--upstream");
        if (uri.getRawUserInfo() != null) {
            throw new StrataException("--upstream " + Redaction.value(url) + " holds credentials; put USER:PASSWORD "
                    + "in a file and give --upstream-creds-file FILE (redirects to the registry must carry none)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new StrataException("--upstream " + Redaction.value(url) + " has a query or fragment; write "
                    + "http(s)://HOST:PORT/PREFIX, e.g. http://127.0.0.1:5000/nix");
        }
        String prefix = prefix(uri.getPath(), url);
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        if (caCert != null && !https) {
            throw new StrataException("--upstream-ca-cert is for an https:// upstream, and " + Redaction.value(url)
                    + " is plain http; drop the option or use https://");
        }
        TlsOptions tls = new TlsOptions(!https, caCert);
        try {
            tls.check();
        } catch (StrataException e) {
            // TlsOptions speaks of push's --ca-cert; here the option has another name.
            throw new StrataException(e.getMessage().replace("--ca-cert ", "--upstream-ca-cert "), e);
        }
        RegistryCredential credential = credsFile == null ? null : readCreds(credsFile);
        String registry = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        URI base = URI.create(uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + registry);
        PushOptions options = PushOptions.defaults().withTls(tls).withCredential(credential).withTimeout(timeout);
        UpstreamRegistry upstream = new UpstreamRegistry(base, registry, prefix, options,
                new PushedBlobIndex(composer.cacheDir().resolve("pushed-blobs")), CredentialResolver.fromEnvironment(),
                warnings);
        upstream.checkReads();
        return upstream;
    }

    private static String prefix(String path, String url) {
        String p = path == null ? "" : path.replaceAll("^/+|/+$", "");
        if (p.isEmpty()) {
            return "";
        }
        for (String part : p.split("/", -1)) {
            if (!COMPONENT.matcher(part).matches()) {
                throw new StrataException("--upstream " + Redaction.value(url) + " has the path '" + p + "', which is "
                        + "not a repository prefix; use lowercase letters, digits and . _ - between '/', e.g. /nix");
            }
        }
        return p;
    }

    /** USER:PASSWORD on the file's first line; the file is read by size first, its content never quoted. */
    static RegistryCredential readCreds(Path file) {
        String source = "--upstream-creds-file " + file;
        try {
            if (!Files.isRegularFile(file)) {
                throw new StrataException(source + (Files.exists(file) ? " is not a file" : " does not exist")
                        + "; write USER:PASSWORD on its first line");
            }
            if (Files.size(file) > MAX_CREDS_FILE) {
                throw new StrataException(source + " is " + Files.size(file) + " bytes, too large for USER:PASSWORD; "
                        + "give a file with one line");
            }
            String text;
            try (InputStream in = Files.newInputStream(file)) {
                text = new String(in.readNBytes((int) MAX_CREDS_FILE), StandardCharsets.UTF_8);
            }
            String line = text.lines().findFirst().orElse("").strip();
            if (line.isEmpty()) {
                throw new StrataException(source + " is empty; write USER:PASSWORD on its first line");
            }
            return CredentialResolver.parseCreds(line, source);
        } catch (IOException e) {
            throw new StrataException(source + " cannot be read (" + e.getMessage() + "); give a file you may read");
        }
    }

    /**
     * Asks {@code GET /v2/} without a credential whether anyone may read: only then can a client
     * be redirected here for blobs (a client sends the registry no credential of its own after a
     * redirect to another host).
     */
    private void checkReads() {
        RegistryClient anonymous = RegistryClient.connect(reference(""), RegistryCredential.anonymous(),
                options.tls(), options.timeout(), options.retry(), warnings, "--upstream-timeout");
        redirects = !anonymous.asksForCredentials();
    }

    /** True when clients may be sent to the registry for blobs; false when it wants a credential to read. */
    public boolean redirects() {
        return redirects;
    }

    /** {@code http(s)://HOST:PORT/PREFIX}, for messages: no credential is ever part of it. */
    public String describe() {
        return base + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** The repository an image name is stored in: {@code PREFIX/NAME}. */
    public String repository(String imageName) {
        return prefix.isEmpty() ? imageName : prefix + "/" + imageName;
    }

    /** Where a client gets a blob: the registry's blob URL in the image's repository. */
    public URI blobUrl(String imageName, String digest) {
        return base.resolve("/v2/" + repository(imageName) + "/blobs/" + digest);
    }

    /** Thrown when the registry does not take an image; the message is the registry's reason. */
    public static final class Refused extends StrataException {
        private static final long serialVersionUID = 1L;

        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Stores an image (both manifests, over the same blobs) under {@code imageName}: blobs first,
     * each manifest under its digest, the Docker one also under {@code tag}.
     *
     * @throws Refused when the registry fails or refuses any step
     */
    public void publish(String imageName, String tag, BuiltImage oci, BuiltImage docker) {
        try {
            RegistryReference target = reference(imageName).withTag(tag);
            pusher.pushExact(List.of(Exports.pushable(docker), Exports.pushable(oci)), target,
                    options.withCredential(credential), TransferListener.NONE);
        } catch (RegistryException e) {
            throw new Refused("the upstream registry " + describe() + " did not take the image: " + e.getMessage(), e);
        }
    }

    /**
     * The manifest {@code digest} from the image's repository, checked: its bytes hash to the
     * digest and it is an OCI or Docker image manifest. Empty when the registry does not hold it.
     */
    public Optional<ManifestPuller.Pulled> manifest(String imageName, String digest) {
        try {
            return new ManifestPuller(reader()).pull(repository(imageName), digest, MANIFEST_TYPES);
        } catch (RegistryException e) {
            warnings.accept("the upstream registry " + describe() + " did not give manifest " + digest + ": "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    /** One connection (and token) for reads, made when first needed and kept. */
    private RegistryClient reader() {
        RegistryClient r = reader;
        if (r == null) {
            r = RegistryClient.connect(reference(""), credential, options.tls(), options.timeout(), options.retry(),
                    warnings, "--upstream-timeout");
            reader = r;
        }
        return r;
    }

    private RegistryReference reference(String imageName) {
        String repository = repository(imageName);
        return new RegistryReference(registry, repository.isEmpty() ? "library" : repository, "latest");
    }
}
