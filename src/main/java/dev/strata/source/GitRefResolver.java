package dev.strata.source;

import dev.strata.ChildProcesses;
import dev.strata.Redaction;
import dev.strata.StrataException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Tells a branch, a tag and a commit apart, precisely: a full 40-hex name is a commit; any other
 * name is looked up with {@code git ls-remote} among {@code refs/heads/} and {@code refs/tags/}
 * (a name that is both must be written as {@code refs/heads/X} or {@code refs/tags/X}); no name
 * means the remote's default branch. Abbreviated commits are refused, because a short hex string
 * may also be a branch name and may stop being unique.
 *
 * <p>Nothing from outside reaches git as an option: the URL follows {@code --}, ref names are
 * checked with {@code git check-ref-format} in their {@code refs/...} form, and git runs in
 * {@code /} so that the user's own checkout (its remotes and config) never changes what a URL means.
 */
public final class GitRefResolver {
    private static final Pattern SHORT_HEX = Pattern.compile("[0-9a-f]{4,39}");

    private final Function<List<String>, ProcessBuilder> processFactory;
    private final Duration timeout;

    public GitRefResolver() {
        this(ProcessBuilder::new, Duration.ofMinutes(2));
    }

    public GitRefResolver(Function<List<String>, ProcessBuilder> processFactory, Duration timeout) {
        this.processFactory = processFactory;
        this.timeout = timeout;
    }

    public GitRef resolve(String url, Optional<String> ref) {
        if (ref.isPresent() && PackageSource.COMMIT.matcher(ref.get()).matches()) {
            return new GitRef(GitRef.Kind.COMMIT, ref.get(), ref.get());
        }
        ref.ifPresent(this::checkRefFormat);
        String listing = lsRemote(url);
        return resolve(url, ref, parse(listing));
    }

    /** Resolves against an {@code ls-remote --symref} listing (ref name to commit, plus "HEAD->" symref). */
    static GitRef resolve(String url, Optional<String> ref, Map<String, String> refs) {
        if (ref.isEmpty()) {
            String target = refs.get("HEAD->");
            String commit = refs.get("HEAD");
            if (commit == null) {
                throw new StrataException("the git repository '" + url + "' has no default branch (HEAD); "
                        + "name a branch, tag or commit with git:" + url + "#REF");
            }
            String name = target != null ? target.replaceFirst("^refs/heads/", "") : "HEAD";
            return new GitRef(GitRef.Kind.DEFAULT_BRANCH, name, commit);
        }
        String name = ref.get();
        if (name.startsWith("refs/heads/") && refs.containsKey(name)) {
            return new GitRef(GitRef.Kind.BRANCH, name.substring("refs/heads/".length()), refs.get(name));
        }
        if (name.startsWith("refs/tags/") && refs.containsKey(name)) {
            return new GitRef(GitRef.Kind.TAG, name.substring("refs/tags/".length()), tagCommit(refs, name));
        }
        String branch = refs.get("refs/heads/" + name);
        String tag = refs.containsKey("refs/tags/" + name) ? tagCommit(refs, "refs/tags/" + name) : null;
        if (branch != null && tag != null) {
            throw new StrataException("'" + name + "' is both a branch and a tag in " + url
                    + "; write git:" + url + "#refs/heads/" + name + " or git:" + url + "#refs/tags/" + name);
        }
        if (branch != null) {
            return new GitRef(GitRef.Kind.BRANCH, name, branch);
        }
        if (tag != null) {
            return new GitRef(GitRef.Kind.TAG, name, tag);
        }
        if (SHORT_HEX.matcher(name).matches()) {
            throw new StrataException("'" + name + "' is neither a branch nor a tag of " + url
                    + " and looks like an abbreviated commit; give the full 40-hex commit id");
        }
        throw new StrataException("there is no branch or tag named '" + name + "' in " + url
                + "; existing branches: " + names(refs, "refs/heads/") + "; tags: " + names(refs, "refs/tags/"));
    }

    private static String tagCommit(Map<String, String> refs, String tagRef) {
        // Annotated tags list the tag object; "^{}" is the commit it points to.
        return refs.getOrDefault(tagRef + "^{}", refs.get(tagRef));
    }

