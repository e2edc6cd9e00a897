package dev.strata.output.registry;

import java.util.Objects;

/**
 * A user name and secret for one registry, and where they came from ({@code --creds}, a Docker
 * config file, a credential helper) so errors can name the source. The secret never appears in
 * {@link #toString()} nor in any message.
 *
 * @param source how a person would recognise where the credential came from
 */
public record RegistryCredential(String username, String secret, String source) {
    /** Jib's marker user name for an OAuth2 refresh token ({@code identitytoken} in config.json). */
    static final String REFRESH_TOKEN_USER = "<token>";

    public RegistryCredential {
        Objects.requireNonNull(source, "source");
    }

    public static RegistryCredential anonymous() {
        return anonymous("no credentials were given");
    }

    /** No credential; {@code whereLooked} says where none was found, for error messages. */
    public static RegistryCredential anonymous(String whereLooked) {
        return new RegistryCredential(null, null, whereLooked);
    }

    public boolean isAnonymous() {
        return username == null || secret == null;
    }

    boolean isRefreshToken() {
        return REFRESH_TOKEN_USER.equals(username);
    }

    /** For messages: "user alice from --creds", never the secret. */
    public String describe() {
        if (isAnonymous()) {
            return source;
        }
        if (isRefreshToken()) {
            return "the identity token from " + source;
        }
        return "user '" + username + "' from " + source;
    }

    @Override
    public String toString() {
        return "RegistryCredential[" + describe() + "]";
    }
}
