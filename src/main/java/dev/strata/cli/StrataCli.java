package dev.strata.cli;

import dev.strata.StrataException;
import java.io.PrintWriter;
import java.util.concurrent.CancellationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code strata} command: subcommands, and one rule for errors (one sentence, non-zero exit). */
@Command(name = "strata", mixinStandardHelpOptions = true, versionProvider = StrataCli.Version.class,
        description = "Compose container images from Nix packages.",
        subcommands = {SearchCommand.class, PlanCommand.class, BuildCommand.class, CacheCommand.class,
                CommandLine.HelpCommand.class})
public final class StrataCli implements Runnable {
    public static final int EXIT_USER_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INTERNAL = 70;
    public static final int EXIT_CANCELLED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static int run(String... args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, CommandLine.defaultFactory());
    }

    /** The command line with commands made by {@code factory} (tests give commands their seams). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(new StrataCli(), factory);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            if (ex instanceof StrataException) {
                e.println("strata: " + ex.getMessage());
                return EXIT_USER_ERROR;
            }
            if (ex instanceof CancellationException) {
                e.println("strata: cancelled");
                return EXIT_CANCELLED;
            }
            e.println("strata: internal error: " + ex + " (please report it; set STRATA_DEBUG=1 for the stack trace)");
            if (System.getenv("STRATA_DEBUG") != null) {
                ex.printStackTrace(e);
            }
            return EXIT_INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("strata: " + ex.getMessage() + "; see: strata " + ex.getCommandLine().getCommandName()
                    .replace("strata", "").strip() + " --help");
            return EXIT_USAGE;
        });
        return cl;
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = StrataCli.class.getPackage().getImplementationVersion();
            return new String[] {"strata " + (v == null ? "development" : v)};
        }
    }
}
