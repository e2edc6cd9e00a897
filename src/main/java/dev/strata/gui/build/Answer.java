package dev.strata.gui.build;

/** The answers to the build screen's question when something is already where the image would go. */
public enum Answer {
    /** Add this image to the OCI layout there (its other images stay). */
    ADD,
    /** Replace what is there: the file, the layout, the tag in the registry or the name in Docker. */
    REPLACE,
    /** Build nothing. */
    CANCEL
}
