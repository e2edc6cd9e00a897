package dev.strata.input;

import dev.strata.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** An OCI image layout as one tar ({@code oci-archive:FILE}), read in place. */
final class OciArchive extends OciContent {
    private final ArchiveFiles files;
    private final String what;

    OciArchive(Path file, String what) {
        this.files = new ArchiveFiles(file, what);
        this.what = what;
    }

    @Override
    byte[] file(String name, long max) throws IOException {
        if (!files.has(name)) {
            throw new dev.strata.StrataException(what + " has no " + name + "; it is not an OCI archive (for a "
                    + "docker-archive write docker-archive:FILE)");
        }
        return files.read(name, max);
    }

    @Override
    InputStream blob(Digest digest) throws IOException {
        return files.open("blobs/sha256/" + digest.hex());
    }

    @Override
    public void close() {
        files.close();
    }
}
