package dev.strata.output.registry;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.strata.Redaction;
import dev.strata.StrataException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where an image goes: {@code REGISTRY/REPOSITORY:TAG}, normalised as Docker does (Jib Core's
 * {@link ImageReference}: {@code busybox} is {@code registry-1.docker.io/library/busybox:latest}).
 */
public record RegistryReference(String registry, String repository, String tag) {
    public RegistryReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        if (!ImageReference.isValidTag(tag)) {
            throw new StrataException("'" + tag + "' is not a valid tag; use letters, digits, '_', '.' and '-' "
                    + "(at most 128, not starting with '.' or '-')");
        }
    }

    /** The longest repository name (the path after the registry) the distribution spec allows. */
    public static final int MAX_REPOSITORY = 255;

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** Parses {@code REGISTRY/REPO:TAG}; a missing tag means {@code latest}; digests are refused. */
    public static RegistryReference parse(String text) {
        // Quoted masked: a reference given as user:password@host/repo:tag must not print the password.
        String shown = Redaction.reference(text);
        if (!shown.equals(Redaction.value(text))) {
            throw new StrataException("'" + shown + "' holds credentials; write REGISTRY/REPOSITORY:TAG and log in with "
                    + "--creds USER:PASSWORD, --creds-stdin or docker login HOST instead");
        }
        ImageReference ref;
        try {
            ref = ImageReference.parse(text);
        } catch (InvalidImageReferenceException e) {
            throw new StrataException("'" + shown + "' is not an image reference; write REGISTRY/REPOSITORY:TAG, "
                    + "e.g. 127.0.0.1:5000/tools/hello:1");
        }
        if (ref.getDigest().isPresent()) {
            throw new StrataException("'" + shown + "' names a digest; a push needs a tag, e.g. "
                    + ref.getRegistry() + "/" + ref.getRepository() + ":latest");
        }
        if (!ref.getRepository().equals(ref.getRepository().toLowerCase(Locale.ROOT))) {
            throw new StrataException("'" + shown + "': repository names must be lower case");
        }
        if (ref.getRepository().length() > MAX_REPOSITORY) {
            // The distribution spec's limit: a registry answers NAME_INVALID, but only after the build.
            throw new StrataException("'" + shorten(shown) + "': the repository name has "
                    + ref.getRepository().length() + " characters, and registries take at most " + MAX_REPOSITORY
                    + "; use a shorter name");
        }
        checkPort(ref.getRegistry(), "'" + shown + "'");
        return new RegistryReference(ref.getRegistry(), ref.getRepository(), ref.getTag().orElse("latest"));
    }

    /** The port of {@code HOST:PORT} (or {@code [V6]:PORT}), when there is one, must exist: 1 to 65535. */
    static void checkPort(String registry, String where) {
        int colon = registry.lastIndexOf(':');
        if (colon < 0 || colon < registry.lastIndexOf(']')) {
            return;
        }
        String digits = registry.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            port = Integer.MAX_VALUE;
        }
        if (port < 1 || port > 65535) {
            throw new StrataException(where + " has port " + digits + ", which does not exist; ports go from 1 to 65535");
        }
    }

    public RegistryReference withTag(String otherTag) {
        return new RegistryReference(registry, repository, otherTag);
    }

    /** The Jib reference, for Jib's credential retrievers. */
    public ImageReference toImageReference() {
        return ImageReference.of(registry, repository, tag);
    }

    @Override
    public String toString() {
        return registry + "/" + repository + ":" + tag;
    }
}
