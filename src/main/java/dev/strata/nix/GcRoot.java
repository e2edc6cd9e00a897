package dev.strata.nix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps realised store paths alive: a directory of Nix out-links (indirect GC roots). Close it
 * when the paths are no longer needed; until then {@code nix-collect-garbage} leaves them alone.
 *
 * <p>A process that dies without closing its roots (killed, power cut, the window closed
 * mid-build) would keep their paths alive for ever, so each directory is named after its owner,
 * {@code realise-HOST-BOOT-PID-*}, and {@link #create} first removes the directories of this host
 * whose owner is gone: a process of an earlier boot, or one that no longer runs. Directories of
 * other hosts (a cache directory shared by several servers) are left to their own host.
 */
public final class GcRoot implements AutoCloseable {
    private static final String PREFIX = "realise-";
    private final Path dir;

    GcRoot(Path dir) {
        this.dir = dir;
    }

    /** A new root directory below {@code base}, after removing the stale ones this host left there. */
    public static GcRoot create(Path base) throws IOException {
        Files.createDirectories(base);
        String host = Owner.host();
        String boot = Owner.boot();
        sweep(base, host, boot);
        return new GcRoot(Files.createTempDirectory(base, PREFIX + host + "-" + boot + "-" + ProcessHandle.current().pid() + "-"));
    }

    /** Removes the directories below {@code base} that {@code host} made and whose process is gone; returns how many. */
    static int sweep(Path base, String host, String boot) {
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path d : dirs) {
                if (isStale(d.getFileName().toString(), host, boot) || isLegacyAndOld(d)) {
                    try {
                        NixFiles.deleteTree(d);
                        removed++;
                    } catch (IOException e) {
                        // Another process removing it at the same time, or not ours to remove: leave it.
                    }
                }
            }
        } catch (IOException e) {
            // Nothing to sweep, or not readable: creating the new root will say what is wrong.
        }
        return removed;
    }

    /** A directory named by the first scheme ({@code realise-DIGITS}, no owner) that is over a day old. */
    static boolean isLegacyAndOld(Path d) {
        if (!d.getFileName().toString().substring(PREFIX.length()).matches("[0-9]+")) {
            return false;
        }
        try {
            return Files.getLastModifiedTime(d).toInstant().isBefore(java.time.Instant.now().minus(java.time.Duration.ofDays(1)));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a root directory's name says it belongs to this host and a process that is gone. */
    static boolean isStale(String name, String host, String boot) {
        // HOST-BOOT-PID-RANDOM; Owner keeps '-' out of the host and boot fields.
        String[] f = name.substring(PREFIX.length()).split("-");
        if (f.length != 4 || !f[0].equals(host)) {
            return false; // another host's, or not named by this scheme: not ours to judge
        }
        if (!f[1].equals(boot)) {
            return true;
        }
        try {
            long pid = Long.parseLong(f[2]);
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            NixFiles.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the GC root " + dir, e);
        }
    }

    /** This machine and boot, as names safe in a file name. */
    static final class Owner {
        private Owner() {}

        static String host() {
            return safe(read("/proc/sys/kernel/hostname", "localhost"));
        }

        static String boot() {
            String id = safe(read("/proc/sys/kernel/random/boot_id", "boot"));
            return id.length() > 12 ? id.substring(0, 12) : id;
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
            return s.replaceAll("[^A-Za-z0-9.]", "");
        }
    }
}
