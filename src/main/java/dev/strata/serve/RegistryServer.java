package dev.strata.serve;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.strata.StrataException;
import dev.strata.nix.UnknownPackagesException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

    /** Server settings. */
    public record Options(InetSocketAddress listen, int requestThreads, int buildWorkers, int buildQueue,
                          Duration buildTimeout, Optional<Htpasswd> auth) {
        public static Options defaults(InetSocketAddress listen) {
            return new Options(listen, 16, 2, 32, Duration.ofMinutes(20), Optional.empty());
        }

        public Options withAuth(Htpasswd htpasswd) {
            return new Options(listen, requestThreads, buildWorkers, buildQueue, buildTimeout, Optional.of(htpasswd));
        }

        public Options withBuildTimeout(Duration timeout) {
            return new Options(listen, requestThreads, buildWorkers, buildQueue, timeout, auth);
        }

        public Options withBuildLimits(int workers, int queue) {
            return new Options(listen, requestThreads, workers, queue, buildTimeout, auth);
        }
    }

    private final ImageService images;
    private final Options options;
    private final HttpServer http;
    private final ExecutorService requestPool;
    private final SingleFlight<ImageRequest, ImageService.Manifests> builds;
    private final Consumer<String> log;

    private RegistryServer(ImageService images, Options options, Consumer<String> log) throws IOException {
        this.images = images;
        this.options = options;
        this.log = log;
        this.builds = new SingleFlight<>(options.buildWorkers(), options.buildQueue());
        this.http = HttpServer.create(options.listen(), 256);
        this.requestPool = Executors.newFixedThreadPool(options.requestThreads(), r -> {
            Thread t = new Thread(r, "strata-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(requestPool);
        http.createContext("/", this::handle);
    }

    public static RegistryServer start(ImageService images, Options options, Consumer<String> log) {
        try {
            RegistryServer s = new RegistryServer(images, options, log);
            s.http.start();
            return s;
        } catch (IOException e) {
            throw new StrataException("cannot listen on " + options.listen().getHostString() + ":"
                    + options.listen().getPort() + " (" + e.getMessage() + "); choose another --listen address");
        }
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    @Override
    public void close() {
        http.stop(0);
        requestPool.shutdownNow();
        builds.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            boolean head = method.equals("HEAD");
            ex.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
            if (!head && !method.equals("GET")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                error(ex, head, RegistryError.UNSUPPORTED, "this registry is read-only: " + method + " is not supported");
                return;
            }
            if (options.auth().isPresent() && !options.auth().get().allows(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"strata\"");
                error(ex, head, RegistryError.UNAUTHORIZED, "authentication required");
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            if (path.equals("/v2/") || path.equals("/v2")) {
                send(ex, head, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), null);
                return;
            }
            Matcher m = MANIFEST.matcher(path);
            if (m.matches()) {
                manifest(ex, head, m.group(1), m.group(2));
                return;
            }
            m = BLOB.matcher(path);
            if (m.matches()) {
                blob(ex, head, m.group(1), m.group(2));
                return;
            }
            error(ex, head, RegistryError.NAME_UNKNOWN, "no such endpoint: " + path);
        } catch (ImageRequest.InvalidName e) {
            error(ex, ex.getRequestMethod().equals("HEAD"), e.code(), e.getMessage());
        } catch (IOException e) {
            // The client went away.
        } catch (RuntimeException e) {
            log.accept("internal error serving " + ex.getRequestURI() + ": " + e);
            error(ex, ex.getRequestMethod().equals("HEAD"), RegistryError.UNKNOWN, "internal error: " + e.getMessage());
        }
    }

    private void manifest(HttpExchange ex, boolean head, String name, String reference) throws IOException {
        ImageRequest.validateName(name);
        if (ImageRequest.isDigest(reference)) {
            Optional<ImageService.Manifest> m = images.manifestByDigest(reference);
            if (m.isEmpty()) {
                error(ex, head, RegistryError.MANIFEST_UNKNOWN, "manifest " + reference + " is not known here");
                return;
            }
            send(ex, head, 200, m.get().mediaType(), m.get().bytes(), m.get().digest());
            return;
        }
        if (reference.startsWith("sha256:") || reference.contains(":")) {
            error(ex, head, RegistryError.DIGEST_INVALID, "'" + reference + "' is not a sha256 digest");
            return;
        }
        ImageRequest request = ImageRequest.parse(name, reference);
        ImageService.Manifests manifests;
        try {
            manifests = awaitBuild(request);
        } catch (UnknownPackagesException e) {
            error(ex, head, RegistryError.MANIFEST_UNKNOWN, e.getMessage());
            return;
        } catch (SingleFlight.Busy e) {
            ex.getResponseHeaders().set("Retry-After", "30");
            error(ex, head, RegistryError.TOOMANYREQUESTS, e.getMessage());
            return;
        } catch (TimeoutException e) {
            error(ex, head, RegistryError.UNKNOWN, "building " + name + " took longer than "
                    + options.buildTimeout().toSeconds() + " s; try again later");
            return;
        } catch (StrataException e) {
            log.accept("build of " + name + ":" + reference + " failed: " + e.getMessage());
            error(ex, head, RegistryError.MANIFEST_UNKNOWN, e.getMessage());
            return;
        }
        ImageService.Manifest chosen = prefersOci(ex.getRequestHeaders()) ? manifests.oci() : manifests.docker();
        send(ex, head, 200, chosen.mediaType(), chosen.bytes(), chosen.digest());
    }

    private ImageService.Manifests awaitBuild(ImageRequest request) throws TimeoutException {
        CompletableFuture<ImageService.Manifests> f = builds.run(request, () -> images.build(request));
        try {
            return f.get(options.buildTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            builds.cancel(request);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the server is stopping");
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
    static boolean prefersOci(Headers headers) {
        List<String> accept = headers.get("Accept");
        if (accept == null) {
            return false;
        }
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

    private void blob(HttpExchange ex, boolean head, String name, String digest) throws IOException {
        ImageRequest.validateName(name);
        if (!ImageRequest.isDigest(digest)) {
            error(ex, head, RegistryError.DIGEST_INVALID, "'" + digest + "' is not a sha256 digest");
            return;
        }
        Optional<Path> file = images.blob(digest);
        if (file.isEmpty()) {
            error(ex, head, RegistryError.BLOB_UNKNOWN, "blob " + digest + " is not known here");
            return;
        }
        long size = Files.size(file.get());
        long start = 0;
        long end = size - 1;
        int status = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null) {
            Matcher r = RANGE.matcher(range.strip());
            boolean ok = r.matches() && !(r.group(1).isEmpty() && r.group(2).isEmpty());
            if (ok) {
                if (r.group(1).isEmpty()) { // suffix range: the last N bytes
                    start = Math.max(0, size - Long.parseLong(r.group(2)));
                } else {
                    start = Long.parseLong(r.group(1));
                    end = r.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(r.group(2)));
                }
                ok = start <= end && start < size;
            }
            if (!ok) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
                error(ex, head, RegistryError.RANGE_INVALID, "range '" + range + "' is not satisfiable for "
                        + size + " bytes");
                return;
            }
            status = 206;
            ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + size);
        }
        long length = end - start + 1;
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", "application/octet-stream");
        h.set("Docker-Content-Digest", digest);
        h.set("Accept-Ranges", "bytes");
        h.set("Etag", "\"" + digest + "\"");
        if (head) {
            h.set("Content-Length", Long.toString(length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, length);
        try (InputStream in = Files.newInputStream(file.get()); OutputStream out = ex.getResponseBody()) {
            in.skipNBytes(start);
            byte[] buf = new byte[1 << 16];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    private static void send(HttpExchange ex, boolean head, int status, String type, byte[] body, String digest)
            throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        if (digest != null) {
            h.set("Docker-Content-Digest", digest);
            h.set("Etag", "\"" + digest + "\"");
        }
        if (head) {
            h.set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void error(HttpExchange ex, boolean head, RegistryError code, String message) {
        try {
            send(ex, head, code.status(), "application/json", code.body(message).getBytes(StandardCharsets.UTF_8), null);
        } catch (IOException ignored) {
            // The client went away.
        }
    }
}
