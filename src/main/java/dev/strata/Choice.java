package dev.strata;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum whose constants people choose by a word, the same on the command line, in recipes and
 * in JSON ({@code gzip}, {@code oci}, {@code docker-archive}). One parse serves all of them, so
 * every face says the same sentence for a word it does not know, naming the setting in its own
 * words ({@code --compression} in the CLI, {@code the recipe's compression} in a file).
 */
public interface Choice {
    /** The word for this constant. */
    String id();

    /**
     * The constant of {@code type} spelled {@code text} (case and surrounding spaces ignored).
     *
     * @param subject what the text is, for the error: e.g. {@code --compression}
     */
    static <E extends Enum<E> & Choice> E parse(Class<E> type, String subject, String text) {
        if (text == null) {
            throw new StrataException(subject + " is not given; choose one of " + ids(type));
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.id().equals(t)) {
                return e;
            }
        }
        throw new StrataException(subject + " '" + text + "' is not one of " + ids(type));
    }

    /** The words of every constant, in declaration order: {@code gzip, zstd, none}. */
    static String ids(Class<? extends Choice> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::id).collect(Collectors.joining(", "));
    }
}
