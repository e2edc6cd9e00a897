package dev.strata.output.registry;

import java.nio.file.Path;

/**
 * A test helper run in a child JVM whose PATH holds a fake docker-credential helper (Java looks up
 * executables on the parent's PATH, so this cannot run in the test JVM): prints who the resolver
 * found for a reference, and where from; never the secret itself, only whether it matched.
 */
public final class ResolveCredentialsInChild {
    private ResolveCredentialsInChild() {}

    public static void main(String[] args) {
        RegistryCredential c = CredentialResolver.fromEnvironment().resolve(RegistryReference.parse(args[0]), null);
        System.out.println(c.username() + "|" + c.source() + "|" + args[1].equals(c.secret()));
        System.out.println(Path.of(".").toAbsolutePath());
    }
}