    private static String names(Map<String, String> refs, String prefix) {
        List<String> names = new ArrayList<>();
        for (String r : refs.keySet()) {
            if (r.startsWith(prefix) && !r.endsWith("^{}")) {
                names.add(r.substring(prefix.length()));
            }
        }
        if (names.isEmpty()) {
            return "none";
        }
        names.sort(null);
        return String.join(", ", names.subList(0, Math.min(15, names.size()))) + (names.size() > 15 ? ", ..." : "");
    }

    static Map<String, String> parse(String listing) {
        Map<String, String> refs = new LinkedHashMap<>();
        for (String line : listing.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t");
            if (parts.length != 2) {
                continue;
            }
            if (parts[0].startsWith("ref: ")) {
                refs.put(parts[1] + "->", parts[0].substring("ref: ".length()).strip());
            } else {
                refs.put(parts[1].strip(), parts[0].strip());
            }
        }
        return refs;
    }

    private String lsRemote(String url) {
        Git git = run(List.of("git", "ls-remote", "--symref", "--", url), "listing the refs of " + Redaction.text(url));
        if (git.exit() != 0) {
            throw new StrataException("the git repository '" + url + "' cannot be read (" + git.err()
                    + "); check the URL and that you have access");
        }
        return git.out();
    }

    /**
     * Refuses a ref name git itself would refuse ({@code git check-ref-format}: no "..", no ':', no
     * '~', no "@{", ...). That command has no {@code --}, so the name is always checked as
     * {@code refs/heads/NAME} (or as given when it starts with {@code refs/}): nothing from outside
     * is ever its first argument.
     */
    void checkRefFormat(String ref) {
        if (ref.startsWith("-")) {
            throw new StrataException("'" + Redaction.value(ref) + "' is not a git ref: it starts with '-'");
        }
        String full = ref.startsWith("refs/") ? ref : "refs/heads/" + ref;
        Git git = run(List.of("git", "check-ref-format", full), "checking the ref name " + ref);
        if (git.exit() != 0) {
            throw new StrataException("'" + Redaction.value(ref) + "' is not a valid git branch or tag name "
                    + "(git check-ref-format refuses it: no spaces, '..', ':', '~', '^', '?', '*', '[', '\\' or "
                    + "\"@{\"); name a branch, a tag or a 40-hex commit");
        }
    }

    /** A finished git command: exit code, standard output, standard error on one line. */
    private record Git(int exit, String out, String err) {}

    /** Copies a child's output on a daemon thread, so waiting for the child keeps its timeout. */
    private static Thread copying(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException ignored) {
                // process gone
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Runs git away from the working directory (a checkout's remotes and config must not change
     * what a URL means), without prompting for credentials, under the resolver's timeout.
     */
    private Git run(List<String> argv, String what) {
        ProcessBuilder pb = processFactory.apply(argv);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.directory(new File("/"));
        pb.redirectErrorStream(false);
        Process p;
        try {
            p = ChildProcesses.start(pb);
        } catch (IOException e) {
            throw new StrataException("git is not installed (" + e.getMessage()
                    + "); install it (apt-get install git) to use git: package sources");
        }
        try {
            p.getOutputStream().close();
            var out = new ByteArrayOutputStream();
            var err = new ByteArrayOutputStream();
            Thread t = copying(p.getErrorStream(), err);
            // Read the listing on its own thread too: reading it here would wait for git without the
            // timeout, and git waits for ever on a server that accepts and never answers.
            Thread o = copying(p.getInputStream(), out);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new StrataException("git did not answer within " + timeout.toSeconds() + " s " + what
                        + "; check the URL and your network");
            }
            t.join(5000);
            o.join(5000);
            return new Git(p.exitValue(), out.toString(StandardCharsets.UTF_8),
                    Redaction.text(err.toString(StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ")));
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CancellationException("cancelled while " + what);
        } catch (IOException e) {
            throw new StrataException("reading git's answer " + what + " failed: " + e.getMessage());
        }
    }
}
