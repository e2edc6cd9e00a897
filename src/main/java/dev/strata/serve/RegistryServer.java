package dev.strata.serve;

import dev.strata.Redaction;
import dev.strata.StrataException;
import dev.strata.compose.UpstreamRegistry;
import dev.strata.nix.UnknownPackagesException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read side of the registry HTTP API (distribution spec), serving images built on demand:
 * {@code GET /v2/}, {@code GET|HEAD /v2/<name>/manifests/<tag|digest>} and
 * {@code GET|HEAD /v2/<name>/blobs/<digest>} with Range support. Every answer carries
 * Content-Type, Content-Length and, for content, Docker-Content-Digest; errors are registry JSON
 * error bodies. Only GET and HEAD exist; nothing a request says can make the server write outside
 * the cache (names are validated against the grammar, digests against {@code sha256:<64 hex>}).
 */
public final class RegistryServer implements AutoCloseable {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final Pattern MANIFEST = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
    private static final Pattern BLOB = Pattern.compile("^/v2/(.+)/blobs/([^/]+)$");
    private static final Pattern TAGS = Pattern.compile("^/v2/(.+)/tags/list$");
    /** How long answers in progress may take to finish when the server stops. */
    private static final long STOP_GRACE_MILLIS = 10_000;

    /** Server settings; {@code connections} bounds client connections and their deadlines. */
    public record Options(InetSocketAddress listen, ConnectionLimits connections, int buildWorkers, int buildQueue,
                          Duration buildTimeout, Optional<Htpasswd> auth) {
        public static Options defaults(InetSocketAddress listen) {
            return new Options(listen, ConnectionLimits.DEFAULTS, 2, 32, Duration.ofMinutes(20), Optional.empty());
        }

        public Options withAuth(Htpasswd htpasswd) {
            return new Options(listen, connections, buildWorkers, buildQueue, buildTimeout, Optional.of(htpasswd));
        }

        public Options withBuildTimeout(Duration timeout) {
            return new Options(listen, connections, buildWorkers, buildQueue, timeout, auth);
        }

        public Options withBuildLimits(int workers, int queue) {
            return new Options(listen, connections, workers, queue, buildTimeout, auth);
        }

        public Options withConnections(ConnectionLimits limits) {
            return new Options(listen, limits, buildWorkers, buildQueue, buildTimeout, auth);
        }
    }

    /** The server is stopping: the request is answered 503. */
    private static final class Stopping extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private final ImageService images;
    private final Options options;
    private final HttpConnections http;
    private final SingleFlight<ImageRequest, ImageService.Manifests> builds;
    private final Consumer<String> log;
    private final CompletableFuture<Void> stopping = new CompletableFuture<>();

    private RegistryServer(ImageService images, Options options, Consumer<String> log) throws IOException {
        this.images = images;
        this.options = options;
        this.log = line -> log.accept(Redaction.text(line)); // build errors quote the source's URL
        this.builds = new SingleFlight<>(options.buildWorkers(), options.buildQueue(), options.buildTimeout(),
                request -> this.log.accept("build of " + request.name() + ":" + request.tag() + " stopped: "
                        + tookTooLong()));
        this.http = HttpConnections.start(options.listen(), options.connections(), this::handle);
    }

    public static RegistryServer start(ImageService images, Options options, Consumer<String> log) {
        try {
            return new RegistryServer(images, options, log);
        } catch (IOException e) {
            throw new StrataException("cannot listen on " + options.listen().getHostString() + ":"
                    + options.listen().getPort() + " (" + e.getMessage() + "); choose another --listen address");
        }
    }

    public InetSocketAddress address() {
        return http.address();
    }

    /** Client connections open now. */
    int openConnections() {
        return http.openConnections();
    }

    /**
     * Stops: no new connections, idle ones closed, requests waiting for a build answered 503 and
     * the builds stopped; answers already being sent get up to 10 s to finish.
     */
    @Override
    public void close() {
        if (stopping.isDone()) {
            return;
        }
        http.stop();
        stopping.complete(null);
        builds.close();
        http.drain(STOP_GRACE_MILLIS);
    }

