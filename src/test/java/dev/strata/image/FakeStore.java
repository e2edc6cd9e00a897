package dev.strata.image;

import dev.strata.closure.Closure;
import dev.strata.closure.PathInfo;
import dev.strata.closure.StorePath;
import dev.strata.layering.Layer;
import dev.strata.layering.LayerPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A scratch Nix store for layer tests: {@code root/nix/store/<hash>-<name>} trees made by the test,
 * with things a real store cannot hold (hard links, fifos, odd modes). Store paths get valid
 * made-up hashes.
 */
final class FakeStore {
    final Path root;

    FakeStore(Path root) {
        this.root = root;
    }

    /** A valid store path name with a hash derived from {@code name}. */
    static StorePath path(String name) {
        String alphabet = "0123456789abcdfghijklmnpqrsvwxyz";
        StringBuilder hash = new StringBuilder();
        int h = name.hashCode();
        for (int i = 0; i < 32; i++) {
            h = h * 31 + i;
            hash.append(alphabet.charAt(Math.floorMod(h, 32)));
        }
        return StorePath.of("/nix/store/" + hash + "-" + name);
    }

    Path dir(StorePath p) {
        return root.resolve(p.path().substring(1));
    }

    Path mkdir(StorePath p, String rel) {
        try {
            return Files.createDirectories(rel.isEmpty() ? dir(p) : dir(p).resolve(rel));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file(StorePath p, String rel, String content, String mode) {
        try {
            Path f = dir(p).resolve(rel);
            Files.createDirectories(f.getParent());
            Files.writeString(f, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path bytes(StorePath p, String rel, byte[] content) {
        try {
            Path f = dir(p).resolve(rel);
            Files.createDirectories(f.getParent());
            return Files.write(f, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path symlink(StorePath p, String rel, String target) {
        try {
            Path f = dir(p).resolve(rel);
            Files.createDirectories(f.getParent());
            return Files.createSymbolicLink(f, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A closure of these paths with no references between them. */
    static Closure closureOf(List<StorePath> paths) {
        List<PathInfo> infos = new ArrayList<>();
        for (StorePath p : paths) {
            infos.add(new PathInfo(p, 1000, List.of()));
        }
        return Closure.of(infos);
    }

    /** The trivial test grouping: one layer per store path, in the given order. */
    static LayerPlan onePerPath(List<StorePath> paths) {
        List<Layer> layers = new ArrayList<>();
        for (StorePath p : paths) {
            layers.add(Layer.of(List.of(p), 1000, "test: one path per layer"));
        }
        return new LayerPlan("test-one-per-path", layers.size() + 1, layers);
    }
}
