package dev.strata.cli;

import dev.strata.StrataException;
import java.io.PrintWriter;
import java.util.concurrent.CancellationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code strata} command: subcommands, and one rule for errors (one sentence, non-zero exit). */
@Command(name = "strata", mixinStandardHelpOptions = true, versionProvider = StrataCli.Version.class,
        description = "Compose container images from Nix packages.",
        subcommands = {SearchCommand.class, PlanCommand.class, BuildCommand.class, PushCommand.class,
                LoadCommand.class, ServeCommand.class, CacheCommand.class, PopularityCommand.class, CommandLine.HelpCommand.class})
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
            e.println("strata: " + redactSecrets(ex.getMessage(), args) + "; see: strata "
                    + ex.getCommandLine().getCommandName().replace("strata", "").strip() + " --help");
            return EXIT_USAGE;
        });
        return cl;
    }

    /**
     * Usage errors quote arguments back; a misspelt {@code --creds} option must not print the
     * password. Any argument that follows or embeds an option starting with {@code --cred} is hidden.
     */
    static String redactSecrets(String message, String[] args) {
        String out = message;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--cred") || a.startsWith("-cred")) {
                int eq = a.indexOf('=');
                if (eq >= 0 && eq + 1 < a.length()) {
                    out = out.replace(a.substring(eq + 1), "***");
                } else if (i + 1 < args.length && !args[i + 1].isEmpty()) {
                    out = out.replace(args[i + 1], "***");
                }
            }
        }
        return out;
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
