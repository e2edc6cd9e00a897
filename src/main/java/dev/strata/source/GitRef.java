package dev.strata.source;

/** A git ref as resolved against the repository: what kind of name it was and the commit it names now. */
public record GitRef(Kind kind, String name, String commit) {
    public enum Kind { DEFAULT_BRANCH, BRANCH, TAG, COMMIT }

    /** The full ref name for Nix's fetchGit, or empty for a bare commit. */
    public String fullRef() {
        return switch (kind) {
            case DEFAULT_BRANCH, BRANCH -> name.startsWith("refs/") ? name : "refs/heads/" + name;
            case TAG -> name.startsWith("refs/") ? name : "refs/tags/" + name;
            case COMMIT -> "";
        };
    }

    public String describe() {
        String shortCommit = commit.substring(0, Math.min(12, commit.length()));
        return switch (kind) {
            case DEFAULT_BRANCH -> "default branch " + name + " (now at " + shortCommit + ")";
            case BRANCH -> "branch " + name + " (now at " + shortCommit + ")";
            case TAG -> "tag " + name + " (commit " + shortCommit + ")";
            case COMMIT -> "commit " + commit;
        };
    }
}
