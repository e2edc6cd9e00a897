package dev.strata.output.daemon;

import dev.strata.BoundedHttp;
import dev.strata.StrataException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a Docker Engine API listens: a unix socket or a TCP address, and where that came from
 * ({@code --docker-host}, {@code DOCKER_HOST}, a default path) so errors can say it.
 *
 * <p>Lookup order: {@code --docker-host}; else {@code DOCKER_HOST}; else {@code /var/run/docker.sock},
 * then podman's sockets {@code $XDG_RUNTIME_DIR/podman/podman.sock} and {@code /run/podman/podman.sock}.
 * Hosts Strata cannot dial itself (ssh://, TLS-verified tcp://) are left to the docker CLI.
 */
public record DockerHost(URI uri, String origin) {
    public static final Path DOCKER_SOCKET = Path.of("/var/run/docker.sock");
    public static final Path PODMAN_ROOT_SOCKET = Path.of("/run/podman/podman.sock");

    public static DockerHost parse(String spec, String origin) {
        String s = spec.strip();
        if (s.startsWith("/")) {
            s = "unix://" + s;
        }
        URI uri;
        try {
            uri = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new StrataException(origin + " '" + spec + "' is not a Docker host; write unix:///path/to/docker.sock "
                    + "or tcp://HOST:PORT");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "unix":
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    throw new StrataException(origin + " '" + spec + "' names no socket path; write "
                            + "unix:///var/run/docker.sock");
                }
                break;
            case "tcp":
            case "http":
                if (uri.getHost() == null || uri.getPort() < 0) {
                    throw new StrataException(origin + " '" + spec + "' needs a host and a port, e.g. tcp://127.0.0.1:2375");
                }
                BoundedHttp.checkPort(uri.getPort(), origin + " '" + spec + "'");
                break;
            case "ssh":
            case "https":
                break;
            default:
                throw new StrataException(origin + " '" + spec + "' is not a Docker host Strata understands; write "
                        + "unix:///path/to/docker.sock or tcp://HOST:PORT");
        }
        return new DockerHost(uri, origin);
    }

    /**
     * The hosts to try, in order.
     *
     * @param explicit {@code --docker-host}, or null
     */
    public static List<DockerHost> candidates(String explicit, Map<String, String> env) {
        if (explicit != null && !explicit.isBlank()) {
            return List.of(parse(explicit, "--docker-host"));
        }
        String fromEnv = env.get("DOCKER_HOST");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return List.of(parse(fromEnv, "DOCKER_HOST"));
        }
        List<DockerHost> hosts = new ArrayList<>();
        hosts.add(new DockerHost(URI.create("unix://" + DOCKER_SOCKET), "the default Docker socket"));
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            hosts.add(new DockerHost(URI.create("unix://" + Path.of(runtime, "podman", "podman.sock")),
                    "podman's user socket"));
        }
        hosts.add(new DockerHost(URI.create("unix://" + PODMAN_ROOT_SOCKET), "podman's system socket"));
        return hosts;
    }

    /**
     * Refuses, before any work, a unix socket path that cannot be a daemon: missing, a directory,
     * a file. (Whether a daemon answers there is found out when loading.) TCP hosts pass.
     */
    public void checkSocket() {
        if (!isUnix()) {
            return;
        }
        Path p = socket();
        String kind;
        if (!Files.exists(p)) {
            kind = "no such socket";
        } else if (Files.isDirectory(p)) {
            kind = "a directory, not a socket";
        } else if (Files.isRegularFile(p)) {
            kind = "a regular file, not a socket";
        } else if (!isSocket(p)) {
            kind = "not a socket";
        } else {
            return;
        }
        throw new DaemonException("no Docker daemon at " + this + " (" + origin + "): " + p + " (" + origin + ": " + kind
                + "); start the daemon, or point --docker-host at its socket");
    }

    private static boolean isSocket(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            return (mode & 0170000) == 0140000; // S_IFSOCK
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return true; // cannot tell: let the connection say
        }
    }

    public boolean isUnix() {
        return "unix".equalsIgnoreCase(uri.getScheme());
    }

    public Path socket() {
        return Path.of(uri.getPath());
    }

    /** Whether Strata can speak to it directly (unix, or plain tcp without TLS). */
    public boolean directlyReachable(Map<String, String> env) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("unix")) {
            return true;
        }
        if (scheme.equals("tcp") || scheme.equals("http")) {
            String verify = env.get("DOCKER_TLS_VERIFY");
            return verify == null || verify.isEmpty() || verify.equals("0");
        }
        return false;
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
