package dev.strata.output;

/**
 * What saving an image does where something is already: every face passes one (the command line's
 * {@code --replace}, the window's question), so both mean the same. A file is always replaced, in
 * one rename; the two differ for an OCI layout directory, which can hold several images.
 */
public enum OutputMode {
    /** Add the image to an existing OCI layout: its other images stay, one of the same name is replaced. The default. */
    ADD,
    /** Replace an existing OCI layout by one holding only this image. */
    REPLACE
}
