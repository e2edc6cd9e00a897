package dev.strata.source;

import dev.strata.Redaction;
import dev.strata.StrataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where packages come from. As in Nixery, one small type per kind; a source that can move
 * (a branch, a channel, a local directory) has no cache key of its own, an immutable one
 * (a commit) does. The textual form ({@link #spec()}) is what {@code --source} and recipes use.
 *
 * <p>Every value here reaches git or Nix, so the kinds refuse what could be read as an option or
 * break a line: a URL or ref that starts with {@code -} or holds a control character. A URL's
 * user-info (a token) is kept for git and Nix but never shown: {@link #display()} and
 * {@link #describe()} mask it (see {@link Redaction}).
 */
public sealed interface PackageSource {
    Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    /** The kinds {@link #parse} reads, as error messages list them. */
    String KINDS = "demo, nixpkgs, channel:NAME, git:URL[#REF], path:DIR or flake:REF";

    /** The textual form, e.g. {@code git:https://example.org/pkgs.git#v1.2}; {@link #parse} reads it back. */
    String spec();

    /** A cache key part when the source cannot change under the same spec. */
    Optional<String> cacheKey();

    /** A short human description for the GUI and logs, with any credential in a URL masked. */
    String describe();

    /** The textual form with any credential in a URL masked: what may be shown or logged. */
    default String display() {
        return Redaction.text(spec());
    }

    /** The embedded demo package set shipped inside Strata. */
    record Demo() implements PackageSource {
        public String spec() {
            return "demo";
        }

        public Optional<String> cacheKey() {
            // The demo set is part of this Strata build; DemoSet supplies its content hash when resolved.
            return Optional.empty();
        }

        public String describe() {
            return "the embedded demo package set";
        }
    }

    /** {@code <nixpkgs>} as found through NIX_PATH. */
    record Nixpkgs() implements PackageSource {
        public String spec() {
            return "nixpkgs";
        }

        public Optional<String> cacheKey() {
            return Optional.empty();
        }

        public String describe() {
            return "<nixpkgs> from NIX_PATH";
        }
    }

    /**
     * A nixpkgs channel by name ({@code nixos-24.05}, fetched from nixos.org), a nixpkgs commit
     * (40 hex digits, fetched as a GitHub archive; immutable), or the URL of a tarball.
     */
    record Channel(String name) implements PackageSource {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

        public Channel {
            if (name == null || name.isBlank()) {
                throw new StrataException("the channel name is empty; write channel:NAME, e.g. channel:nixos-24.05");
            }
            if (name.contains("://")) {
                checkUrl(name, "channel URL", "channel:https://example.org/nixexprs.tar.xz");
            } else if (!NAME.matcher(name).matches()) {
                throw new StrataException("'" + Redaction.value(name) + "' is not a channel name; write channel:NAME with "
                        + "letters, digits, '.', '_' and '-' (e.g. channel:nixos-24.05), a 40-hex nixpkgs commit or "
                        + "a tarball URL");
            }
        }

        public String spec() {
            return "channel:" + name;
        }

        public boolean isCommit() {
            return COMMIT.matcher(name).matches();
        }

        public boolean isUrl() {
            return name.contains("://");
        }

        /** The tarball Nix fetches. */
        public String tarballUrl() {
            if (isUrl()) {
                return name;
            }
            if (isCommit()) {
                return "https://github.com/NixOS/nixpkgs/archive/" + name + ".tar.gz";
            }
            return "https://nixos.org/channels/" + name + "/nixexprs.tar.xz";
        }

        public Optional<String> cacheKey() {
            return isCommit() ? Optional.of("nixpkgs-commit:" + name) : Optional.empty();
        }

        public String describe() {
            return isCommit() ? "nixpkgs at commit " + name : isUrl() ? "the package set archive " + Redaction.text(name)
                    : "the nixpkgs channel " + name;
        }

        @Override
        public String toString() {
            return display();
        }
    }

    /** A git repository at a branch, a tag or a full commit; no ref means the default branch. */
    record Git(String url, Optional<String> ref) implements PackageSource {
        public Git {
            if (url == null || url.isBlank()) {
                throw new StrataException("the git URL is empty; write git:URL[#REF]");
            }
            checkUrl(url, "git URL", "git:https://example.org/pkgs.git#main");
            url = isLocal(url) && !url.startsWith("/") ? Path.of(url).toAbsolutePath().normalize().toString() : url;
            ref = ref.filter(r -> !r.isBlank());
            if (ref.isPresent()) {
                String r = ref.get();
                if (r.startsWith("-") || hasControl(r) || r.chars().anyMatch(c -> Character.isWhitespace(c) || c == '#')) {
                    throw new StrataException("'" + Redaction.value(r) + "' is not a git ref (a branch or tag name here "
                            + "cannot start with '-' or hold spaces, '#' or control characters); name a branch, a tag "
                            + "or a 40-hex commit, e.g. git:" + Redaction.text(url) + "#main");
                }
            }
        }

        /**
         * Git's rule: a URL without {@code ://} is a local path unless it is scp-like
         * ({@code host:path}, a ':' before any '/'). A relative local path is made absolute here, so
         * that git never reads it from the working directory as a remote name and Nix (which needs
         * absolute paths) gets the same directory.
         */
        static boolean isLocal(String url) {
            if (url.contains("://")) {
                return false;
            }
            int colon = url.indexOf(':');
            int slash = url.indexOf('/');
            return colon < 0 || (slash >= 0 && slash < colon);
        }

        public String spec() {
            // A URL holding '#' gets an empty ref, so that the last '#' still ends the URL when read back.
            return "git:" + url + ref.map(r -> "#" + r).orElse(url.contains("#") ? "#" : "");
        }

        /** A full 40-hex commit, as opposed to a branch or tag name that may move. */
        public boolean isCommit() {
            return ref.map(r -> COMMIT.matcher(r).matches()).orElse(false);
        }

        public Optional<String> cacheKey() {
            return isCommit() ? Optional.of("git:" + Redaction.text(url) + "@" + ref.get()) : Optional.empty();
        }

        public String describe() {
            return Redaction.text(url) + ref.map(r -> (isCommit() ? " at commit " : " at ") + r)
                    .orElse(" (default branch)");
        }

        @Override
        public String toString() {
            return display();
        }
    }

    /** A local file or directory holding a package set; it can change, so it has no cache key. */
    record LocalPath(Path path) implements PackageSource {
        public LocalPath {
            path = path.toAbsolutePath().normalize();
        }

        public String spec() {
            return "path:" + path;
        }

        public Optional<String> cacheKey() {
            return Optional.empty();
        }

        public String describe() {
            return "the package set at " + path;
        }
    }

    /**
     * A flake, by any reference Nix accepts: a local directory ({@code ./dir}, {@code /abs/dir}),
     * {@code git+file:///repo?rev=...}, {@code github:owner/repo/REV}, {@code path:/dir} ... Nix locks
     * it when it is used ({@link LockedFlake}); whether results are cached is decided then, by what the
     * lock holds (a commit or a content hash), not by the text. A relative directory is made absolute
     * here, so that Nix (whose working directory is not the user's) and a saved recipe mean the same one.
     */
    record Flake(String ref) implements PackageSource {
        public Flake {
            if (ref == null || ref.isBlank()) {
                throw new StrataException("the flake reference is empty; write flake:REF, e.g. flake:./my-flake or "
                        + "flake:github:owner/repo/COMMIT");
            }
            checkUrl(ref, "flake reference", "flake:/home/me/my-flake");
            if (ref.contains("#")) {
                throw new StrataException("the flake reference '" + Redaction.value(ref) + "' names an attribute after "
                        + "'#'; give the flake alone and the packages as names, e.g. --source flake:"
                        + Redaction.text(ref.substring(0, ref.indexOf('#'))) + " " + (ref.endsWith("#") ? "hello"
                        : Redaction.text(ref.substring(ref.indexOf('#') + 1))));
            }
            ref = absolute(ref);
        }

        /** Nix reads {@code .}, {@code ./x}, {@code ../x} and {@code /x} (and {@code path:} with such a path) as directories. */
        private static String absolute(String ref) {
            String scheme = ref.startsWith("path:") ? "path:" : "";
            String rest = ref.substring(scheme.length());
            int query = rest.indexOf('?');
            String dir = query < 0 ? rest : rest.substring(0, query);
            boolean local = dir.equals(".") || dir.equals("..") || dir.startsWith("./") || dir.startsWith("../")
                    || dir.startsWith("/") || (!scheme.isEmpty() && !dir.isEmpty());
            if (!local) {
                return ref;
            }
            return scheme + Path.of(dir).toAbsolutePath().normalize() + (query < 0 ? "" : rest.substring(query));
        }

        public String spec() {
            return "flake:" + ref;
        }

        public Optional<String> cacheKey() {
            return Optional.empty(); // decided by the lock: see LockedFlake#cacheKey
        }

        public String describe() {
            return "the flake " + Redaction.text(ref);
        }

        @Override
        public String toString() {
            return display();
        }
    }

    /** Refuses a URL git or Nix could read as an option, or that breaks a line of a message or log. */
    private static void checkUrl(String url, String what, String example) {
        if (url.startsWith("-")) {
            throw new StrataException("the " + what + " '" + Redaction.value(url) + "' starts with '-', which git or Nix "
                    + "would read as an option; write a URL or an absolute path, e.g. " + example);
        }
        if (hasControl(url)) {
            throw new StrataException("the " + what + " '" + Redaction.value(url) + "' holds a control character "
                    + "(a line break, a tab, ...); write it on one line, e.g. " + example);
        }
    }

    private static boolean hasControl(String s) {
        return s.codePoints().anyMatch(Redaction::unprintable);
    }

    /**
     * Reads a {@code --source} value: {@code demo}, {@code nixpkgs}, {@code channel:NAME},
     * {@code git:URL[#REF]}, {@code path:DIR} or {@code flake:REF}.
     */
    /**
     * A location without the spaces around it: they are the user's spacing ({@code git: /srv/pkgs}),
     * never part of it, so the spec read back names the same source. Only spaces: a tab or a line
     * break stays, to be refused as a control character.
     */
    private static String spaced(String location) {
        int from = 0;
        int to = location.length();
        while (from < to && location.charAt(from) == ' ') {
            from++;
        }
        while (to > from && location.charAt(to - 1) == ' ') {
            to--;
        }
        return location.substring(from, to);
    }

    static PackageSource parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new StrataException("no package source given; use " + KINDS);
        }
        String s = spec.strip();
        if (s.equals("demo")) {
            return new Demo();
        }
        if (s.equals("nixpkgs")) {
            return new Nixpkgs();
        }
        if (s.startsWith("channel:")) {
            return new Channel(spaced(s.substring("channel:".length())));
        }
        if (s.startsWith("git:")) {
            String rest = spaced(s.substring("git:".length()));
            int hash = rest.lastIndexOf('#');
            return hash < 0 ? new Git(rest, Optional.empty())
                    : new Git(spaced(rest.substring(0, hash)), Optional.of(rest.substring(hash + 1)));
        }
        if (s.startsWith("flake:")) {
            return new Flake(spaced(s.substring("flake:".length())));
        }
        if (s.startsWith("path:")) {
            String dir = spaced(s.substring("path:".length()));
            if (dir.isBlank()) {
                throw new StrataException("the path is empty; write path:DIR with a directory holding default.nix");
            }
            if (hasControl(dir)) {
                throw new StrataException("the package set path '" + Redaction.value(dir) + "' holds a control character; "
                        + "rename the directory or give it without line breaks and tabs");
            }
            Path p = Path.of(dir);
            if (!Files.exists(p)) {
                throw new StrataException("the package set path '" + Redaction.value(dir) + "' does not exist; give a directory holding "
                        + "default.nix or a .nix file, e.g. --source path:./my-packages");
            }
            return new LocalPath(p);
        }
        throw new StrataException("unknown package source '" + Redaction.value(spec) + "'; use " + KINDS);
    }
}
