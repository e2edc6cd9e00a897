package dev.strata.source;

import dev.strata.Redaction;
import dev.strata.StrataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Pins a {@link PackageSource} for one use: finds the demo set's files, resolves a git ref to its
 * commit (telling branch, tag and commit apart), checks that a path holds a package set file, and
 * has Nix lock a flake.
 */
public final class SourceResolver {
    private final GitRefResolver git;
    private final Path demoDir;
    private final Supplier<String> demoIdentity;
    private final Function<PackageSource.Flake, LockedFlake> flakes;

    /**
     * @param demoDir the directory of the embedded demo set
     * @param demoIdentity a hash of everything the demo set's builds depend on (asked for when needed)
     * @param flakes locks a flake (Nix does: {@code nix flake metadata})
     */
    public SourceResolver(GitRefResolver git, Path demoDir, Supplier<String> demoIdentity,
                          Function<PackageSource.Flake, LockedFlake> flakes) {
        this.git = git;
        this.demoDir = demoDir;
        this.demoIdentity = demoIdentity;
        this.flakes = flakes;
    }

    public ResolvedSource resolve(PackageSource source) {
        if (source instanceof PackageSource.Demo) {
            return new ResolvedSource(source, "demo", demoDir.toString(), "", "",
                    Optional.of("demo:" + demoIdentity.get()), source.describe());
        }
        if (source instanceof PackageSource.Nixpkgs) {
            return new ResolvedSource(source, "nixpkgs", "", "", "", Optional.empty(), source.describe());
        }
        if (source instanceof PackageSource.Channel c) {
            return new ResolvedSource(source, "channel", c.tarballUrl(), "", "", c.cacheKey(), c.describe());
        }
        if (source instanceof PackageSource.Git g) {
            GitRef ref = git.resolve(g.url(), g.ref());
            // The key and the description leave a credential out: a new token must not change the key.
            String shown = Redaction.text(g.url());
            return new ResolvedSource(source, "git", g.url(), ref.fullRef(), ref.commit(),
                    Optional.of("git:" + shown + "@" + ref.commit()), shown + " at " + ref.describe());
        }
        if (source instanceof PackageSource.Flake f) {
            LockedFlake lock = flakes.apply(f);
            String shown = Redaction.text(f.ref());
            return new ResolvedSource(source, "flake", lock.url(), "", lock.rev().orElse(""), lock.cacheKey(),
                    "the flake " + shown + ", " + lock.describeLock(), lock.warning(shown).stream().toList());
        }
        if (source instanceof PackageSource.LocalPath p) {
            Path path = p.path();
            if (Files.isDirectory(path) && !Files.isRegularFile(path.resolve("default.nix"))) {
                throw new StrataException("'" + path + "' is not a package set: it has no default.nix; "
                        + "give a directory holding default.nix or the .nix file itself");
            }
            if (!Files.exists(path)) {
                throw new StrataException("the package set path '" + path + "' does not exist");
            }
            return new ResolvedSource(source, "path", path.toString(), "", "", Optional.empty(), p.describe());
        }
        throw new IllegalArgumentException("unknown source " + source);
    }
}
