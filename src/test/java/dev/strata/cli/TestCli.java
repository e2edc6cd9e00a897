package dev.strata.cli;

import dev.strata.compose.Composer;
import dev.strata.testing.TestImages;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The strata command line with the test layering (one store path per layer) in the build seam, and
 * everything else from the environment: for tests that run the CLI as its own process.
 */
public final class TestCli {
    /** The real planning (the recipe's strategy), for tests of the whole command. */
    public static final BuildCommand.Planner BY_RECIPE = BuildCommand.BY_RECIPE;

    private TestCli() {}

    /** Makes commands, giving {@link BuildCommand} the test planner and, when given, a composer. */
    static CommandLine.IFactory factory(Composer composer) {
        return factory(composer, (c, r, recipe, previous, progress) -> TestImages.plan(c, r, recipe, progress));
    }

    /** Makes commands, giving {@link BuildCommand} this planner and, when given, a composer. */
    public static CommandLine.IFactory factory(Composer composer, BuildCommand.Planner planner) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == BuildCommand.class) {
                    return cls.cast(new BuildCommand(planner, composer));
                }
                if (cls == SbomCommand.class && composer != null) {
                    return cls.cast(new SbomCommand(composer));
                }
                if (cls == InspectCommand.class && composer != null) {
                    return cls.cast(new InspectCommand(composer));
                }
                if (cls == DiffCommand.class && composer != null) {
                    return cls.cast(new DiffCommand(composer));
                }
                if (cls == CacheCommand.class && composer != null) {
                    return cls.cast(new CacheCommand(composer));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        };
    }

    public static void main(String[] args) {
        System.exit(StrataCli.commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                factory(null)).execute(args));
    }
}
