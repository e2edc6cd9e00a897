package dev.strata.output.registry;

import dev.strata.BoundedHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The HTTP side of one registry: which scheme it speaks, the client (TLS as {@link TlsOptions}
 * says, for this host only), authentication on every request (a 401 fetches a new token and tries
 * once more), faults turned into {@link RegistryException}s, and bounded retries of idempotent
 * steps. Every exchange is bounded whole, answer body included ({@link BoundedHttp}). The
 * protocol steps themselves live in {@link BlobChecker}, {@link BlobMounter}, {@link BlobPusher}
 * and {@link ManifestPusher}.
 */
public final class RegistryClient {
    /**
     * The most a registry may answer to any request Strata sends (error bodies, tokens, upload
     * sessions): none needs more than a few KB, and a hostile one must not fill the heap.
     */
    static final long MAX_ANSWER = 1 << 20;

    private final RegistryReference target;
    private final URI base;
    private final HttpClient http;
    private final RegistryAuthenticator authenticator;
    private final Duration timeout;
    private final RetryPolicy retry;
    /** The command's option that gives the registry more time, named in a timeout's sentence (null: none). */
    private final String timeoutOption;
    /** {@code GET /v2/} asked for authentication (set once, when connecting). */
    private volatile boolean challenged;

    private RegistryClient(RegistryReference target, URI base, HttpClient http, RegistryAuthenticator authenticator,
                           Duration timeout, RetryPolicy retry, String timeoutOption) {
        this.timeoutOption = timeoutOption;
        this.target = target;
        this.base = base;
        this.http = http;
        this.authenticator = authenticator;
        this.timeout = timeout;
        this.retry = retry;
    }

    /**
     * Finds out how to talk to the registry of {@code target}: HTTPS (or, with {@code --insecure},
     * plain HTTP when it speaks no TLS), and which authentication {@code GET /v2/} asks for.
     *
     * @param warnings receives one sentence per risk taken (--insecure), for the user to see
     */
    public static RegistryClient connect(RegistryReference target, RegistryCredential credential, TlsOptions tls,
                                         Duration timeout, RetryPolicy retry, Consumer<String> warnings) {
        return connect(target, credential, tls, timeout, retry, warnings, "--timeout");
    }

    /**
     * As {@link #connect(RegistryReference, RegistryCredential, TlsOptions, Duration, RetryPolicy, Consumer)},
     * naming {@code timeoutOption} (null: no option, e.g. a base image's pull) when the registry is too slow.
     */
    public static RegistryClient connect(RegistryReference target, RegistryCredential credential, TlsOptions tls,
                                         Duration timeout, RetryPolicy retry, Consumer<String> warnings,
                                         String timeoutOption) {
        SSLContext registryTls = new LazySslContext(tls.insecure() ? TlsOptions::trustingAnyCertificate
                : tls::verifyingContext);
        HttpClient registryHttp = newHttpClient(registryTls, timeout);
        // A token server on another host is verified even with --insecure; its client (and the
        // system trust store, slow to load) is made only when such a realm shows up.
        Function<URI, HttpClient> clientFor = new Function<>() {
            private HttpClient other;

            @Override
            public synchronized HttpClient apply(URI uri) {
                if (!tls.insecure() || sameHost(uri, target.registry())) {
                    return registryHttp;
                }
                if (other == null) {
                    other = newHttpClient(new LazySslContext(tls::verifyingContext), timeout);
                }
                return other;
            }
        };
        boolean loopback = RegistryAuthenticator.isLoopback(hostOf(target.registry()));
        RegistryAuthenticator auth = new RegistryAuthenticator(target, credential, clientFor,
                tls.insecure(), timeout, Clock.systemUTC(), timeoutOption);
        RegistryClient client = null;
        RegistryException plainFailure = null;
        if (tls.insecure()) {
            // Plain HTTP first: a local or CI registry usually speaks it, and a TLS server answers a
            // plain request at once (400), so asking costs one round trip and skips a TLS handshake.
            RegistryClient plain = new RegistryClient(target, URI.create("http://" + target.registry()), registryHttp,
                    auth, timeout, retry, timeoutOption);
            try {
                plain.ping(false);
                client = plain;
            } catch (RegistryException e) {
                plainFailure = e;
            }
        }
        if (client == null) {
            client = new RegistryClient(target, URI.create("https://" + target.registry()), registryHttp, auth,
                    timeout, retry, timeoutOption);
            try {
                client.ping(true);
            } catch (RegistryException e) {
                if (plainFailure != null && plainFailure.status() > 0 && e.getCause() instanceof SSLException
                        && RegistryErrors.looksLikePlainHttp(e.getCause())) {
                    throw plainFailure; // it speaks plain HTTP, but not as a registry
                }
                throw e;
            }
        }
        if (tls.insecure()) {
            warnings.accept("--insecure: " + target.registry() + " is used over "
                    + (client.base.getScheme().equals("http") ? "plain HTTP" : "HTTPS without checking its certificate")
                    + "; anyone on the network path could read or change what is pushed");
        }
        if (client.base.getScheme().equals("http") && !credential.isAnonymous() && !loopback) {
            warnings.accept("--insecure: " + credential.describe() + " is sent to " + target.registry()
                    + " without encryption");
        }
        return client;
    }

