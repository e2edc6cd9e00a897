package dev.strata.nix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.Redaction;
import dev.strata.StrataException;
import dev.strata.source.LockedFlake;
import dev.strata.source.PackageSource;
import dev.strata.source.ResolvedSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Locks a flake with {@code nix flake metadata --json} and says in a sentence why it could not:
 * no flake.nix, a directory that does not exist, a lock file that is missing or stale, a commit
 * that is not there. The reference reaches Nix after {@code --}, so it is never read as an option;
 * {@code --no-update-lock-file} keeps Nix from writing into the user's directory and fails, as
 * {@code builtins.getFlake} would later, when the flake's inputs are not locked.
 *
 * <p>Evaluating a git flake can fail later for a reason Nix words obscurely: a file the flake
 * imports that git does not track is missing from the copy Nix made ({@link #explain(NixFailure, ResolvedSource)}).
 */
final class FlakeMetadata {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MISSING_IN_COPY =
            Pattern.compile("getting status of '/nix/store/[0-9a-z]{32}-source/([^']*)': No such file or directory");
    private static final Pattern MISSING_DIR = Pattern.compile("getting status of '([^']*)': No such file or directory");

    private static final String NO_PACKAGES = "the flake has no packages";

    private FlakeMetadata() {}

    static NixCommand command(PackageSource.Flake flake, Duration timeout) {
        List<String> argv = new ArrayList<>(List.of("nix"));
        argv.addAll(ResolvedSource.FLAKES);
        argv.addAll(List.of("flake", "metadata", "--json", "--no-update-lock-file", "--log-format", "internal-json",
                "--", flake.ref()));
        return new NixCommand(argv, "locking " + flake.describe(), timeout);
    }

    static LockedFlake lock(NixRunner runner, PackageSource.Flake flake, Duration timeout) {
        String out;
        try {
            out = runner.run(command(flake, timeout), NixProgress.Listener.NONE);
        } catch (NixFailure e) {
            throw explain(e, flake);
        }
        return parse(out, flake);
    }

    static LockedFlake parse(String json, PackageSource.Flake flake) {
        JsonNode m;
        try {
            m = JSON.readTree(json);
        } catch (IOException e) {
            throw new StrataException("Nix printed something that is not JSON while locking " + flake.describe()
                    + ": " + e.getMessage());
        }
        JsonNode locked = m.path("locked");
        String url = m.path("url").asText("");
        if (url.isEmpty() || !locked.isObject()) {
            throw new StrataException("Nix gave no locked reference for " + flake.describe() + "; check the reference "
                    + "with: nix flake metadata " + Redaction.text(flake.ref()));
        }
        return new LockedFlake(url, locked.path("type").asText(""), text(locked, "rev"), text(locked, "narHash"));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }

    /** Nix's refusal to lock, as one sentence about the flake the user named. */
    static StrataException explain(NixFailure e, PackageSource.Flake flake) {
        if (e.kind() != NixFailure.Kind.EVALUATION) {
            return e;
        }
        String m = e.getMessage();
        String ref = "'" + Redaction.value(flake.ref()) + "'";
        if (m.contains("does not contain a 'flake.nix'") || m.contains("not part of a flake")
                || m.contains("could not find a flake.nix") || m.matches("(?s).*-source/flake\\.nix': No such file.*")) {
            return new StrataException(ref + " is not a flake: there is no flake.nix in it (nor, for a directory, in "
                    + "the directories above it); give the directory that holds flake.nix, or use --source path:DIR for "
                    + "a package set with a default.nix");
        }
        if (m.contains("requires lock file changes")) {
            return new StrataException("the flake " + ref + " has inputs that its flake.lock does not lock (the file is "
                    + "missing or out of date); run: nix flake lock " + Redaction.text(flake.ref())
                    + " (and commit flake.lock), then try again");
        }
        if (m.contains("Cannot find Git revision") || m.contains("has wrong length for hash type 'sha1'")) {
            return new StrataException("the flake " + ref + " names a commit its repository does not have; give a full "
                    + "40-hex commit of that repository (rev=...) or a branch (ref=...)");
        }
        Matcher missing = MISSING_DIR.matcher(m);
        if (missing.find() && !missing.group(1).startsWith("/nix/store/")) {
            return new StrataException("the flake " + ref + " names the directory " + missing.group(1) + ", which does "
                    + "not exist; give the directory that holds flake.nix");
        }
        if (m.contains("is not a valid URL") && flake.ref().startsWith("/") && flake.ref().contains(" ")) {
            return spaceInPath(flake.ref(), ref);
        }
        if (m.contains("is unsupported") || m.contains("is not a valid URL")) {
            return new StrataException(ref + " is not a flake reference Nix understands; write a directory (./dir, "
                    + "/abs/dir), path:DIR, git+file:///repo?rev=COMMIT, github:OWNER/REPO/REV or another flake URL");
        }
        if ((m.contains("flake-registry") || m.contains("flake registries"))
                && flake.ref().matches("[A-Za-z][A-Za-z0-9_-]*")) {
            // A bare word is a name in Nix's flake registry (downloaded from the network), not a directory.
            return new StrataException(ref + " is a name Nix looks up in its flake registry, and that failed ("
                    + stripPrefix(m) + "); for the directory " + flake.ref() + " write flake:./" + flake.ref()
                    + ", for a repository a flake URL such as git+file:///repo or github:OWNER/REPO");
        }
        return new StrataException("Nix could not lock the flake " + ref + ": " + stripPrefix(m));
    }

    /**
     * Nix parses a flake directory as a URL, and a URL holds no space. A git checkout can be named by
     * a {@code git+file:} URL with the space percent-encoded, but then Nix cannot find the checkout's
     * branch and asks for {@code master}: the URL names the branch ({@code .git/HEAD}) with {@code ?ref=}.
     */
    private static StrataException spaceInPath(String dir, String quoted) {
        String branch = null;
        try {
            String head = Files.readString(Path.of(dir, ".git", "HEAD")).strip();
            branch = head.startsWith("ref: refs/heads/") ? head.substring("ref: refs/heads/".length()) : null;
        } catch (IOException | InvalidPathException e) {
            // not a git checkout (or a worktree or submodule, whose .git is a file): no URL to offer
        }
        String say = "the flake directory " + quoted + " has a space in its path, which Nix cannot read as a flake "
                + "reference; ";
        if (branch == null || !branch.matches("[A-Za-z0-9._/-]+")) {
            return new StrataException(say + "move or copy it to a path without spaces");
        }
        String url = "git+file://" + Redaction.value(dir).replace("%", "%25").replace(" ", "%20") + "?ref=" + branch;
        return new StrataException(say + "write it as a URL, --source 'flake:" + url + "', or move it to a path "
                + "without spaces");
    }

    /**
     * An evaluation failure of a git flake because a file it needs is not tracked by git, said so;
     * and load-set.nix's "no packages for this system" with the flake's name; any other failure unchanged.
     */
    static RuntimeException explain(NixFailure e, ResolvedSource source) {
        if (!source.kind().equals("flake")) {
            return e;
        }
        if (e.getMessage().startsWith(NO_PACKAGES)) { // load-set.nix's own sentence, which cannot name the flake
            return new NixFailure(e.kind(), source.description() + "," + e.getMessage().substring("the flake".length()),
                    e.logTail());
        }
        Matcher m = MISSING_IN_COPY.matcher(e.getMessage());
        if (m.find() && (source.value().startsWith("git+") || source.value().startsWith("git:"))) {
            String file = m.group(1);
            return new NixFailure(e.kind(), source.description() + " needs " + file + ", which is not in the copy Nix "
                    + "made of it: Nix copies only the files git tracks from a git checkout; if the file exists, run: "
                    + "git add " + file, e.logTail());
        }
        return e;
    }

    private static String stripPrefix(String message) {
        String prefix = "Nix failed while ";
        int colon = message.indexOf(": ");
        return message.startsWith(prefix) && colon > 0 ? message.substring(colon + 2) : message;
    }
}
