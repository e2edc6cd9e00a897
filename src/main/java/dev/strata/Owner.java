package dev.strata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The process that owns a file for a while (a GC root, a partial write), as its name records it:
 * host, boot and PID, {@code HOST-BOOT-PID}. A later process can then tell a leftover whose owner is
 * gone (an earlier boot of this host, or a PID that no longer runs) from one still in use, without
 * locks that a killed process could not release. Another host's names are not judged here: a cache
 * directory may be shared by several servers. Host and boot hold letters and digits only, so the
 * three fields split on {@code -} and a name cannot be mistaken for another.
 */
public record Owner(String host, String boot, long pid) {
    private static final Owner CURRENT = new Owner(safe(read("/proc/sys/kernel/hostname", "localhost")),
            first12(safe(read("/proc/sys/kernel/random/boot_id", "boot"))), ProcessHandle.current().pid());

    /** This process. */
    public static Owner current() {
        return CURRENT;
    }

    /** {@code HOST-BOOT-PID}. */
    public String tag() {
        return host + "-" + boot + "-" + pid;
    }

    /** The owner of a {@code HOST-BOOT-PID} tag, when it is one. */
    public static Optional<Owner> parse(String tag) {
        String[] f = tag.split("-");
        if (f.length != 3 || !f[0].matches("[A-Za-z0-9]+") || !f[1].matches("[A-Za-z0-9]+") || !f[2].matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(new Owner(f[0], f[1], Long.parseLong(f[2])));
    }

    /**
     * Whether this owner is known to be gone, seen from {@code here} (this host and boot): the same
     * host, and an earlier boot or a process that no longer runs. Another host's owner is never gone
     * from here; {@code here}'s own PID is alive.
     */
    public boolean isGoneFrom(Owner here) {
        if (!host.equals(here.host)) {
            return false;
        }
        if (!boot.equals(here.boot)) {
            return true;
        }
        return pid != here.pid && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private static String read(String file, String fallback) {
        try {
            String s = Files.readString(Path.of(file), StandardCharsets.US_ASCII).strip();
            return s.isEmpty() ? fallback : s;
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    private static String safe(String s) {
        String t = s.replaceAll("[^A-Za-z0-9]", "");
        return t.isEmpty() ? "x" : t;
    }

    private static String first12(String s) {
        return s.length() > 12 ? s.substring(0, 12) : s;
    }
}
