package dev.strata.cli;

import dev.strata.compose.Composer;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process and captures what it prints. */
public record CliRunner(int exit, String out, String err) {
    public static CliRunner run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = StrataCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new CliRunner(exit, out.toString(), err.toString());
    }

    /** The CLI with this composer behind {@code build} and {@code cache}, and the test layering (one store path per layer). */
    public static CliRunner run(Composer composer, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = StrataCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), TestCli.factory(composer))
                .execute(args);
        return new CliRunner(exit, out.toString(), err.toString());
    }
}
