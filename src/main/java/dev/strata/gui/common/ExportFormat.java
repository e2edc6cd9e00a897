package dev.strata.gui.common;

/** The ways the build screen can save an image, with the words the CLI uses for them. */
public enum ExportFormat {
    OCI_DIR("oci", "OCI layout directory", false),
    OCI_ARCHIVE("oci-archive", "OCI archive (.tar)", true),
    DOCKER_ARCHIVE("docker-archive", "docker-archive (.tar, for docker load)", true);

    private final String cliName;
    private final String label;
    private final boolean file;

    ExportFormat(String cliName, String label, boolean file) {
        this.cliName = cliName;
        this.label = label;
        this.file = file;
    }

    /** The value of {@code strata build --format}. */
    public String cliName() {
        return cliName;
    }

    /** True when the output is one file, false for a directory. */
    public boolean isFile() {
        return file;
    }

    @Override
    public String toString() {
        return label;
    }
}
