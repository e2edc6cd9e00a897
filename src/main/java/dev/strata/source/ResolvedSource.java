package dev.strata.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A package source pinned for one use: what {@code nix/load-set.nix} needs to import it, and a
 * cache key when what it names cannot change (a commit, the embedded demo set of this build).
 * A git branch or tag is resolved to the commit it points at now, so the build is cacheable by
 * that commit even though the branch itself moves; a flake is locked by Nix ({@link LockedFlake}).
 *
 * @param warnings sentences a face shows when the source is used (a flake's uncommitted changes)
 */
public record ResolvedSource(PackageSource source, String kind, String value, String ref, String rev,
                             Optional<String> cacheKey, String description, List<String> warnings) {
    public ResolvedSource {
        warnings = List.copyOf(warnings);
    }

    public ResolvedSource(PackageSource source, String kind, String value, String ref, String rev,
                          Optional<String> cacheKey, String description) {
        this(source, kind, value, ref, rev, cacheKey, description, List.of());
    }

    /**
     * {@code --argstr} pairs for load-set.nix and prepare-image.nix: every value is data, never Nix
     * code. A flake also needs Nix's flakes feature ({@code builtins.getFlake}), switched on for this
     * call alone: nobody has to edit nix.conf.
     */
    public List<String> nixArgs(String system, boolean allowUnfree, boolean allowBroken) {
        List<String> args = new ArrayList<>();
        if (kind.equals("flake")) {
            args.addAll(FLAKES);
        }
        argstr(args, "kind", kind);
        argstr(args, "value", value);
        argstr(args, "ref", ref);
        argstr(args, "rev", rev);
        argstr(args, "system", system);
        argstr(args, "allowUnfree", Boolean.toString(allowUnfree));
        argstr(args, "allowBroken", Boolean.toString(allowBroken));
        return args;
    }

    /** The options that switch on flakes for one Nix call (Nix 2.8 keeps them experimental). */
    public static final List<String> FLAKES = List.of("--extra-experimental-features", "nix-command flakes");

    private static void argstr(List<String> args, String name, String value) {
        args.add("--argstr");
        args.add(name);
        args.add(value == null ? "" : value);
    }

    /** The description: {@code value} may hold a credential (a git URL's), which must not be printed. */
    @Override
    public String toString() {
        return description;
    }

    /** True when results computed from this source may be cached across runs. */
    public boolean cacheable() {
        return cacheKey.isPresent();
    }
}
