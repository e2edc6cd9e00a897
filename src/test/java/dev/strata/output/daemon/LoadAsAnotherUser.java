package dev.strata.output.daemon;

import java.util.Map;

/**
 * A test helper run in a child JVM under another user (setpriv): tries a load against the socket
 * given and prints the error sentence, so a test can see what a user outside the docker group sees.
 */
public final class LoadAsAnotherUser {
    private LoadAsAnotherUser() {}

    public static void main(String[] args) {
        try {
            new DaemonLoader(Map.of(), cmd -> new ProcessBuilder("false")).load(out -> { }, args[0], null, -1, e -> { });
            System.out.println("loaded");
        } catch (DaemonException e) {
            System.out.println(e.getMessage());
        }
    }
}