    private static HttpClient newHttpClient(SSLContext tls, Duration timeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(tls)
                .sslParameters(LazySslContext.defaultParameters())
                .build();
    }

    public RegistryReference target() {
        return target;
    }

    /** {@code https://host:port} or {@code http://host:port}. */
    public URI base() {
        return base;
    }

    public RegistryCredential credential() {
        return authenticator.credential();
    }

    /**
     * True when {@code GET /v2/} asked for authentication: reading needs a credential too, so a
     * client sent here without one (e.g. by a redirect) would be refused.
     */
    public boolean asksForCredentials() {
        return challenged;
    }

    /** Tokens fetched so far (tests check refresh with it). */
    public int tokenFetches() {
        return authenticator.tokenFetches();
    }

    RetryPolicy retry() {
        return retry;
    }

    Duration timeout() {
        return timeout;
    }

    /** The URL of {@code /v2/REPOSITORY/SUFFIX}. */
    URI v2(String repository, String suffix) {
        return base.resolve("/v2/" + repository + "/" + suffix);
    }

    /**
     * A Location header made absolute against the registry. It comes from the registry, so it is
     * checked: a URL, and http(s) with a host, or the next request could not even be made.
     */
    URI resolveLocation(String location) {
        URI resolved;
        try {
            resolved = base.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            resolved = null;
        }
        if (resolved == null || resolved.getHost() == null
                || !("http".equalsIgnoreCase(resolved.getScheme()) || "https".equalsIgnoreCase(resolved.getScheme()))) {
            throw new RegistryException("the registry " + target.registry() + " sent an upload to '" + location
                    + "', which is not an http(s) URL; it does not follow the registry API", -1, false, null);
        }
        return resolved;
    }

    /** The push scope of a repository, e.g. {@code repository:tools/hello:pull,push}. */
    static String pushScope(String repository) {
        return "repository:" + repository + ":pull,push";
    }

    static String pullScope(String repository) {
        return "repository:" + repository + ":pull";
    }

