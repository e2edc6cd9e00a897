package dev.strata.input;

import dev.strata.output.registry.CredentialResolver;
import dev.strata.output.registry.RegistryCredential;
import dev.strata.output.registry.TlsOptions;
import java.time.Duration;

/**
 * How to reach the registries and the daemon an image is read from: the same rules as a push
 * ({@code --insecure}, {@code --ca-cert}, {@code --creds} or the Docker config, a timeout on every
 * wait) and a load ({@code --docker-host}, DOCKER_HOST, the default sockets).
 *
 * @param credential a credential given on the command line, or null to look in the Docker config
 * @param dockerHost the daemon's address, or null for DOCKER_HOST and the default sockets
 */
public record PullOptions(TlsOptions tls, RegistryCredential credential, CredentialResolver credentials,
                          Duration timeout, String dockerHost) {
    public PullOptions {
        tls = tls == null ? TlsOptions.system() : tls;
        credentials = credentials == null ? CredentialResolver.fromEnvironment() : credentials;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
    }

    /** The system's trust store, the Docker config's credentials, 60 s, the default daemon. */
    public static PullOptions defaults() {
        return new PullOptions(null, null, null, null, null);
    }

    public PullOptions withTls(TlsOptions v) {
        return new PullOptions(v, credential, credentials, timeout, dockerHost);
    }

    public PullOptions withCredential(RegistryCredential v) {
        return new PullOptions(tls, v, credentials, timeout, dockerHost);
    }

    public PullOptions withCredentials(CredentialResolver v) {
        return new PullOptions(tls, credential, v, timeout, dockerHost);
    }

    public PullOptions withTimeout(Duration v) {
        return new PullOptions(tls, credential, credentials, v, dockerHost);
    }

    public PullOptions withDockerHost(String v) {
        return new PullOptions(tls, credential, credentials, timeout, v);
    }
}
