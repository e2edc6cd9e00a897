package dev.strata.compose;

import dev.strata.StrataException;

/**
 * A recipe setting with a value Strata refuses. The message names the setting as the recipe file
 * does ({@code the recipe's maxLayers 200 is out of range; ...}); a face that set the value from an
 * option of its own says the same problem in its words with {@link #as(String)}
 * ({@code --max-layers 200 is out of range; ...}).
 */
public final class RecipeException extends StrataException {
    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String problem;

    /**
     * @param setting the setting's name in the file, with a path below it where there is one
     *                ({@code maxLayers}, {@code packages[2]}, {@code config.env[0]})
     * @param problem what is wrong, starting with the value where it helps ({@code 200 is out of range; ...})
     */
    public RecipeException(String setting, String problem) {
        this(null, setting, problem);
    }

    private RecipeException(String origin, String setting, String problem) {
        super((origin == null ? "" : origin + ": ") + "the recipe's " + setting + " " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    /** The setting as the file names it, e.g. {@code maxLayers} or {@code config.env[0]}. */
    public String setting() {
        return setting;
    }

    /** The same refusal, said of the recipe file (or other origin) it came from. */
    public RecipeException in(String origin) {
        return new RecipeException(origin, setting, problem);
    }

    /** The same problem said of the option that set the value: {@code --max-layers 200 is out of range; ...}. */
    public StrataException as(String option) {
        return new StrataException(option + " " + problem, this);
    }
}
