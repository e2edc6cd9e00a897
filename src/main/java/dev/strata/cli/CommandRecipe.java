package dev.strata.cli;

import dev.strata.compose.Recipe;
import dev.strata.compose.RecipeException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A recipe as a command line makes it: a recipe file (or the defaults), then every option given.
 * It remembers which option set which setting, so a value the recipe refuses is named by the
 * option typed ({@code --max-layers 200 is out of range; ...}), not by its key in a file.
 */
final class CommandRecipe {
    private final Recipe base;
    private final Recipe.Builder builder;
    private final Map<String, String> optionOf = new HashMap<>();

    CommandRecipe(Recipe base) {
        this.base = base;
        this.builder = base.toBuilder();
    }

    /** The recipe before any option: the file's values, which options add to. */
    Recipe base() {
        return base;
    }

    /** Applies what {@code option} says to the recipe's {@code setting}. */
    CommandRecipe set(String option, String setting, Consumer<Recipe.Builder> change) {
        optionOf.put(setting, option);
        change.accept(builder);
        return this;
    }

    Recipe build() {
        try {
            return builder.build();
        } catch (RecipeException e) {
            String option = optionOf.get(e.setting());
            throw option == null ? e : e.as(option);
        }
    }
}
