package dev.strata;

import dev.strata.cli.StrataCli;
import dev.strata.gui.Desktop;

/**
 * Entry point: no arguments open the desktop composer, anything else is the command line.
 * (A class extending javafx.application.Application cannot be the entry point on the classpath.)
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--class-sharing-training")) {
            ClassSharingTraining.run(); // the launcher's training run; see ./strata
            return;
        }
        ChildProcesses.stopAllOnExit();
        if (args.length == 0) {
            if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                    && System.getProperty("glass.platform") == null) {
                System.err.println("strata: no display to open the desktop composer on; run it in a desktop session "
                        + "or under a virtual one (xvfb-run -a ./strata, from Debian's xvfb package), or use the command "
                        + "line, e.g. ./strata build hello -o hello.tar --format docker-archive -t demo/hello:1 "
                        + "(./strata --help lists every command)");
                System.exit(2);
            }
            Desktop.open(args);
            BoundedHttp.stopClientsBeforeExit();
            System.exit(0);
        }
        int code = StrataCli.run(args);
        BoundedHttp.stopClientsBeforeExit(); // else the JVM's exit waits 0.3 s for their threads
        System.exit(code);
    }
}
