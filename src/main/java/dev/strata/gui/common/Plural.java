package dev.strata.gui.common;

/** Counted nouns as the window writes them: "1 package", "43 packages", "no package". */
public final class Plural {
    private Plural() {}

    /** {@code n} and the noun, in the plural unless {@code n} is 1 (regular plurals: noun + "s"). */
    public static String of(long n, String noun) {
        return of(n, noun, noun + "s");
    }

    public static String of(long n, String noun, String plural) {
        return n + " " + (n == 1 ? noun : plural);
    }
}
