package dev.strata.image;

import dev.strata.Choice;
import dev.strata.closure.StorePath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A build in its own JVM, for tests that kill it: {@code BuildInChild ROOT CACHE COMPRESSION PATH...}
 * builds one layer per store path from the scratch store at ROOT and prints the manifest digest.
 */
public final class BuildInChild {
    private BuildInChild() {}

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        Compression compression = Choice.parse(Compression.class, "compression", args[2]);
        List<StorePath> paths = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            paths.add(StorePath.of(args[i]));
        }
        BuildListener started = new BuildListener() {
            @Override
            public void bytesRead(long done, long total) {
                System.out.println("progress " + done);
                System.out.flush();
            }
        };
        BuiltImage image = ImageBuilder.inCache(cache).build(
                new ImageInputs("x86_64-linux", FakeStore.closureOf(paths), null, root), FakeStore.onePerPath(paths),
                ImageConfig.empty(), new BuildOptions(compression, ManifestFormat.OCI, null), started);
        System.out.println("manifest " + image.manifestDigest());
    }
}
