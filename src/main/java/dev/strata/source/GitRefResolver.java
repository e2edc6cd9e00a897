package dev.strata.source;

import dev.strata.StrataException;
import java.io.IOException;
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
        ProcessBuilder pb = processFactory.apply(List.of("git", "ls-remote", "--symref", url));
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.redirectErrorStream(false);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new StrataException("git is not installed (" + e.getMessage()
                    + "); install it (apt-get install git) to use git: package sources");
        }
        try {
            p.getOutputStream().close();
            var out = new java.io.ByteArrayOutputStream();
            var err = new java.io.ByteArrayOutputStream();
            Thread t = new Thread(() -> {
                try {
                    p.getErrorStream().transferTo(err);
                } catch (IOException ignored) {
                    // process gone
                }
            });
            t.setDaemon(true);
            t.start();
            p.getInputStream().transferTo(out);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new StrataException("git did not answer within " + timeout.toSeconds() + " s listing the refs of "
                        + url + "; check the URL and your network");
            }
            t.join(5000);
            if (p.exitValue() != 0) {
                String msg = err.toString(StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
                throw new StrataException("the git repository '" + url + "' cannot be read (" + msg
                        + "); check the URL and that you have access");
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CancellationException("cancelled while listing the refs of " + url);
        } catch (IOException e) {
            throw new StrataException("reading git's answer for " + url + " failed: " + e.getMessage());
        }
    }
}
