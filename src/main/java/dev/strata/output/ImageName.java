package dev.strata.output;

import dev.strata.StrataException;
import java.util.regex.Pattern;

/**
 * The name an image is saved under, {@code NAME:TAG} as {@code -t} takes it, e.g. {@code demo/hello:1}
 * or {@code registry.example:5000/team/app:2.1}; a missing tag means {@code latest}. Names follow
 * Docker's reference grammar: lowercase path components, an optional registry host first.
 */
public record ImageName(String repository, String tag) {
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String HOST_PART = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern HOST = Pattern.compile(HOST_PART + "(?:\\." + HOST_PART + ")*(?::[0-9]+)?");
    private static final Pattern PATH = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public ImageName {
        if (!validRepository(repository) || tag == null || !TAG.matcher(tag).matches()) {
            throw new StrataException("'" + repository + ":" + tag + "' is not an image name; write NAME:TAG with a "
                    + "lowercase name and a tag of letters, digits, '.', '_' or '-', e.g. -t demo/hello:1");
        }
    }

    /** Parses {@code NAME[:TAG]}; digests ({@code @sha256:...}) are refused, a name needs a tag. */
    public static ImageName parse(String text) {
        if (text == null || text.isBlank()) {
            throw new StrataException("the image name is empty; write NAME:TAG, e.g. -t demo/hello:1");
        }
        String t = text.strip();
        if (t.contains("@")) {
            throw new StrataException("'" + text + "' names a digest; an image is saved under NAME:TAG, e.g. -t demo/hello:1");
        }
        int slash = t.lastIndexOf('/');
        int colon = t.lastIndexOf(':');
        String repo = t;
        String tag = "latest";
        if (colon > slash) {
            repo = t.substring(0, colon);
            tag = t.substring(colon + 1);
        }
        int firstSlash = repo.indexOf('/');
        if (firstSlash > 0 && HOST.matcher(repo.substring(0, firstSlash)).matches()
                && repo.substring(0, firstSlash).contains(":") && !portExists(repo.substring(0, firstSlash))) {
            throw new StrataException("'" + text + "' has port " + repo.substring(repo.indexOf(':') + 1, firstSlash)
                    + ", which does not exist; ports go from 1 to 65535");
        }
        if (!validRepository(repo) || !TAG.matcher(tag).matches()) {
            throw new StrataException("'" + text + "' is not an image name; write NAME:TAG with a lowercase name and a "
                    + "tag of letters, digits, '.', '_' or '-', e.g. -t demo/hello:1");
        }
        return new ImageName(repo, tag);
    }

    private static boolean validRepository(String repo) {
        if (repo == null || repo.isEmpty() || repo.length() > 255) {
            return false;
        }
        int slash = repo.indexOf('/');
        if (slash > 0) {
            String first = repo.substring(0, slash);
            boolean isHost = first.contains(".") || first.contains(":") || first.equals("localhost");
            if (isHost) {
                return HOST.matcher(first).matches() && portExists(first)
                        && PATH.matcher(repo.substring(slash + 1)).matches();
            }
        }
        return PATH.matcher(repo).matches();
    }

    /** A {@code HOST:PORT}'s port is 1 to 65535 (the pattern only says digits). */
    private static boolean portExists(String host) {
        int colon = host.indexOf(':');
        if (colon < 0) {
            return true;
        }
        String digits = host.substring(colon + 1);
        return digits.length() <= 5 && Integer.parseInt(digits) >= 1 && Integer.parseInt(digits) <= 65535;
    }

    /**
     * The fully qualified form Docker and containerd use: {@code docker.io/library/} added to a
     * one-component name, {@code docker.io/} to a name without a registry host.
     */
    public String qualified() {
        int slash = repository.indexOf('/');
        String first = slash < 0 ? "" : repository.substring(0, slash);
        boolean hasHost = slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        String repo = hasHost ? repository : slash < 0 ? "docker.io/library/" + repository : "docker.io/" + repository;
        return repo + ":" + tag;
    }

    /** {@code NAME:TAG}. */
    @Override
    public String toString() {
        return repository + ":" + tag;
    }
}
