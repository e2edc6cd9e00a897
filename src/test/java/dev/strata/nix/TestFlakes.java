package dev.strata.nix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Flakes for tests, made from the templates under {@code src/test/resources/flakes}: copied into a
 * new git repository with the host's static busybox as {@code bb/busybox} (a flake is evaluated in
 * pure mode and cannot read /usr/bin) and committed, as a user's flake would be.
 */
public final class TestFlakes {
    private TestFlakes() {}

    /** A git repository at {@code dir/template} holding the template, committed; returns its directory. */
    public static Path repo(Path dir, String template) {
        Path repo = dir.resolve(template);
        Path from = TestNix.resourceSet("flakes/" + template);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path to = repo.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
            Files.createDirectories(repo.resolve("bb"));
            Files.copy(Path.of("/usr/bin/busybox"), repo.resolve("bb/busybox"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestNix.run(repo, "git", "init", "-q", "-b", "main");
        commitAll(repo, "the " + template + " flake");
        return repo;
    }

    /** Commits every change in the repository; returns the new commit. */
    public static String commitAll(Path repo, String message) {
        TestNix.run(repo, "git", "add", "-A");
        TestNix.run(repo, "git", "-c", "user.email=test@strata", "-c", "user.name=test", "commit", "-qm", message);
        return head(repo);
    }

    public static String head(Path repo) {
        return TestNix.run(repo, "git", "rev-parse", "HEAD").strip();
    }

    /** Replaces text in a file of the repository (not committed). */
    public static void edit(Path repo, String file, String from, String to) {
        try {
            Path f = repo.resolve(file);
            String text = Files.readString(f);
            if (!text.contains(from)) {
                throw new IllegalArgumentException(file + " does not contain " + from);
            }
            Files.writeString(f, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
