package dev.strata;

import dev.strata.cli.StrataCli;

/**
 * Entry point: no arguments open the desktop composer, anything else is the command line.
 * (A class extending javafx.application.Application cannot be the entry point on the classpath.)
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(StrataCli.run(args));
    }
}
