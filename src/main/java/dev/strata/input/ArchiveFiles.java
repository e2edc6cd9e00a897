package dev.strata.input;

import dev.strata.StrataException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The files of an image archive (an OCI archive, a docker-archive), looked up by name and read in
 * place, never extracted: names from inside the archive only ever select bytes to read, so a name
 * like {@code ../../etc/passwd} or an absolute one cannot make Strata write anywhere. Names are
 * compared normalised ({@code ./} and leading {@code /} dropped). A symbolic link entry (docker save
 * links a layer it holds twice) is followed inside the archive only, at most 8 times; a link that
 * leaves the archive's root, loops or ends at no file is refused, as is a name the archive holds
 * twice.
 */
final class ArchiveFiles implements Closeable {
    /** An image archive has a few entries per layer; far more means it is not one. */
    static final int MAX_ENTRIES = 100_000;
    private static final int MAX_LINKS = 8;

    private final TarFile tar;
    private final String what;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();

    ArchiveFiles(Path file, String what) {
        this.what = what;
        if (Files.isDirectory(file)) {
            throw new StrataException(what + ": " + file + " is a directory; give the archive file (for a layout "
                    + "directory write oci:" + file + ")");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // A FIFO would block the open for ever, and a device is no archive (TarFile seeks in it).
            throw new StrataException(what + ": " + file + " is not a regular file (a named pipe, socket or device); "
                    + "give an image archive file");
        }
        try {
            this.tar = new TarFile(file);
        } catch (NoSuchFileException e) {
            throw new StrataException(what + ": " + file + " does not exist; give an image archive file");
        } catch (IOException | RuntimeException e) {
            throw new StrataException(what + ": " + file + " is not a tar archive (" + e.getMessage() + "); give an image "
                    + "archive as skopeo, docker save or strata build write them");
        }
        List<TarArchiveEntry> all = tar.getEntries();
        if (all.size() > MAX_ENTRIES) {
            close();
            throw new StrataException(what + " has " + all.size() + " entries, far more than an image archive has; it is "
                    + "not one");
        }
        for (TarArchiveEntry e : all) {
            String name = normal(e.getName());
            if (name.isEmpty() || e.isDirectory()) {
                continue;
            }
            if (entries.put(name, e) != null) {
                close();
                throw new StrataException(what + " holds two entries named " + Json.shorten(name) + "; the archive is "
                        + "damaged or made to mislead: write it again");
            }
        }
    }

    /** {@code ./a/b} and {@code /a/b} -> {@code a/b}; {@code ..} steps are resolved, never above the root. */
    static String normal(String name) {
        List<String> parts = new ArrayList<>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(p);
        }
        return String.join("/", parts);
    }

    /** Whether the archive has a (regular or linked) file of this name. */
    boolean has(String name) {
        return entries.containsKey(normal(name));
    }

    /** The regular file {@code name} leads to (links followed inside the archive). */
    TarArchiveEntry entry(String name) {
        String n = normal(name);
        for (int hops = 0; hops <= MAX_LINKS; hops++) {
            TarArchiveEntry e = entries.get(n);
            if (e == null) {
                throw new StrataException(what + " has no file " + Json.shorten(n) + " though its manifest names it; the "
                        + "archive is incomplete");
            }
            if (e.isFile()) {
                return e;
            }
            if (!e.isSymbolicLink() && !e.isLink()) {
                throw new StrataException(what + ": " + Json.shorten(n) + " is not a file; the archive is damaged");
            }
            String target = e.getLinkName();
            if (target.startsWith("/") || escapes(e.isLink() ? target : parent(n) + "/" + target)) {
                throw new StrataException(what + ": " + Json.shorten(n) + " links outside the archive (to "
                        + Json.shorten(target) + "); the archive is made to mislead");
            }
            n = normal(e.isLink() ? target : parent(n) + "/" + target);
        }
        throw new StrataException(what + ": " + Json.shorten(normal(name)) + " is a chain of more than " + MAX_LINKS
                + " links; the archive is damaged");
    }

    private static String parent(String n) {
        int slash = n.lastIndexOf('/');
        return slash < 0 ? "" : n.substring(0, slash);
    }

    /** Whether a relative path climbs above the root at some step. */
    private static boolean escapes(String path) {
        int depth = 0;
        for (String p : path.split("/")) {
            if (p.equals("..")) {
                depth--;
            } else if (!p.isEmpty() && !p.equals(".")) {
                depth++;
            }
            if (depth < 0) {
                return true;
            }
        }
        return false;
    }

    /** A small file's bytes; refused above {@code max}. */
    byte[] read(String name, long max) throws IOException {
        TarArchiveEntry e = entry(name);
        if (e.getSize() > max) {
            throw new StrataException(what + ": " + Json.shorten(normal(name)) + " is " + e.getSize() + " bytes, more "
                    + "than it can be; the archive is damaged or not an image");
        }
        try (InputStream in = tar.getInputStream(e)) {
            return in.readNBytes((int) e.getSize());
        }
    }

    /** A file's bytes, streamed from the archive. */
    InputStream open(String name) throws IOException {
        return tar.getInputStream(entry(name));
    }

    long size(String name) {
        return entry(name).getSize();
    }

    @Override
    public void close() {
        try {
            tar.close();
        } catch (IOException e) {
            // read only
        }
    }
}
