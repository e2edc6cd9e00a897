package dev.strata.output;

import java.nio.file.Path;
import java.util.List;

/**
 * An output path as checked before a build ({@link ImageOutput#check}): where the image will be
 * written (a symbolic link resolved to its target) and what is there now.
 *
 * @param images for an existing OCI layout, the names of its images (a short digest for an unnamed one)
 */
public record OutputTarget(Path path, Existing existing, List<String> images) {
    /** What is at the path before the image is saved. */
    public enum Existing {
        /** Nothing: the file or directory will be created. */
        NOTHING,
        /** A file, replaced by the archive. */
        FILE,
        /** An empty directory, which becomes the layout. */
        EMPTY_DIRECTORY,
        /** An OCI layout: the image is added to it or replaces it ({@link OutputMode}). */
        LAYOUT
    }

    public OutputTarget {
        images = List.copyOf(images);
    }
}
