package dev.strata.output.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.BoundedHttp;
import dev.strata.StrataException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The Authorization header for a registry, as its {@code WWW-Authenticate} challenge asks: none
 * (no challenge), Basic (the credential on every request), or Bearer (a token fetched from the
 * challenge's realm for a service and a set of scopes, e.g. {@code repository:tools/hello:pull,push},
 * with the credential as Basic auth, or an OAuth2 refresh token as a form POST). A token is reused
 * until its {@code expires_in} runs out, and fetched again when the registry answers 401.
 */
final class RegistryAuthenticator {
    /** Made on first token answer: a push to a registry without tokens never pays for Jackson's set-up. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** The token lifetime the token spec tells clients to assume when the answer omits it. */
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);

    private final RegistryReference target;
    private final RegistryCredential credential;
    private final Function<URI, HttpClient> clientFor;
    private final boolean plainHttpCredentialsAllowed;
    private final Duration timeout;
    private final String timeoutOption;
    private final Clock clock;

    private WwwAuthenticate challenge;
    private Token token;
    private final Set<String> challengedScopes = new TreeSet<>();
    private int tokenFetches;

    /**
     * @param clientFor the HTTP client for a realm URL (the registry's own client for its host, so
     *     {@code --insecure} applies to that host only)
     * @param plainHttpCredentialsAllowed whether credentials may go over plain HTTP (only with
     *     {@code --insecure} or to a loopback address)
     */
    RegistryAuthenticator(RegistryReference target, RegistryCredential credential, Function<URI, HttpClient> clientFor,
                          boolean plainHttpCredentialsAllowed, Duration timeout, Clock clock) {
        this(target, credential, clientFor, plainHttpCredentialsAllowed, timeout, clock, "--timeout");
    }

    /** @param timeoutOption the command's option for more time, named when a token server is slow (null: none) */
    RegistryAuthenticator(RegistryReference target, RegistryCredential credential, Function<URI, HttpClient> clientFor,
                          boolean plainHttpCredentialsAllowed, Duration timeout, Clock clock, String timeoutOption) {
        this.timeoutOption = timeoutOption;
        this.target = target;
        this.credential = credential;
        this.clientFor = clientFor;
        this.plainHttpCredentialsAllowed = plainHttpCredentialsAllowed;
        this.timeout = timeout;
        this.clock = clock;
    }

    RegistryCredential credential() {
        return credential;
    }

    synchronized void challenge(WwwAuthenticate c) {
        this.challenge = c;
    }

    /** How many tokens were fetched so far (for tests and the debug log). */
    synchronized int tokenFetches() {
        return tokenFetches;
    }

    /** The header value for a request needing {@code scopes}, or empty for anonymous access. */
    synchronized Optional<String> authorization(Set<String> scopes) throws IOException, InterruptedException {
        if (challenge == null) {
            return Optional.empty();
        }
        if (challenge.isBasic()) {
            if (credential.isAnonymous()) {
                return Optional.empty();
            }
            String pair = credential.username() + ":" + credential.secret();
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        if (challenge.isBearer()) {
            Set<String> wanted = union(scopes, challengedScopes);
            if (token == null || !token.covers(wanted) || token.expired(clock.instant())) {
                token = fetchToken(union(token == null ? Set.of() : token.scopes, wanted));
            }
            return Optional.of("Bearer " + token.value);
        }
        return Optional.empty();
    }

    /**
     * The registry answered 401 to a request sent with {@code sentHeader}: remember the new challenge
     * (it may name a wider scope) and drop the token, so the next {@link #authorization} fetches one.
     * Returns whether trying again can help (false for Basic: the same credential would fail again).
     */
    synchronized boolean unauthorized(Optional<WwwAuthenticate> newChallenge, Optional<String> sentHeader) {
        boolean hadNoChallenge = challenge == null;
        newChallenge.ifPresent(c -> {
            challenge = c;
            String scope = c.param("scope");
            if (c.isBearer() && scope != null && !scope.isBlank()) {
                challengedScopes.addAll(Arrays.asList(scope.split(" ")));
            }
        });
        if (challenge == null) {
            return false;
        }
        if (challenge.isBasic()) {
            return hadNoChallenge && !credential.isAnonymous();
        }
        if (sentHeader.isEmpty() || token == null || sentHeader.get().equals("Bearer " + token.value)) {
            token = null;
        }
        return true;
    }

    private Token fetchToken(Set<String> scopes) throws IOException, InterruptedException {
        String realm = challenge.param("realm");
        if (realm == null || realm.isBlank()) {
            throw new RegistryException("the registry " + target.registry() + " asks for a Bearer token but names no "
                    + "realm to get it from; it is misconfigured", 401, false, null);
        }
        URI realmUri;
        try {
            realmUri = BoundedHttp.httpUrl(realm, "realm");
        } catch (StrataException e) {
            throw new RegistryException("the registry " + target.registry() + " sends clients for a token to '"
                    + realm + "', which is not an http(s) URL with a host; the registry is misconfigured", 401, false,
                    null);
        }
        boolean sendCredential = !credential.isAnonymous();
        if (sendCredential && "http".equalsIgnoreCase(realmUri.getScheme()) && !plainHttpCredentialsAllowed
                && !isLoopback(realmUri.getHost())) {
            throw new RegistryException("the token server " + realmUri.getHost() + " of " + target.registry()
                    + " uses plain HTTP, which would expose " + credential.describe() + "; use --insecure only if you "
                    + "trust the network", -1, false, null);
        }
        String service = challenge.param("service");
        HttpRequest request;
        if (sendCredential && credential.isRefreshToken()) {
            StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=strata");
            if (service != null) {
                form.append("&service=").append(encode(service));
            }
            form.append("&scope=").append(encode(String.join(" ", scopes)));
            form.append("&refresh_token=").append(encode(credential.secret()));
            request = HttpRequest.newBuilder(realmUri).timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        } else {
            StringBuilder query = new StringBuilder();
            if (service != null) {
                query.append("service=").append(encode(service));
            }
            for (String scope : scopes) {
                query.append(query.length() == 0 ? "" : "&").append("scope=").append(encode(scope));
            }
            String sep = realm.contains("?") ? "&" : "?";
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(realm + (query.length() == 0 ? "" : sep + query)))
                    .timeout(timeout).GET();
            if (sendCredential) {
                String pair = credential.username() + ":" + credential.secret();
                b.header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            request = b.build();
        }
        HttpResponse<byte[]> response;
        try {
            response = BoundedHttp.send(clientFor.apply(realmUri), request, timeout, RegistryClient.MAX_ANSWER);
        } catch (IOException e) {
            throw RegistryErrors.forIo(e, "getting a token from " + realmUri.getHost(), target, timeout, timeoutOption);
        }
        tokenFetches++;
        if (response.statusCode() != 200) {
            throw RegistryErrors.forStatus(response.statusCode(), response.body(),
                    "getting a token from " + realmUri.getHost(), target, credential);
        }
        Answer answer = Answer.parse(response.body(), "the token server " + realmUri.getHost() + " of "
                + target.registry());
        Duration lifetime = answer.lifetime();
        // Renew a little early so a token does not run out between the check and the request.
        Duration margin = lifetime.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(10) : lifetime.dividedBy(5);
        return new Token(answer.token(), scopes, clock.instant().plus(lifetime).minus(margin));
    }

    /**
     * A token server's answer: {@code {"token"|"access_token": "...", "expires_in": SECONDS}}. The
     * token goes into a header, so it must be visible ASCII; a lifetime outside 1 s to a day is
     * clamped (a huge one would overflow the clock, a missing one means 60 s, as the spec says).
     */
    record Answer(String token, Duration lifetime) {
        static final Duration LONGEST = Duration.ofDays(1);

        static Answer parse(byte[] body, String server) {
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new RegistryException(server + " answered with something that is not JSON; it is misconfigured",
                        200, false, null);
            }
            JsonNode token = root == null ? null : root.hasNonNull("token") ? root.get("token") : root.get("access_token");
            if (token == null || token.isNull() || (token.isTextual() && token.asText().isEmpty())) {
                throw new RegistryException(server + " answered without a token; it is misconfigured", 200, false, null);
            }
            String value = token.asText();
            if (!token.isTextual() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new RegistryException(server + " answered with a token that is not text of visible ASCII "
                        + "characters; it is misconfigured", 200, false, null);
            }
            JsonNode expires = root.get("expires_in");
            long seconds = expires != null && expires.isNumber() ? expires.asLong() : DEFAULT_TOKEN_LIFETIME.toSeconds();
            if (expires != null && expires.isNumber() && !expires.canConvertToLong()) {
                seconds = LONGEST.toSeconds();
            }
            return new Answer(value, Duration.ofSeconds(Math.max(1, Math.min(seconds, LONGEST.toSeconds()))));
        }
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A Bearer token, for which scopes, valid until when (by our clock). */
    private static final class Token {
        final String value;
        final Set<String> scopes;
        final Instant renewAt;

        Token(String value, Set<String> scopes, Instant renewAt) {
            this.value = value;
            this.scopes = Set.copyOf(scopes);
            this.renewAt = renewAt;
        }

        boolean covers(Set<String> wanted) {
            return scopes.containsAll(wanted);
        }

        boolean expired(Instant now) {
            return !now.isBefore(renewAt);
        }

        @Override
        public String toString() {
            return "Token[scopes=" + scopes + "]";
        }
    }
}
