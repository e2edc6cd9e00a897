package dev.strata.input;

import dev.strata.AtomicFile;
import dev.strata.StrataException;
import dev.strata.image.BaseImage;
import dev.strata.image.BlobStore;
import dev.strata.image.Compression;
import dev.strata.image.Digest;
import dev.strata.output.daemon.DaemonImages;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image in the local Docker or podman daemon ({@code docker-daemon:NAME:TAG}). The daemon first
 * describes it (its ID, which is its config's digest, and its layers' diffIDs): when the cache
 * holds that config and, for every diffID, the layer Strata compressed from it before, nothing more
 * is asked. Otherwise the daemon exports it as a docker-archive, spooled to a partial file in the
 * cache (removed when the image is closed, or at exit) and read as one; its config must be the one
 * the daemon named.
 */
final class DaemonSource {
    private DaemonSource() {}

    static SourceImage read(ImageReference.Daemon ref, PullOptions options, ReadListener listener, Blobs blobs)
            throws IOException {
        DaemonImages daemon = DaemonImages.fromEnvironment(options.timeout());
        String what = ref.text();
        DaemonImages.Inspection seen = daemon.inspect(options.dockerHost(), ref.name()).orElseThrow(() ->
                new StrataException("the Docker daemon has no image " + ref.name() + "; docker images lists what it has "
                        + "(pull or load it there first)"));
        if (!seen.id().matches("sha256:[0-9a-f]{64}")) {
            throw new StrataException("the Docker daemon gave " + what + " the ID '" + Json.shorten(seen.id())
                    + "', not a sha256 digest; is it a Docker-compatible daemon?");
        }
        Digest id = Digest.parse(seen.id());
        Optional<SourceImage> known = fromCache(ref, id, blobs);
        if (known.isPresent()) {
            listener.said(what + " is in the cache as " + id.toString().substring(0, 19));
            return known.get();
        }
        listener.said("exporting " + ref.name() + " from the Docker daemon");
        AtomicFile spool = AtomicFile.fileIn(blobs.store().root().resolve("tmp"), "daemon-export",
                AtomicFile.Durability.CACHE);
        try {
            OutputStream out = new BufferedOutputStream(spool.stream(), 1 << 20);
            daemon.export(options.dockerHost(), ref.name(), out, n -> listener.bytes(n, -1));
            out.flush();
            SourceImage image = DockerArchive.read(ref, spool.path(), blobs, spool::close);
            if (!image.digest().equals(id)) {
                image.close();
                throw new StrataException("the Docker daemon exported " + what + " with the config " + image.digest()
                        + " but names it " + id + "; the image changed while it was read: try again");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
    }

    /** The image from the cache alone: its config and every layer's compressed blob, when all are there. */
    private static Optional<SourceImage> fromCache(ImageReference ref, Digest id, Blobs blobs) throws IOException {
        BlobStore store = blobs.store();
        if (!store.verify(id, -1)) {
            return Optional.empty();
        }
        SourceConfig config = SourceConfig.parse(Files.readAllBytes(store.path(id)), ref.text());
        List<SourceLayer> layers = new ArrayList<>();
        for (Digest diffId : config.diffIds()) {
            Optional<BaseImage.BaseLayer> l = blobs.compressed(diffId);
            if (l.isEmpty()) {
                return Optional.empty();
            }
            layers.add(new SourceLayer(l.get().digest(), l.get().size(), Compression.GZIP, diffId));
        }
        Source fromStore = new Source() {
            @Override
            public InputStream open(int index, SourceLayer layer) throws IOException {
                return Files.newInputStream(store.path(layer.digest()));
            }

            @Override
            public BaseImage.BaseLayer store(int index, SourceLayer layer, Blobs b, String what) throws IOException {
                return b.copy(layer, () -> open(index, layer), what);
            }
        };
        return Optional.of(new SourceImage(ref, id, "", config, layers, fromStore, blobs));
    }
}
