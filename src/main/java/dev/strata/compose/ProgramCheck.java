package dev.strata.compose;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a container of a recipe's image finds the program it runs (its entrypoint's first word,
 * else its command's), looked up in every layer the image will have: the packages, the files
 * {@code --add} puts in, and the base image's layers ({@link Composer#checkProgram}).
 *
 * @param program the program as the config names it: an absolute path, or a name looked up on {@code path}
 * @param path the directories of the image's PATH
 * @param found whether some layer of the image has it
 * @param added whether the recipe adds files ({@code --add}), which were looked in too
 * @param base the base image's reference, or null without one
 */
public record ProgramCheck(String program, List<String> path, boolean found, boolean added, String base) {
    public ProgramCheck {
        path = List.copyOf(path);
    }

    /** Where the program was looked for, e.g. "the packages, the added files or the base image oci:base". */
    public String lookedIn() {
        List<String> where = new ArrayList<>(List.of("the packages"));
        if (added) {
            where.add("the added files");
        }
        if (base != null) {
            where.add("the base image " + base);
        }
        return where.size() == 1 ? where.get(0)
                : String.join(", ", where.subList(0, where.size() - 1)) + " or " + where.get(where.size() - 1);
    }

    /** The command line's warning (empty when found): one sentence saying what is missing and what to do. */
    public String warning() {
        if (found) {
            return "";
        }
        return "the image runs " + program + ", which is in none of " + lookedIn()
                + (program.startsWith("/") ? "" : " (looked for it in " + String.join(":", path) + ")")
                + ", so the container would not start; set --entrypoint (or --cmd) to a program the image has, such as "
                + "/bin/NAME of one of its packages";
    }
}
