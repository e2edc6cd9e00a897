package dev.strata.gui.build;

/** The answers to the build screen's question when an OCI layout is already where the image is saved. */
public enum LayoutChoice {
    ADD("Add this image"),
    REPLACE("Replace the layout"),
    CANCEL("Cancel");

    private final String label;

    LayoutChoice(String label) {
        this.label = label;
    }

    /** The dialog button's words. */
    public String label() {
        return label;
    }
}
