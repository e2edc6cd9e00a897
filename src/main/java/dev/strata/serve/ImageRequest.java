package dev.strata.serve;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An image name read as Nixery reads it: each path component is a package (dots reach nested
 * attributes), a leading {@code shell} adds a shell and core utilities, names are sorted and
 * de-duplicated, so {@code git/shell/htop} and {@code shell/htop/git} are the same image. The tag
 * picks a revision for git sources ({@code latest} = the default branch) and is ignored otherwise.
 *
 * <p>Names must follow the registry grammar (lowercase components separated by {@code /},
 * separators {@code . _ __ -}); Nix attribute paths with capitals are found through the
 * case-insensitive fallback of the package lookup.
 */
public record ImageRequest(String name, List<String> packages, boolean shell, String tag) {
    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_PACKAGES = 64;
    public static final String SHELL = "shell";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

    public ImageRequest {
        packages = List.copyOf(packages);
    }

    /** Thrown for a name or reference that breaks the grammar; carries the registry error code. */
    public static final class InvalidName extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final RegistryError code;

        InvalidName(RegistryError code, String message) {
            super(message);
            this.code = code;
        }

        public RegistryError code() {
            return code;
        }
    }

    public static ImageRequest parse(String name, String tag) {
        validateName(name);
        if (!TAG.matcher(tag).matches()) {
            throw new InvalidName(RegistryError.TAG_INVALID, "tag '" + tag + "' is not valid");
        }
        String[] parts = name.split("/");
        boolean shell = parts[0].equals(SHELL);
        TreeSet<String> pkgs = new TreeSet<>();
        for (int i = shell ? 1 : 0; i < parts.length; i++) {
            pkgs.add(parts[i]);
        }
        if (pkgs.size() > MAX_PACKAGES) {
            throw new InvalidName(RegistryError.NAME_INVALID, "image names may list at most " + MAX_PACKAGES
                    + " packages, this one lists " + pkgs.size());
        }
        if (pkgs.isEmpty() && !shell) {
            throw new InvalidName(RegistryError.NAME_INVALID, "the image name names no package");
        }
        return new ImageRequest(name, List.copyOf(pkgs), shell, tag);
    }

    /**
     * The name every spelling of this image shares: {@code shell} first when asked for, then the
     * packages sorted ({@code shell/htop/git} and {@code shell/git/htop/git} are {@code shell/git/htop}).
     */
    public String canonicalName() {
        return (shell ? SHELL + (packages.isEmpty() ? "" : "/") : "") + String.join("/", packages);
    }

    public static void validateName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new InvalidName(RegistryError.NAME_INVALID, "repository names are 1 to " + MAX_NAME_LENGTH
                    + " characters long");
        }
        for (String part : name.split("/", -1)) {
            if (!COMPONENT.matcher(part).matches() || part.contains("..")) {
                throw new InvalidName(RegistryError.NAME_INVALID, "'" + name + "' is not a valid repository name: "
                        + "use lowercase package names separated by '/', e.g. shell/hello");
            }
        }
    }

    public static boolean isDigest(String reference) {
        return DIGEST.matcher(reference).matches();
    }
}