    /** What a pull whose build hit {@code --build-timeout} is told. */
    private String tookTooLong() {
        return "the image build took longer than --build-timeout " + options.buildTimeout().toSeconds()
                + "s; Nix keeps the packages it finished, so pulling again continues from there";
    }

    private void handle(HttpConnections.Request req, HttpConnections.Response res) throws IOException {
        try {
            String method = req.method();
            res.header("Docker-Distribution-API-Version", "registry/2.0");
            if (!method.equals("HEAD") && !method.equals("GET")) {
                res.header("Allow", "GET, HEAD");
                error(res, RegistryError.UNSUPPORTED, "this registry is read-only: " + method + " is not supported");
                return;
            }
            if (options.auth().isPresent() && !options.auth().get().allows(req.header("Authorization"))) {
                res.header("WWW-Authenticate", "Basic realm=\"strata\"");
                error(res, RegistryError.UNAUTHORIZED, "authentication required");
                return;
            }
            String path = req.path();
            if (path.equals("/v2/") || path.equals("/v2")) {
                res.send(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Matcher m = MANIFEST.matcher(path);
            if (m.matches()) {
                manifest(req, res, m.group(1), m.group(2));
                return;
            }
            m = BLOB.matcher(path);
            if (m.matches()) {
                blob(req, res, m.group(1), m.group(2));
                return;
            }
            m = TAGS.matcher(path);
            if (m.matches()) {
                ImageRequest.validateName(m.group(1));
                res.send(200, "application/json", ("{\"name\":" + RegistryError.quote(m.group(1))
                        + ",\"tags\":[\"latest\"]}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            error(res, RegistryError.NAME_UNKNOWN, "no such endpoint: " + path);
        } catch (ImageRequest.InvalidName e) {
            error(res, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            log.accept("internal error serving " + req.path() + ": " + e);
            if (!res.sent()) {
                error(res, RegistryError.UNKNOWN, "internal error: " + e.getMessage());
            }
        }
    }

    private void manifest(HttpConnections.Request req, HttpConnections.Response res, String name, String reference)
            throws IOException {
        ImageRequest.validateName(name);
        if (ImageRequest.isDigest(reference)) {
            Optional<ImageService.Manifest> m = images.manifestByDigest(name, reference);
            if (m.isEmpty()) {
                error(res, RegistryError.MANIFEST_UNKNOWN, "manifest " + reference + " is not known here");
                return;
            }
            sendContent(res, m.get());
            return;
        }
        if (reference.startsWith("sha256:") || reference.contains(":")) {
            error(res, RegistryError.DIGEST_INVALID, "'" + reference + "' is not a sha256 digest");
            return;
        }
        ImageRequest request = ImageRequest.parse(name, reference);
        ImageService.Manifests manifests;
        try {
            manifests = awaitBuild(request);
        } catch (UnknownPackagesException e) {
            error(res, RegistryError.MANIFEST_UNKNOWN, e.getMessage());
            return;
        } catch (SingleFlight.Busy e) {
            res.header("Retry-After", "30");
            error(res, RegistryError.TOOMANYREQUESTS, e.getMessage());
            return;
        } catch (SingleFlight.TimedOut e) {
            // 504: the build behind this gateway did not answer in time. (Docker shows only the
            // status of a 5xx answer; curl, skopeo's debug output and the server log show the message.)
            error(res, RegistryError.UNKNOWN, 504, tookTooLong());
            return;
        } catch (Stopping e) {
            res.header("Connection", "close");
            error(res, RegistryError.UNAVAILABLE, HttpConnections.STOPPING);
            return;
        } catch (UpstreamRegistry.Refused e) {
            // 502: the store behind this gateway did not take the image; the client gets its reason.
            log.accept("build of " + name + ":" + reference + " was not stored: " + e.getMessage());
            error(res, RegistryError.UNKNOWN, 502, e.getMessage());
            return;
        } catch (StrataException e) {
            log.accept("build of " + name + ":" + reference + " failed: " + e.getMessage());
            error(res, RegistryError.MANIFEST_UNKNOWN, e.getMessage());
            return;
        }
        ImageService.Manifest chosen = prefersOci(req.headers("Accept")) ? manifests.oci() : manifests.docker();
        sendContent(res, chosen);
    }

    /** The image's manifests, waiting for its build (shared, bounded, timed out by the SingleFlight) or the stop. */
    private ImageService.Manifests awaitBuild(ImageRequest request) {
        Optional<ImageService.Manifests> cached = images.cached(request);
        if (cached.isPresent()) {
            return cached.get();
        }
        CompletableFuture<ImageService.Manifests> f = builds.run(request, () -> images.build(request));
        try {
            CompletableFuture.anyOf(f, stopping).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopping();
        } catch (ExecutionException e) {
            // f failed: its cause is thrown below, unless the server is stopping
        }
        if (stopping.isDone()) {
            throw new Stopping();
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopping();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new StrataException("the build failed: " + cause);
        }
    }

    /**
     * Content negotiation: the first manifest type the client lists that we serve wins; with no
     * Accept header (or only wildcards) Docker schema 2, which every client understands.
     */
    static boolean prefersOci(List<String> accept) {
        for (String header : accept) {
            for (String part : header.split(",")) {
                String type = part.split(";")[0].strip();
                if (type.equals(OCI_MANIFEST)) {
                    return true;
                }
                if (type.equals(DOCKER_MANIFEST)) {
                    return false;
                }
            }
        }
        return false;
    }

    private void blob(HttpConnections.Request req, HttpConnections.Response res, String name, String digest)
            throws IOException {
        ImageRequest.validateName(name);
        if (!ImageRequest.isDigest(digest)) {
            error(res, RegistryError.DIGEST_INVALID, "'" + digest + "' is not a sha256 digest");
            return;
        }
        Optional<URI> elsewhere = images.blobElsewhere(name, digest);
        if (elsewhere.isPresent()) {
            // 307, not 302/303: the method (HEAD stays HEAD) is kept. The URL carries no credential:
            // the store's readers need none (see UpstreamRegistry#redirects).
            res.header("Location", elsewhere.get().toString());
            res.header("Docker-Content-Digest", digest);
            res.send(307, "text/plain", new byte[0]);
            return;
        }
        Optional<Path> file = images.blob(digest);
        if (file.isEmpty()) {
            error(res, RegistryError.BLOB_UNKNOWN, "blob " + digest + " is not known here");
            return;
        }
        sendBlob(req, res, digest, file.get());
    }

    /**
     * Sends a blob from a local file, whole or the part a Range header asks for. (A blob held
     * elsewhere is answered with a redirect instead, before this.)
     */
    private static void sendBlob(HttpConnections.Request req, HttpConnections.Response res, String digest, Path file)
            throws IOException {
        long size = Files.size(file);
        String etag = "\"" + digest + "\"";
        ByteRange range = ByteRange.of(req.header("Range"), req.header("If-Range"), etag, size);
        if (range instanceof ByteRange.Unsatisfiable) {
            res.header("Content-Range", "bytes */" + size);
            error(res, RegistryError.RANGE_INVALID, "range '" + req.header("Range") + "' is not satisfiable for "
                    + size + " bytes");
            return;
        }
        res.header("Docker-Content-Digest", digest);
        res.header("Accept-Ranges", "bytes");
        res.header("Etag", etag);
        if (range instanceof ByteRange.Part part) {
            res.header("Content-Range", "bytes " + part.first() + "-" + part.last() + "/" + size);
            res.sendFile(206, "application/octet-stream", file, part.first(), part.length());
        } else {
            res.sendFile(200, "application/octet-stream", file, 0, size);
        }
    }

    private static void sendContent(HttpConnections.Response res, ImageService.Manifest m) throws IOException {
        res.header("Docker-Content-Digest", m.digest());
        res.header("Etag", "\"" + m.digest() + "\"");
        res.send(200, m.mediaType(), m.bytes());
    }

    private static void error(HttpConnections.Response res, RegistryError code, String message) {
        error(res, code, code.status(), message);
    }

    private static void error(HttpConnections.Response res, RegistryError code, int status, String message) {
        try {
            // Anonymous clients read this: no credential of the source's URL may be in it.
            res.send(status, "application/json", code.body(Redaction.text(message)).getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // The client went away.
        }
    }
}
