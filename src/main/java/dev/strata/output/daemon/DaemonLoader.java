package dev.strata.output.daemon;

import dev.strata.output.TarBodyWriter;
import dev.strata.output.TransferEvent;
import dev.strata.output.TransferListener;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Loads a docker-archive into a local Docker-compatible daemon through its Engine API:
 * finds the daemon ({@link DockerHost}), streams the tar into {@code POST /images/load} straight
 * from the writer (no temporary tar), reads the JSON-lines answer, and asks for the image ID.
 * Only when no socket answers but the {@code docker} CLI reaches a daemon (a remote context, ssh://,
 * TLS) does it hand the same stream to {@code docker load}.
 */
public final class DaemonLoader {
    /** The longest a daemon may go without progress when none is given (as push waits for a registry). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, String> env;
    private final DockerCliLoader cli;

    /**
     * @param env the environment to read DOCKER_HOST, DOCKER_TLS_VERIFY and XDG_RUNTIME_DIR from
     * @param processes makes the docker CLI's processes (the fallback); {@code ProcessBuilder::new} normally
     */
    public DaemonLoader(Map<String, String> env, Function<List<String>, ProcessBuilder> processes) {
        this.env = Map.copyOf(env);
        this.cli = new DockerCliLoader(processes);
    }

    public static DaemonLoader fromEnvironment() {
        return new DaemonLoader(System.getenv(), ProcessBuilder::new);
    }

    /**
     * The daemon {@link #load} tries first when none is named: {@code DOCKER_HOST}, else the first
     * default socket that exists, else the default Docker socket.
     */
    public DockerHost defaultHost() {
        List<DockerHost> hosts = DockerHost.candidates(null, env);
        for (DockerHost h : hosts) {
            if (!h.isUnix() || Files.exists(h.socket())) {
                return h;
            }
        }
        return hosts.get(0);
    }

    /**
     * Refuses, before anything is built, a daemon named by {@code --docker-host} or {@code DOCKER_HOST}
     * that cannot be one: a malformed address, a port that does not exist, a socket path that is
     * missing or is a file or directory. The default sockets are only tried when loading.
     */
    public void check(String dockerHost) {
        List<DockerHost> hosts = DockerHost.candidates(dockerHost, env);
        boolean named = (dockerHost != null && !dockerHost.isBlank())
                || (env.get("DOCKER_HOST") != null && !env.get("DOCKER_HOST").isBlank());
        if (named && hosts.get(0).directlyReachable(env)) {
            hosts.get(0).checkSocket();
        }
    }

    /** Loads the archive, giving up on a daemon that makes no progress for {@link #DEFAULT_TIMEOUT}. */
    public LoadResult load(TarBodyWriter tar, String dockerHost, String expectedName, long archiveSize,
                           TransferListener listener) {
        return load(tar, dockerHost, expectedName, archiveSize, DEFAULT_TIMEOUT, listener);
    }

