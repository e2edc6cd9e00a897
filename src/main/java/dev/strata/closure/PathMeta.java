package dev.strata.closure;

import java.util.List;
import java.util.Objects;

/**
 * What the package set says of the derivation a store path is an output of: its name and version
 * (nixpkgs' {@code pname} and {@code version}), licences and homepage. Store paths that no
 * derivation of the set explains have none; see {@link #fromName(StorePath)}.
 */
public record PathMeta(String pname, String version, List<Licence> licences, String homepage) {
    public PathMeta {
        pname = Objects.requireNonNullElse(pname, "");
        version = Objects.requireNonNullElse(version, "");
        licences = List.copyOf(licences);
        homepage = Objects.requireNonNullElse(homepage, "");
    }

    /**
     * Name and version read from a store path's name as Nix's {@code parseDrvName} splits it: the
     * version starts at the first dash followed by a digit ({@code glibc-2.39-52} is glibc 2.39-52,
     * {@code python3-3.11.9-env} is python3 3.11.9-env); no licences, no homepage.
     */
    public static PathMeta fromName(StorePath path) {
        String name = path.name();
        for (int i = 0; i + 1 < name.length(); i++) {
            if (name.charAt(i) == '-' && Character.isDigit(name.charAt(i + 1))) {
                return new PathMeta(name.substring(0, i), name.substring(i + 1), List.of(), "");
            }
        }
        return new PathMeta(name, "", List.of(), "");
    }
}
