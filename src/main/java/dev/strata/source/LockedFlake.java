package dev.strata.source;

import dev.strata.Redaction;
import java.util.Optional;

/**
 * A flake as Nix locked it for one use ({@code nix flake metadata --json}): the reference that
 * names exactly this content, and what the lock rests on. Nix locks a clean git checkout (or a
 * git URL at a branch) to a commit, a plain directory or a tarball to the hash of its contents
 * ({@code narHash}); both cannot change under the locked reference, so Strata caches results by it,
 * like a git commit. A git checkout with uncommitted changes cannot be locked: Nix reads its tracked
 * files as they are on disk each time, so nothing is cached for it.
 *
 * @param url the locked reference Nix gives back (unlocked only for a dirty git tree)
 * @param type Nix's input type: {@code git}, {@code path}, {@code github}, {@code tarball} ...
 * @param rev the commit, for git-like types; empty otherwise or when the tree is dirty
 * @param narHash the hash of the flake's source tree as Nix copied it
 */
public record LockedFlake(String url, String type, Optional<String> rev, Optional<String> narHash) {
    /** A git tree with changes git has not committed: Nix locks it to no commit. */
    public boolean dirty() {
        return type.equals("git") && rev.isEmpty();
    }

    /** Locked by a commit or by a content hash that Nix checks again when it fetches the flake. */
    public boolean locked() {
        return !dirty() && (rev.isPresent() || narHash.isPresent() && url.contains("narHash="));
    }

    /** The cache key part: the locked reference (credentials masked) and the content hash. */
    public Optional<String> cacheKey() {
        return locked() ? Optional.of("flake:" + Redaction.text(url) + "@" + narHash.orElse("")) : Optional.empty();
    }

    /** What the lock rests on, for people: "at commit 0123456789ab", "content sha256-AbC...". */
    public String describeLock() {
        if (dirty()) {
            return "with uncommitted changes";
        }
        if (rev.isPresent()) {
            return "locked at commit " + rev.get();
        }
        return narHash.map(h -> "locked to its content " + h).orElse("not locked");
    }

    /** For a dirty tree: what Nix sees and does not see, in one sentence. */
    public Optional<String> warning(String shown) {
        return dirty() ? Optional.of("the git tree of the flake " + shown + " has uncommitted changes: Nix reads its "
                + "tracked files as they are on disk and does not see files git does not track (git add them); "
                + "commit to lock it to a commit and cache its results") : Optional.empty();
    }
}
