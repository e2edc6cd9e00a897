package dev.strata.cli;

import dev.strata.compose.Exports;
import dev.strata.input.PullOptions;
import dev.strata.output.registry.RegistryCredential;
import dev.strata.output.registry.TlsOptions;
import java.io.InputStream;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * How to reach registries: the push target and the registry of a {@code --from} base.
 * {@code --insecure} and {@code --ca-cert} apply to the registries the command names, and only to
 * them; {@code --creds} is the push target's credential, and a base's only when the base is in the
 * same registry (or when nothing is pushed): a credential never goes to a host it was not given for.
 */
public final class RegistryOptions {
    @Option(names = "--insecure", description = "Use plain HTTP, or HTTPS without checking the certificate, "
            + "for the registries this command names (the push target, a --from base).")
    boolean insecure;

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "Trust this CA certificate (PEM) besides the "
            + "system's, e.g. a private registry's self-signed one.")
    Path caCert;

    @ArgGroup(exclusive = true)
    Credentials credentials;

    /** Where the credential comes from when not from the Docker config. */
    static final class Credentials {
        @Option(names = "--creds", paramLabel = "USER:PASSWORD", description = "Log in with this user and password "
                + "or token (visible to other users in the process list: prefer --creds-stdin).")
        String creds;

        @Option(names = "--creds-stdin", description = "Read USER:PASSWORD from the first line of standard input.")
        boolean credsStdin;
    }

    private RegistryCredential read;

    TlsOptions tls() {
        return new TlsOptions(insecure, caCert);
    }

    /** The credential given on the command line (read once from {@code stdin} for --creds-stdin), or null. */
    RegistryCredential credential(InputStream stdin) {
        if (read == null && credentials != null) {
            read = credentials.creds != null ? Exports.credential(credentials.creds, "--creds")
                    : credentials.credsStdin ? Exports.credential(stdin) : null;
        }
        return read;
    }

    /**
     * How a command reads a {@code --from} base: these TLS settings; the given credential when
     * {@code sameRegistryAsTarget} (or there is no target), else the Docker config's.
     */
    PullOptions pulls(InputStream stdin, boolean credentialForBase, String dockerHost) {
        return PullOptions.defaults().withTls(tls()).withDockerHost(dockerHost)
                .withCredential(credentialForBase ? credential(stdin) : null);
    }
}
