package dev.strata.output;

import dev.strata.Choice;
import java.nio.file.Path;
import java.util.Locale;

/** Where {@code strata build -o OUT} saves an image: a directory or one tar file. */
public enum OutputFormat implements Choice {
    /** An OCI image layout directory. */
    OCI("oci"),
    /** The same layout as one tar file. */
    OCI_ARCHIVE("oci-archive"),
    /** One tar that is an OCI layout and a {@code docker load} archive at once. */
    DOCKER_ARCHIVE("docker-archive");

    private final String id;

    OutputFormat(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** The format when none is given: a {@code .tar} file is an OCI archive, anything else a layout directory. */
    public static OutputFormat forPath(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".tar") ? OCI_ARCHIVE : OCI;
    }
}
