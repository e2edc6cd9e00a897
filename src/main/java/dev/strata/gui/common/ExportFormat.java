package dev.strata.gui.common;

import dev.strata.output.OutputFormat;

/** The ways the build screen can save an image: the CLI's output formats, with the window's labels. */
public enum ExportFormat {
    OCI_DIR(OutputFormat.OCI, "OCI layout directory", "OCI layout", false),
    OCI_ARCHIVE(OutputFormat.OCI_ARCHIVE, "OCI archive (.tar)", "OCI archive", true),
    DOCKER_ARCHIVE(OutputFormat.DOCKER_ARCHIVE, "docker-archive (.tar, for docker load)", "docker-archive", true);

    private final OutputFormat format;
    private final String label;
    private final String name;
    private final boolean file;

    ExportFormat(OutputFormat format, String label, String name, boolean file) {
        this.format = format;
        this.label = label;
        this.name = name;
        this.file = file;
    }

    /** The output format the pipeline writes. */
    public OutputFormat outputFormat() {
        return format;
    }

    /** The value of {@code strata build --format}. */
    public String cliName() {
        return format.id();
    }

    /** Its name in the window's sentences ("OCI archive"; the command line says oci-archive). */
    public String windowName() {
        return name;
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