    /**
     * Loads the archive.
     *
     * @param dockerHost {@code --docker-host}, or null to look it up
     * @param expectedName the NAME:TAG the archive carries, used to find the image ID when the daemon
     *     does not print it; may be null
     * @param archiveSize the archive's size for progress, or -1 when unknown
     * @param timeout the longest the daemon may go without progress: connecting, taking the image's
     *     bytes, answering (the wait for the answer grows with the image, see {@link EngineApi})
     */
    public LoadResult load(TarBodyWriter tar, String dockerHost, String expectedName, long archiveSize,
                           Duration timeout, TransferListener listener) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new DaemonException("the load timeout must be at least 1 s; give e.g. --timeout 60");
        }
        List<DockerHost> hosts = DockerHost.candidates(dockerHost, env);
        List<String> tried = new ArrayList<>();
        String permissionDenied = null;
        String refused = null;
        for (DockerHost host : hosts) {
            if (!host.directlyReachable(env)) {
                tried.add(host + " (" + host.origin() + "; only the docker CLI speaks to it)");
                continue;
            }
            if (host.isUnix() && !Files.exists(host.socket())) {
                tried.add(host.socket() + " (" + host.origin() + ": no such socket)");
                continue;
            }
            EngineApi api = new EngineApi(host, timeout);
            try {
                api.ping();
            } catch (SocketTimeoutException e) {
                throw new DaemonException("the Docker daemon at " + host + " (" + host.origin() + ") " + e.getMessage()
                        + "; check that it is healthy (e.g. docker info), or give it longer with --timeout", e);
            } catch (IOException e) {
                cancelledIfInterrupted(e);
                String why = reason(e);
                if (isPermissionDenied(e)) {
                    permissionDenied = host.socket().toString();
                } else {
                    refused = host + " (" + host.origin() + ")";
                }
                tried.add(host + " (" + host.origin() + ": " + why + ")");
                continue;
            }
            return loadThrough(api, tar, expectedName, archiveSize, listener);
        }
        DockerCliLoader cli = dockerHost == null || dockerHost.isBlank() ? this.cli : this.cli.withHost(dockerHost);
        if (cli.works(timeout)) {
            listener.on(new TransferEvent(TransferEvent.Kind.STARTED, null, 0, archiveSize, "docker load"));
            LoadResult r = cli.load(tar, timeout, progress(archiveSize, listener));
            listener.on(new TransferEvent(TransferEvent.Kind.FINISHED, null, archiveSize, archiveSize, "docker load"));
            return r;
        }
        throw noDaemon(hosts, tried, permissionDenied, refused);
    }

    /**
     * The ID of the image the daemon holds under {@code name} now (so a face can ask before a load
     * moves the name onto another image), or null when it holds none or no daemon answers the
     * Engine API (the load itself then says what is wrong).
     */
    public String existingImageId(String dockerHost, String name) {
        for (DockerHost host : DockerHost.candidates(dockerHost, env)) {
            if (!host.directlyReachable(env) || host.isUnix() && !Files.exists(host.socket())) {
                continue;
            }
            EngineApi api = new EngineApi(host, DEFAULT_TIMEOUT);
            try {
                api.ping();
                return api.imageId(name);
            } catch (IOException e) {
                // not this one
            }
        }
        return null;
    }

    private LoadResult loadThrough(EngineApi api, TarBodyWriter tar, String expectedName, long archiveSize,
                                   TransferListener listener) {
        String where = api.host() + " (" + api.host().origin() + ")";
        long[] sent = {0};
        listener.on(new TransferEvent(TransferEvent.Kind.STARTED, null, 0, archiveSize, where));
        EngineApi.LoadAnswer answer;
        try {
            answer = api.load(tar, n -> {
                sent[0] = n;
                progress(archiveSize, listener).accept(n);
            });
        } catch (SocketTimeoutException e) {
            throw new DaemonException("the Docker daemon at " + where + " " + e.getMessage() + " while loading the image "
                    + "(" + sent[0] + " bytes sent); check that it is healthy (e.g. docker info) and its disk, or give "
                    + "it longer with --timeout", e);
        } catch (IOException e) {
            cancelledIfInterrupted(e);
            throw new DaemonException("the Docker daemon at " + where + " broke off the load after " + sent[0]
                    + " bytes (" + reason(e) + "); look at the daemon's log and try again", e);
        }
        if (answer.error() != null) {
            throw new DaemonException("the Docker daemon at " + where + " refused the image: " + answer.error());
        }
        listener.on(new TransferEvent(TransferEvent.Kind.FINISHED, null, sent[0], archiveSize, where));
        String id = answer.imageIds().isEmpty() ? null : answer.imageIds().get(0);
        if (id == null) {
            String name = !answer.loaded().isEmpty() ? answer.loaded().get(0) : expectedName;
            if (name != null) {
                try {
                    id = api.imageId(name);
                } catch (IOException e) {
                    id = null; // the load itself worked; the ID is a courtesy
                }
            }
        }
        return new LoadResult(answer.loaded(), id, api.host().toString(), "Engine API", sent[0]);
    }

    /** A blocked socket call that ended because the thread was interrupted is a cancel, not a fault. */
    private static void cancelledIfInterrupted(IOException e) {
        if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("load cancelled");
        }
    }

    private static LongConsumer progress(long size, TransferListener listener) {
        long step = size > 0 ? Math.max(256 << 10, size / 200) : 4 << 20;
        long[] last = {-step};
        return n -> {
            if (n - last[0] >= step || n == size) {
                last[0] = n;
                listener.on(TransferEvent.of(TransferEvent.Kind.PROGRESS, null, n, size));
            }
        };
    }

    private DaemonException noDaemon(List<DockerHost> hosts, List<String> tried, String permissionDenied,
                                     String refused) {
        if (permissionDenied != null) {
            return new DaemonException("permission denied on the Docker socket " + permissionDenied + "; add your user "
                    + "to the group that owns it (e.g. sudo usermod -aG docker $USER, then log in again), or run as root");
        }
        DockerHost only = hosts.size() == 1 ? hosts.get(0) : null;
        if (only != null && refused != null) {
            return new DaemonException("no Docker daemon is listening at " + refused + "; start it (e.g. sudo "
                    + "systemctl start docker) or point --docker-host at a running one");
        }
        if (only != null) {
            return new DaemonException("no Docker daemon at " + only + " (" + only.origin() + "): " + String.join("; ", tried)
                    + "; start the daemon, or point --docker-host at its socket");
        }
        return new DaemonException("no Docker daemon found (tried " + String.join(", ", tried) + "), and the docker CLI "
                + "reaches none either; start Docker (sudo systemctl start docker) or podman (systemctl --user start "
                + "podman.socket), or give --docker-host unix:///path/to/docker.sock");
    }

    private static boolean isPermissionDenied(IOException e) {
        return e instanceof AccessDeniedException
                || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("permission denied");
    }

    private static String reason(IOException e) {
        if (e instanceof ConnectException) {
            return "nothing is listening (connection refused)";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