    /** {@code GET /v2/}: is this a registry, and which authentication does it ask for? */
    private void ping(boolean retryFaults) {
        HttpResponse<byte[]> r = retrying("contacting it", retryFaults ? e -> { } : e -> {
            throw e;
        }, () -> {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/v2/")).timeout(timeout).GET().build();
            try {
                return BoundedHttp.send(http, request, timeout, MAX_ANSWER);
            } catch (IOException e) {
                throw RegistryErrors.forIo(e, "contacting it", target, timeout, timeoutOption);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
        });
        if (r.statusCode() == 401) {
            Optional<WwwAuthenticate> c = WwwAuthenticate.first(r.headers().allValues("WWW-Authenticate"));
            if (c.isEmpty()) {
                throw new RegistryException("the registry " + target.registry() + " asks for authentication but says "
                        + "neither Basic nor Bearer; Strata cannot log in to it", 401, false, null);
            }
            authenticator.challenge(c.get());
            challenged = true;
        } else if (r.statusCode() == 404) {
            throw new RegistryException(base + " is not a container registry (GET /v2/ answered 404); check the "
                    + "address", 404, false, null);
        } else if (r.statusCode() / 100 != 2) {
            throw RegistryErrors.forStatus(r.statusCode(), r.body(), "contacting it", target, credential());
        }
    }

    /**
     * Sends one request with authentication; on 401 refreshes the credential once and sends again
     * (the body publisher must be re-subscribable, as file and byte-array publishers are).
     *
     * @param requestTimeout the time to wait for the answer (uploads need more than the default)
     */
    HttpResponse<byte[]> send(String method, URI uri, HttpRequest.BodyPublisher body, Map<String, String> headers,
                              Set<String> scopes, String step, Duration requestTimeout) {
        for (int attempt = 1; ; attempt++) {
            try {
                Optional<String> auth = authenticator.authorization(scopes);
                HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
                headers.forEach(b::header);
                auth.ifPresent(h -> b.header("Authorization", h));
                HttpResponse<byte[]> r = BoundedHttp.send(http, b.build(), requestTimeout, MAX_ANSWER);
                if (r.statusCode() == 401 && attempt == 1 && authenticator.unauthorized(
                        WwwAuthenticate.first(r.headers().allValues("WWW-Authenticate")), auth)) {
                    continue;
                }
                return r;
            } catch (IOException e) {
                throw RegistryErrors.forIo(e, step, target, requestTimeout, timeoutOption);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while " + step);
            }
        }
    }

    /**
     * A GET whose answer's body goes to {@code body} as it arrives (a download), with authentication
     * when {@code authenticate} (not for a redirect to another host's storage); on 401 the
     * credential is refreshed once. The whole exchange, body included, must end within
     * {@code deadline}: a registry that stalls or trickles fails it instead of holding the caller.
     */
    <T> HttpResponse<T> get(URI uri, Map<String, String> headers, Set<String> scopes, boolean authenticate, String step,
                            Duration deadline, HttpResponse.BodyHandler<T> body) {
        for (int attempt = 1; ; attempt++) {
            CompletableFuture<HttpResponse<T>> answer = null;
            try {
                Optional<String> auth = authenticate ? authenticator.authorization(scopes) : Optional.empty();
                HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(deadline).GET();
                headers.forEach(b::header);
                auth.ifPresent(h -> b.header("Authorization", h));
                answer = http.sendAsync(b.build(), body);
                HttpResponse<T> r = answer.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
                if (r.statusCode() == 401 && authenticate && attempt == 1 && authenticator.unauthorized(
                        WwwAuthenticate.first(r.headers().allValues("WWW-Authenticate")), auth)) {
                    continue;
                }
                return r;
            } catch (TimeoutException e) {
                answer.cancel(true);
                throw RegistryErrors.forIo(new HttpTimeoutException("no complete answer"), step, target,
                        deadline, timeoutOption);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RegistryException re) {
                    throw re;
                }
                if (cause instanceof Download.TooLong tooLong) {
                    throw new RegistryException("the registry " + target.registry() + " sent " + tooLong.getMessage()
                            + " while " + step + ", more than the image says; it is damaged or not a registry to "
                            + "trust", -1, false, tooLong);
                }
                if (cause instanceof IOException io) {
                    throw RegistryErrors.forIo(io, step, target, deadline, timeoutOption);
                }
                throw new RegistryException("the connection to the registry " + target.registry() + " failed while "
                        + step + " (" + cause + ")", -1, true, cause);
            } catch (IOException e) {
                throw RegistryErrors.forIo(e, step, target, deadline, timeoutOption);
            } catch (InterruptedException e) {
                if (answer != null) {
                    answer.cancel(true);
                }
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while " + step);
            }
        }
    }

    HttpResponse<byte[]> send(String method, URI uri, Set<String> scopes, String step) {
        return send(method, uri, null, Map.of(), scopes, step, timeout);
    }

    /** The error for an unexpected answer to {@code step}. */
    RegistryException failure(HttpResponse<byte[]> r, String step) {
        return RegistryErrors.forStatus(r.statusCode(), r.body(), step, target, credential());
    }

    /** One try of an idempotent step; throws {@link RegistryException} when it fails. */
    @FunctionalInterface
    interface Attempt<T> {
        T run();
    }

    /**
     * Runs {@code attempt} until it succeeds, fails with a non-retryable error, or the policy's
     * attempts are used up; {@code onRetry} hears each fault that is retried.
     */
    <T> T retrying(String step, Consumer<RegistryException> onRetry, Attempt<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (RegistryException e) {
                if (!e.retryable() || n >= retry.attempts()) {
                    throw e;
                }
                onRetry.accept(e);
                sleep(retry.delayBefore(n + 1));
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    private static String hostOf(String registry) {
        return URI.create("https://" + registry).getHost();
    }

    private static boolean sameHost(URI uri, String registry) {
        return uri.getHost() != null && uri.getHost().equalsIgnoreCase(hostOf(registry));
    }
}
