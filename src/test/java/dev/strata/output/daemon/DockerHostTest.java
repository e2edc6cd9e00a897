package dev.strata.output.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerHostTest {
    @Test
    void explicitHostWinsOverTheEnvironment() {
        List<DockerHost> hosts = DockerHost.candidates("unix:///tmp/x.sock", Map.of("DOCKER_HOST", "tcp://1.2.3.4:2375"));

        assertEquals(1, hosts.size());
        assertEquals("/tmp/x.sock", hosts.get(0).socket().toString());
        assertEquals("--docker-host", hosts.get(0).origin());
    }

    @Test
    void defaultsAreDockerThenPodmanUserThenPodmanSystem() {
        List<DockerHost> hosts = DockerHost.candidates(null, Map.of("XDG_RUNTIME_DIR", "/run/user/1000"));

        assertEquals(List.of("unix:///var/run/docker.sock", "unix:///run/user/1000/podman/podman.sock",
                "unix:///run/podman/podman.sock"), hosts.stream().map(DockerHost::toString).toList());
    }

    @Test
    void tcpWithTlsAndSshAreLeftToTheCli() {
        DockerHost tcp = DockerHost.candidates(null, Map.of("DOCKER_HOST", "tcp://127.0.0.1:2376")).get(0);
        assertTrue(tcp.directlyReachable(Map.of()));
        assertFalse(tcp.directlyReachable(Map.of("DOCKER_TLS_VERIFY", "1")));
        assertFalse(DockerHost.parse("ssh://me@box", "DOCKER_HOST").directlyReachable(Map.of()));
    }

    @Test
    void bareSocketPathIsAccepted() {
        assertEquals("unix:///var/run/docker.sock", DockerHost.parse("/var/run/docker.sock", "--docker-host").toString());
    }

    @Test
    void nonsenseIsOneSentence() {
        StrataException e = assertThrows(StrataException.class, () -> DockerHost.parse("npipe:////./pipe/docker", "DOCKER_HOST"));
        assertTrue(e.getMessage().startsWith("DOCKER_HOST 'npipe:////./pipe/docker' is not a Docker host"), e.getMessage());
        assertThrows(StrataException.class, () -> DockerHost.parse("tcp://nohostport", "--docker-host"));
    }
}
