package dev.strata.gui.build;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the build screen asks before it replaces something that is already where the image goes:
 * a file, an OCI layout (add to it, or replace it), a tag in a registry, a name in Docker. One
 * question at a time; the answer ({@link BuildViewModel#answer}) builds or does nothing.
 *
 * @param answers the answers offered, in the order of the buttons, with their words
 */
public record Question(String title, String text, Map<Answer, String> answers) {
    public Question {
        answers = new LinkedHashMap<>(answers);
    }

    static Question replaceOrCancel(String title, String text, String replace) {
        Map<Answer, String> a = new LinkedHashMap<>();
        a.put(Answer.REPLACE, replace);
        a.put(Answer.CANCEL, "Cancel");
        return new Question(title, text, a);
    }
}
