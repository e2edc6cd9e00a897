package dev.strata.compose;

import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import dev.strata.image.Digest;
import dev.strata.image.ImageBuilder;
import dev.strata.inspect.LayerFile;
import dev.strata.inspect.LayerListing;
import dev.strata.layering.Layer;
import dev.strata.layering.LayerPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * What a planned store layer holds, as {@code strata inspect} lists a layer ({@link LayerListing}):
 * before building, from its store paths on disk (each path walked without following links: the
 * layer stores links as links); after building, from the layer blob the cache holds for it,
 * decompressed and listed in one pass. Both stop when the calling thread is interrupted.
 */
public final class LayerContents {
    private LayerContents() {}

    /** The files of store paths as a layer will hold them ({@code nix/store/HASH-NAME/...}); sizes of regular files. */
    public static LayerListing ofStorePaths(Path storeRoot, List<StorePath> paths) {
        List<LayerFile> files = new ArrayList<>();
        for (StorePath p : paths) {
            Path top = storeRoot.resolve(p.path().substring(1));
            if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
                throw new StrataException("the store path " + p.path() + " is not on disk (collected as garbage?); "
                        + "show the closure again to realise it");
            }
            try {
                Files.walkFileTree(top, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                        add(dir, a);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                        add(file, a);
                        return FileVisitResult.CONTINUE;
                    }

                    private void add(Path f, BasicFileAttributes a) throws IOException {
                        if (Thread.currentThread().isInterrupted()) {
                            throw new CancellationException("listing " + p.path() + " was cancelled");
                        }
                        String name = storeRoot.relativize(f).toString();
                        String type = a.isDirectory() ? "dir" : a.isSymbolicLink() ? "symlink" : a.isRegularFile() ? "file" : "other";
                        String target = a.isSymbolicLink() ? Files.readSymbolicLink(f).toString() : "";
                        files.add(new LayerFile(name, type, mode(f), a.isRegularFile() ? a.size() : 0, target));
                    }
                });
            } catch (IOException e) {
                throw new StrataException("cannot read the store path " + p.path() + ": " + e.getMessage());
            }
        }
        long size = files.stream().mapToLong(LayerFile::size).sum();
        return new LayerListing(files, size, paths.stream().sorted().toList());
    }

    private static int mode(Path f) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS);
            int m = 0;
            for (PosixFilePermission x : perms) {
                m |= 1 << (8 - x.ordinal());
            }
            return m;
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    /**
     * The files of a planned store layer ({@code position} from 1) as the cache holds its built blob
     * under the recipe's compression; empty when it was not built yet (or its blob is gone).
     */
    public static Optional<LayerListing> built(Composer composer, LayerPlan plan, int position, Recipe recipe) {
        if (position < 1 || position > plan.layers().size()) {
            return Optional.empty();
        }
        Layer layer = plan.layers().get(position - 1);
        Optional<Digest> digest = ImageBuilder.inCache(composer.cacheDir()).cachedLayer(layer, Path.of("/"),
                recipe.compression());
        if (digest.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> blob = composer.cachedBlob(digest.get().toString());
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = recipe.compression().decompressing(Files.newInputStream(blob.get()))) {
            return Optional.of(LayerListing.read(in));
        } catch (InterruptedIOException | java.nio.channels.ClosedByInterruptException e) {
            throw new CancellationException("reading layer " + position + " was cancelled");
        } catch (IOException e) {
            throw new StrataException("cannot read the built layer " + position + " (" + digest.get() + ") from the cache: "
                    + e.getMessage() + "; build again to write it anew");
        }
    }
}
