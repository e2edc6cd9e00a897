package dev.strata.output.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.JsonErrors;
import dev.strata.StrataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The parts of Docker's {@code config.json} that say how to log in to a registry, read as the
 * docker CLI reads them: {@code auths} (an {@code auth} of base64 {@code USER:PASSWORD}, or
 * {@code username}/{@code password}, or an {@code identitytoken}), {@code credsStore} (one
 * credential helper for every registry) and {@code credHelpers} (a helper per registry, which wins).
 * When a helper applies, it alone answers, as in Docker; {@code auths} is read otherwise.
 *
 * <p>The file is outside input: a truncated file, a field of the wrong type or an {@code auth} that
 * is not base64 is one sentence naming the file, the registry key and the field; never the secret
 * itself. Docker refuses such a file too ("illegal base64 data"), rather than reading it as "no
 * credentials".
 */
record DockerConfig(Path file, Map<String, Login> auths, String credsStore, Map<String, String> credHelpers) {
    /** Docker Hub's key in {@code auths} and the server URL its helpers are asked for. */
    static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";
    private static final Set<String> DOCKER_HUB_HOSTS = Set.of("registry-1.docker.io", "docker.io",
            "index.docker.io", "registry.hub.docker.com");
    private static final long MAX_FILE = 16L << 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** A user and secret from {@code auths}; {@code identityToken} marks an OAuth2 refresh token. */
    record Login(String username, String secret, boolean identityToken) {
        @Override
        public String toString() {
            return "Login[" + username + "]";
        }
    }

    /** Reads the file; empty when it does not exist. */
    static Optional<DockerConfig> read(Path file) {
        byte[] bytes;
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new StrataException("the Docker config " + file + " is not a file; move it away, or point "
                        + "DOCKER_CONFIG at the directory of a config.json");
            }
            if (Files.exists(file) && Files.size(file) > MAX_FILE) {
                throw new StrataException("the Docker config " + file + " is " + Files.size(file) + " bytes, too large "
                        + "for a Docker config; fix it or move it away, or give --creds");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StrataException("cannot read the Docker config " + file + " (" + e.getMessage()
                    + "); fix its permissions, or give --creds");
        }
        return Optional.of(parse(new String(bytes, StandardCharsets.UTF_8), file));
    }

    static DockerConfig parse(String json, Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw bad(file, JsonErrors.where(e)); // not Jackson's words: they may quote a secret
        }
        if (root == null || root.isMissingNode()) {
            throw bad(file, "it is empty");
        }
        if (!root.isObject()) {
            throw bad(file, "it is " + JsonErrors.kind(root) + ", not a JSON object");
        }
        Map<String, Login> auths = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object(root, "auths", file); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Login login = login(e.getKey(), e.getValue(), file);
            if (login != null) {
                auths.put(e.getKey(), login);
            }
        }
        Map<String, String> helpers = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object(root, "credHelpers", file); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            helpers.put(e.getKey(), text(e.getValue(), "the credHelpers entry of \"" + e.getKey() + "\"", file));
        }
        JsonNode store = root.get("credsStore");
        String credsStore = store == null || store.isNull() ? null : text(store, "\"credsStore\"", file);
        return new DockerConfig(file, auths, credsStore == null || credsStore.isEmpty() ? null : credsStore, helpers);
    }

    /**
     * The helper that answers for {@code registry}: its {@code credHelpers} entry, else
     * {@code credsStore}; empty when {@code auths} is to be read.
     */
    Optional<String> helperFor(String registry) {
        Optional<String> own = matching(credHelpers, registry);
        return own.isPresent() ? own : Optional.ofNullable(credsStore);
    }

    /** The login {@code auths} holds for {@code registry} (exact key first, then keys naming the same host). */
    Optional<Login> loginFor(String registry) {
        return matching(auths, registry);
    }

    /** The server URL a credential helper is asked about: the registry, or Docker Hub's historic URL. */
    static String serverUrl(String registry) {
        return DOCKER_HUB_HOSTS.contains(registry.toLowerCase(Locale.ROOT)) ? DOCKER_HUB_SERVER : registry;
    }

    private static <T> Optional<T> matching(Map<String, T> byKey, String registry) {
        String server = serverUrl(registry);
        if (byKey.containsKey(server)) {
            return Optional.of(byKey.get(server));
        }
        String host = hostOf(server);
        boolean hub = DOCKER_HUB_HOSTS.contains(host);
        for (Map.Entry<String, T> e : byKey.entrySet()) { // sorted: the same key wins every time
            String keyHost = hostOf(e.getKey());
            if (keyHost.equals(host) || (hub && DOCKER_HUB_HOSTS.contains(keyHost))) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** Docker's ConvertToHostname: no scheme, nothing from the first slash on. */
    static String hostOf(String key) {
        String s = key.strip();
        for (String scheme : new String[] {"http://", "https://"}) {
            if (s.regionMatches(true, 0, scheme, 0, scheme.length())) {
                s = s.substring(scheme.length());
            }
        }
        int slash = s.indexOf('/');
        return (slash < 0 ? s : s.substring(0, slash)).toLowerCase(Locale.ROOT);
    }

    private static Login login(String key, JsonNode entry, Path file) {
        String where = "the auths entry of \"" + key + "\"";
        if (entry.isNull()) {
            return null;
        }
        if (!entry.isObject()) {
            throw bad(file, where + " is " + JsonErrors.kind(entry) + ", not an object");
        }
        String auth = optionalText(entry, "auth", where, file);
        String username = optionalText(entry, "username", where, file);
        String password = optionalText(entry, "password", where, file);
        String token = optionalText(entry, "identitytoken", where, file);
        if (auth != null && !auth.isEmpty()) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(auth.strip());
            } catch (IllegalArgumentException e) {
                throw bad(file, "the \"auth\" of \"" + key + "\" is not base64; run docker login " + hostOf(key)
                        + " again");
            }
            String pair = new String(decoded, StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw bad(file, "the \"auth\" of \"" + key + "\" is not base64 of USER:PASSWORD; run docker login "
                        + hostOf(key) + " again");
            }
            username = pair.substring(0, colon);
            password = pair.substring(colon + 1);
        }
        if (token != null && !token.isEmpty()) {
            return new Login(RegistryCredential.REFRESH_TOKEN_USER, token, true);
        }
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            return null; // an entry docker login leaves behind for a credential store: no secret here
        }
        return new Login(username, password, false);
    }

    private static Iterator<Map.Entry<String, JsonNode>> object(JsonNode root, String field, Path file) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return Collections.emptyIterator();
        }
        if (!n.isObject()) {
            throw bad(file, "\"" + field + "\" is " + JsonErrors.kind(n) + ", not an object");
        }
        return n.fields();
    }

    private static String optionalText(JsonNode entry, String field, String where, Path file) {
        JsonNode v = entry.get(field);
        return v == null || v.isNull() ? null : text(v, "\"" + field + "\" in " + where, file);
    }

    private static String text(JsonNode v, String what, Path file) {
        if (!v.isTextual()) {
            throw bad(file, what + " is " + JsonErrors.kind(v) + ", not text");
        }
        return v.asText();
    }

    private static StrataException bad(Path file, String why) {
        return new StrataException("the Docker config " + file + " cannot be used: " + why
                + "; fix it (or move it away), or give --creds");
    }
}
