package dev.strata.nix;

import dev.strata.source.GitRefResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real Nix for tests: the shipped expressions, a private cache directory. */
public final class TestNix {
    private TestNix() {}

    public static Nix create(Path cacheDir) {
        return create(cacheDir, Nix.Options.defaults());
    }

    public static Nix create(Path cacheDir, Nix.Options options) {
        return new Nix(new NixRunner(), NixFiles.locate(cacheDir), cacheDir, options, new GitRefResolver());
    }

    /** A package set shipped as a test resource, e.g. {@code nixsets/othersets}. */
    public static Path resourceSet(String name) {
        try {
            return Path.of(TestNix.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " is missing", e);
        }
    }

    /** Runs a command and returns its stdout; fails the test on a non-zero exit. */
    public static String run(Path cwd, String... argv) {
        try {
            Process p = new ProcessBuilder(argv).directory(cwd == null ? null : cwd.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new AssertionError(String.join(" ", argv) + " exited with " + p.exitValue());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code nix-store -qR} of the given paths: an independent view of a closure. */
    public static List<String> nixStoreRequisites(List<String> paths) {
        List<String> argv = new ArrayList<>(List.of("nix-store", "-qR"));
        argv.addAll(paths);
        return run(null, argv.toArray(String[]::new)).lines().sorted().toList();
    }

    /** Makes a git repository whose commits each hold the versioned test set at one version. */
    public static Path versionedRepo(Path dir) {
        try {
            Path repo = dir.resolve("set-repo");
            Files.createDirectories(repo);
            String template = Files.readString(resourceSet("nixsets/versioned").resolve("default.nix.in"));
            run(repo, "git", "init", "-q", "-b", "main");
            commit(repo, template, "1.0");
            run(repo, "git", "tag", "v1.0");
            commit(repo, template, "1.1");
            run(repo, "git", "checkout", "-q", "-b", "next");
            commit(repo, template, "2.0-beta");
            run(repo, "git", "checkout", "-q", "main");
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void commit(Path repo, String template, String version) throws IOException {
        Files.writeString(repo.resolve("default.nix"), template.replace("@VERSION@", version));
        run(repo, "git", "add", "default.nix");
        run(repo, "git", "-c", "user.email=test@strata", "-c", "user.name=test", "commit", "-qm", "version " + version);
    }
}
