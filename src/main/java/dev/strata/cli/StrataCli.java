package dev.strata.cli;

import dev.strata.Redaction;
import dev.strata.StrataException;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code strata} command: subcommands, and one rule for errors (one sentence, non-zero exit). */
@Command(name = "strata", mixinStandardHelpOptions = true, versionProvider = StrataCli.Version.class,
        description = "Compose container images from Nix packages.")
public final class StrataCli implements Runnable {
    /**
     * The subcommands in the order help lists them. Picocli reads every registered command's
     * annotations when the command line is made (about 0.15 s of a fresh JVM for all of them), so
     * a run that names its command registers only that one; help and anything else get them all.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(SearchCommand.class, PlanCommand.class,
            BuildCommand.class, PushCommand.class, LoadCommand.class, ServeCommand.class, CacheCommand.class,
            SbomCommand.class, InspectCommand.class, DiffCommand.class,
            PopularityCommand.class, CommandLine.HelpCommand.class);

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
        return forArgs(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args).execute(args);
    }

    /** The command line for these arguments: only the subcommand they name, or all of them. */
    static CommandLine forArgs(PrintWriter out, PrintWriter err, String... args) {
        String first = args.length == 0 ? "" : args[0];
        Class<?> only = first.equals("help") ? null : SUBCOMMANDS.get(first);
        return commandLine(out, err, CommandLine.defaultFactory(), only);
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, CommandLine.defaultFactory());
    }

    /** The command line with commands made by {@code factory} (tests give commands their seams). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        return commandLine(out, err, factory, null);
    }

    private static Map<String, Class<?>> subcommands(Class<?>... classes) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            byName.put(c.getAnnotation(Command.class).name(), c);
        }
        return Collections.unmodifiableMap(byName);
    }

    /** With {@code only} null, every subcommand; else just that one (the command a run names). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, CommandLine.IFactory factory, Class<?> only) {
        CommandLine cl = new CommandLine(new StrataCli(), factory);
        for (Class<?> c : SUBCOMMANDS.values()) {
            if (only == null || c == only) {
                try {
                    cl.addSubcommand(factory.create(c));
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create the " + c.getSimpleName() + " command", e);
                }
            }
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            if (ex instanceof StrataException) {
                e.println("strata: " + printable(Redaction.text(ex.getMessage())));
                return EXIT_USER_ERROR;
            }
            if (ex instanceof CancellationException) {
                e.println("strata: cancelled");
                return EXIT_CANCELLED;
            }
            e.println("strata: internal error: " + Redaction.text(String.valueOf(ex))
                    + " (please report it; set STRATA_DEBUG=1 for the stack trace)");
            if (System.getenv("STRATA_DEBUG") != null) {
                ex.printStackTrace(e);
            }
            return EXIT_INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            Optional<String> overflow = OptionRanges.overflow(ex);
            if (overflow.isPresent()) { // digits too many for an int: out of range, as a smaller number would be
                e.println("strata: " + printable(Redaction.text(overflow.get())));
                return EXIT_USER_ERROR;
            }
            String message = Redaction.text(redactSecrets(ex.getMessage(), args));
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                message += " (did you mean " + String.join(" or ", u.getSuggestions().subList(0,
                        Math.min(3, u.getSuggestions().size()))) + "?)";
            }
            String command = ex.getCommandLine().getCommandName().replace("strata", "").strip();
            e.println("strata: " + printable(message) + "; see: strata " + (command.isEmpty() ? "" : command + " ")
                    + "--help");
            return EXIT_USAGE;
        });
        return cl;
    }

    /**
     * Messages quote values from outside (file contents, server answers, arguments): control
     * characters in them could move the cursor or recolour the terminal, so each is shown as a
     * {@code \\uNNNN} escape, as {@link Redaction#value} writes it. Line breaks and tabs stay (a
     * build failure quotes its log lines).
     */
    static String printable(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            if (c != '\n' && c != '\t' && Redaction.unprintable(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
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
