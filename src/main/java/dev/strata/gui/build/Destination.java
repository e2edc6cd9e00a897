package dev.strata.gui.build;

import dev.strata.compose.PipelineStep;
import dev.strata.gui.common.ExportFormat;

/** Where the build screen sends the image: a file or directory in one of three formats, a registry, or a Docker daemon. */
public enum Destination {
    DOCKER_ARCHIVE(ExportFormat.DOCKER_ARCHIVE, "docker-archive file (.tar)", PipelineStep.EXPORT, "Build and save"),
    OCI_ARCHIVE(ExportFormat.OCI_ARCHIVE, "OCI archive file (.tar)", PipelineStep.EXPORT, "Build and save"),
    OCI_DIR(ExportFormat.OCI_DIR, "OCI layout directory", PipelineStep.EXPORT, "Build and save"),
    REGISTRY(null, "Push to a registry", PipelineStep.PUSH, "Build and push"),
    DAEMON(null, "Load into Docker", PipelineStep.LOAD, "Build and load");

    private final ExportFormat format;
    private final String label;
    private final PipelineStep lastStage;
    private final String action;

    Destination(ExportFormat format, String label, PipelineStep lastStage, String action) {
        this.format = format;
        this.label = label;
        this.lastStage = lastStage;
        this.action = action;
    }

    /** The file format, or null for a registry or a daemon. */
    public ExportFormat format() {
        return format;
    }

    public boolean isSaved() {
        return format != null;
    }

    /** The stage that sends the image: saving, pushing or loading. */
    public PipelineStep lastStage() {
        return lastStage;
    }

    /** The start button's words. */
    public String action() {
        return action;
    }

    public static Destination of(ExportFormat f) {
        for (Destination d : values()) {
            if (d.format == f) {
                return d;
            }
        }
        throw new IllegalArgumentException(String.valueOf(f));
    }

    @Override
    public String toString() {
        return label;
    }
}
