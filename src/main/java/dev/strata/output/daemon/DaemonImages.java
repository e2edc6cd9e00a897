package dev.strata.output.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Reads images from the local Docker-compatible daemon through its Engine API: the other direction
 * of {@link DaemonLoader}. {@code GET /images/NAME/json} describes an image (its ID, platform and
 * layers' diffIDs) cheaply; {@code GET /images/NAME/get} streams it as a docker-archive. The daemon
 * is found as a load finds it: {@code --docker-host}, else {@code DOCKER_HOST}, else the first
 * default socket (Docker's, then podman's) that exists.
 */
public final class DaemonImages {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the daemon says of an image: its ID (the config's digest), platform, layers and names. */
    public record Inspection(String id, String architecture, String os, String variant, List<String> diffIds,
                             List<String> repoTags) { }

    private final Map<String, String> env;
    private final Duration timeout;

    /** @param timeout the longest the daemon may go without progress (connecting, answering, sending) */
    public DaemonImages(Map<String, String> env, Duration timeout) {
        this.env = Map.copyOf(env);
        this.timeout = timeout;
    }

    public static DaemonImages fromEnvironment(Duration timeout) {
        return new DaemonImages(System.getenv(), timeout);
    }

    /** The daemon's description of {@code name}, or empty when it has no such image. */
    public Optional<Inspection> inspect(String dockerHost, String name) {
        EngineApi api = api(dockerHost);
        EngineResponse r;
        try {
            r = api.inspectImage(name);
        } catch (IOException e) {
            throw broke(api, "describing " + name, e);
        }
        if (r.status() == 404) {
            return Optional.empty();
        }
        if (r.status() != 200) {
            throw new DaemonException("the Docker daemon at " + api.host() + " could not describe " + name + ": "
                    + EngineApi.errorMessage(r));
        }
        try {
            JsonNode n = JSON.readTree(r.body());
            List<String> layers = new ArrayList<>();
            n.path("RootFS").path("Layers").forEach(l -> layers.add(l.asText()));
            List<String> tags = new ArrayList<>();
            n.path("RepoTags").forEach(t -> tags.add(t.asText()));
            return Optional.of(new Inspection(n.path("Id").asText(""), n.path("Architecture").asText(""),
                    n.path("Os").asText(""), n.path("Variant").isTextual() ? n.path("Variant").asText() : null, layers,
                    tags));
        } catch (IOException e) {
            throw new DaemonException("the Docker daemon at " + api.host() + " described " + name + " in something "
                    + "that is not JSON; is it a Docker-compatible daemon?");
        }
    }

    /** Streams {@code name} as a docker-archive into {@code sink}. */
    public void export(String dockerHost, String name, OutputStream sink, LongConsumer received) {
        EngineApi api = api(dockerHost);
        EngineResponse r;
        try {
            r = api.saveImage(name, sink, received);
        } catch (IOException e) {
            throw broke(api, "exporting " + name, e);
        }
        if (r.status() != 200) {
            throw new DaemonException("the Docker daemon at " + api.host() + " could not export " + name + ": "
                    + EngineApi.errorMessage(r));
        }
    }

    /** The daemon where {@code dockerHost} (or the environment) says, if Strata can speak to it directly. */
    private EngineApi api(String dockerHost) {
        List<DockerHost> hosts = DockerHost.candidates(dockerHost, env);
        List<String> tried = new ArrayList<>();
        for (DockerHost h : hosts) {
            if (!h.directlyReachable(env)) {
                tried.add(h + " (" + h.origin() + "; only the docker CLI speaks to it)");
                continue;
            }
            if (h.isUnix() && !Files.exists(h.socket())) {
                tried.add(h.socket() + " (" + h.origin() + ": no such socket)");
                continue;
            }
            return new EngineApi(h, timeout);
        }
        throw new DaemonException("no Docker daemon Strata can read images from (tried " + String.join(", ", tried)
                + "); start Docker or podman, or give --docker-host unix:///path/to/docker.sock");
    }

    private static DaemonException broke(EngineApi api, String step, IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new DaemonException("the Docker daemon at " + api.host() + " (" + api.host().origin() + ") failed while "
                + step + " (" + m + "); check that it is running and try again", e);
    }
}
