package dev.strata.gui.app;

/** The window's colours: as the desktop says (GNOME's colour scheme), or always light or dark. */
public enum Theme {
    SYSTEM("system", "Like the desktop"), LIGHT("light", "Light"), DARK("dark", "Dark");

    private final String id;
    private final String label;

    Theme(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The word in the settings file. */
    public String id() {
        return id;
    }

    public static Theme of(String id) {
        for (Theme t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        return SYSTEM;
    }

    @Override
    public String toString() {
        return label;
    }
}
