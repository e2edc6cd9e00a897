package dev.strata.input;

import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Which store paths each layer of an image holds, base first ({@code --previous IMAGE}): a layer
 * holds a store path when an entry is named {@code nix/store/HASH-NAME} or below it
 * ({@link StorePath#ofLayerEntry}, as inspect and sbom decide it). Layers are streamed and listed, never extracted, and each is
 * checked against its digest as it is read.
 */
public final class StorePathsInLayers {
    private StorePathsInLayers() {}

    public static List<List<StorePath>> of(SourceImage image) {
        List<List<StorePath>> out = new ArrayList<>();
        for (int i = 0; i < image.layers().size(); i++) {
            try (InputStream in = image.openLayerTar(i)) {
                out.add(list(in));
            } catch (IOException | IllegalArgumentException e) {
                throw new StrataException("cannot list " + image.describe(i) + ": " + e.getMessage()
                        + "; the image is damaged or its layers are not tars");
            }
        }
        return out;
    }

    private static List<StorePath> list(InputStream in) throws IOException {
        TreeSet<StorePath> paths = new TreeSet<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            StorePath.ofLayerEntry(e.getName()).ifPresent(paths::add);
        }
        in.transferTo(OutputStream.nullOutputStream()); // to the end, where the digest is checked
        return List.copyOf(paths);
    }
}
