package dev.strata.nix;

import dev.strata.AtomicFile;
import dev.strata.Owner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps realised store paths alive: a directory of Nix out-links (indirect GC roots). Close it
 * when the paths are no longer needed; until then {@code nix-collect-garbage} leaves them alone.
 *
 * <p>A process that dies without closing its roots (killed, power cut, the window closed
 * mid-build) would keep their paths alive for ever, so each directory is named after its owner,
 * {@code realise-HOST-BOOT-PID-*} ({@link Owner}), and {@link #create} first removes the directories of this host
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
        Owner me = Owner.current();
        sweep(base, me.host(), me.boot());
        return new GcRoot(Files.createTempDirectory(base, PREFIX + me.tag() + "-"));
    }

    /** Removes the directories below {@code base} that {@code host} made and whose process is gone; returns how many. */
    static int sweep(Path base, String host, String boot) {
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path d : dirs) {
                if (isStale(d.getFileName().toString(), host, boot) || isLegacyAndOld(d)) {
                    try {
                        AtomicFile.deleteTree(d);
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
            return Files.getLastModifiedTime(d).toInstant().isBefore(Instant.now().minus(Duration.ofDays(1)));
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
        return Owner.parse(f[0] + "-" + f[1] + "-" + f[2])
                .map(o -> o.isGoneFrom(new Owner(host, boot, ProcessHandle.current().pid()))).orElse(false);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            AtomicFile.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the GC root " + dir, e);
        }
    }
}
