package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.strata.StrataException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One {@code --add SRC:DEST[:OPTIONS]}: a file or directory of this machine, the absolute path it
 * gets in the image, and what it is added as. It becomes one layer of its own ({@link AddedLayer}).
 *
 * <p>OPTIONS, comma-separated: {@code uid=N} and {@code gid=N} own everything added (default 0:0;
 * {@code uid} alone gives the same number as gid, as Docker's {@code --chown} does); {@code mode=0644}
 * sets the permission bits of every added file (default: 0755 for a file with its owner's execute
 * bit set, 0644 for others, whatever the umask made them here); {@code dirmode=0750} sets those of
 * every added directory (default 0755), DEST itself included when SRC is a directory. Symbolic
 * links are added as links (never followed, wherever they point), with mode 0777.
 *
 * <p>DEST ending in {@code /} with a file SRC puts the file inside that directory under its own
 * name. SRC may contain {@code :}; DEST may not (the last {@code :/} before the options starts it).
 *
 * @param source where the files are: absolute once read from a command line or recipe
 * @param destination the absolute path in the image (normalised; a trailing {@code /} is kept)
 * @param uid owner of what is added, or null for 0
 * @param gid group of what is added, or null for {@code uid} (or 0)
 * @param mode permission bits of added files in octal ({@code 0644}), or null for the default
 * @param dirMode permission bits of added directories in octal, or null for 0755
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"source", "destination", "uid", "gid", "mode", "dirMode"})
public record AddedFiles(String source, String destination, Integer uid, Integer gid, String mode, String dirMode) {
    private static final Pattern OCTAL = Pattern.compile("0?[0-7]{1,4}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,10}");
    private static final List<String> OPTIONS = List.of("uid", "gid", "mode", "dirmode");
    private static final String EXAMPLE = "--add ./app.conf:/etc/app.conf:uid=1000,gid=1000,mode=0640";

    public AddedFiles {
        if (source == null || source.isBlank()) {
            throw new StrataException("--add needs a source file or directory before the ':'; write e.g. " + EXAMPLE);
        }
        try {
            Path.of(source);
        } catch (InvalidPathException e) {
            throw new StrataException("--add source '" + source + "' is not a path on this machine (" + e.getReason()
                    + "); write e.g. " + EXAMPLE);
        }
        destination = normalDestination(destination);
        checkId("uid", uid);
        checkId("gid", gid);
        mode = octal("mode", mode);
        dirMode = octal("dirmode", dirMode);
    }

    /** Parses {@code SRC:DEST[:OPTIONS]}; a relative SRC is taken from {@code base} (the working directory). */
    public static AddedFiles parse(String spec, Path base) {
        String s = spec == null ? "" : spec;
        Map<String, String> options = new LinkedHashMap<>();
        int last = s.lastIndexOf(':');
        if (last < 0) {
            throw new StrataException("--add " + spec + " names no destination; write SRC:DEST, e.g. " + EXAMPLE);
        }
        if (!s.startsWith("/", last + 1)) {
            if (s.lastIndexOf(":/", last) < 0) {
                throw new StrataException("--add " + spec + ": the destination '" + s.substring(last + 1) + "' is not an "
                        + "absolute path in the image; write it from the root, e.g. " + EXAMPLE);
            }
            for (String o : s.substring(last + 1).split(",", -1)) {
                int eq = o.indexOf('=');
                String key = eq < 0 ? o.strip() : o.substring(0, eq).strip();
                if (eq < 0 || !OPTIONS.contains(key)) {
                    throw new StrataException("--add " + spec + ": '" + o + "' is not an option; use " + String.join("=, ",
                            OPTIONS) + "= (e.g. " + EXAMPLE + ")");
                }
                if (options.put(key, o.substring(eq + 1).strip()) != null) {
                    throw new StrataException("--add " + spec + " gives " + key + "= twice; give it once");
                }
            }
            s = s.substring(0, last);
        }
        int colon = s.lastIndexOf(":/");
        String src = s.substring(0, colon);
        Path source;
        try {
            source = src.isEmpty() ? null : base.resolve(src).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new StrataException("--add source '" + src + "' is not a path on this machine (" + e.getReason() + ")");
        }
        return new AddedFiles(source == null ? "" : source.toString(), s.substring(colon + 1),
                id(spec, "uid", options.get("uid")), id(spec, "gid", options.get("gid")), options.get("mode"),
                options.get("dirmode"));
    }

    private static Integer id(String spec, String key, String value) {
        if (value == null) {
            return null;
        }
        if (!NUMBER.matcher(value).matches() || Long.parseLong(value) > Integer.MAX_VALUE) {
            throw new StrataException("--add " + spec + ": " + key + "=" + value + " is not a number from 0 to "
                    + Integer.MAX_VALUE + "; give the numeric id, e.g. " + key + "=1000");
        }
        return Integer.parseInt(value);
    }

    private static void checkId(String key, Integer id) {
        if (id != null && id < 0) {
            throw new StrataException("--add " + key + "=" + id + " is negative; give a numeric id from 0, e.g. "
                    + key + "=1000");
        }
    }

    private static String octal(String key, String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (!OCTAL.matcher(v).matches() || Integer.parseInt(v, 8) > 07777) {
            throw new StrataException("--add " + key + "=" + value + " is not a mode; give octal permission bits, e.g. "
                    + key + "=" + (key.equals("mode") ? "0644" : "0755"));
        }
        return String.format("%04o", Integer.parseInt(v, 8));
    }

    /** {@code /a//b/./c/} -> {@code /a/b/c/}; refuses a relative path and {@code ..}. */
    private static String normalDestination(String dest) {
        if (dest == null || !dest.startsWith("/")) {
            throw new StrataException("--add destination '" + dest + "' is not an absolute path in the image; write it "
                    + "from the root, e.g. " + EXAMPLE);
        }
        List<String> parts = new ArrayList<>();
        for (String p : dest.split("/")) {
            if (p.equals("..")) {
                throw new StrataException("--add destination '" + dest + "' contains '..'; write the path in the image "
                        + "without it, e.g. " + EXAMPLE);
            }
            if (p.indexOf('\0') >= 0) {
                throw new StrataException("--add destination '" + dest.replace('\0', '?') + "' contains a NUL byte");
            }
            if (!p.isEmpty() && !p.equals(".")) {
                parts.add(p);
            }
        }
        String joined = "/" + String.join("/", parts);
        return dest.endsWith("/") && !parts.isEmpty() ? joined + "/" : joined;
    }

    /** The source as a path of this machine. */
    @JsonIgnore
    public Path sourcePath() {
        return Path.of(source);
    }

    /** Owner and group of what is added. */
    @JsonIgnore
    public TreeNode.Owner owner() {
        int u = uid == null ? 0 : uid;
        return new TreeNode.Owner(u, gid == null ? u : gid);
    }

    /** The permission bits for an added file that is (or is not) executable by its owner here. */
    public int fileMode(boolean executable) {
        return mode != null ? Integer.parseInt(mode, 8) : executable ? 0755 : 0644;
    }

    /** The permission bits for an added directory. */
    @JsonIgnore
    public int directoryMode() {
        return dirMode == null ? 0755 : Integer.parseInt(dirMode, 8);
    }

    /** The options as {@code --add} writes them ({@code uid=1000,gid=1000,mode=0644}), or "" for none. */
    @JsonIgnore
    public String options() {
        List<String> o = new ArrayList<>();
        if (uid != null) {
            o.add("uid=" + uid);
        }
        if (gid != null) {
            o.add("gid=" + gid);
        }
        if (mode != null) {
            o.add("mode=" + mode);
        }
        if (dirMode != null) {
            o.add("dirmode=" + dirMode);
        }
        return String.join(",", o);
    }

    /** The same files with the source as given (e.g. relative to a recipe file). */
    public AddedFiles withSource(String other) {
        return new AddedFiles(other, destination, uid, gid, mode, dirMode);
    }

    /** {@code SRC:DEST[:OPTIONS]}, as {@code --add} takes it. */
    @Override
    public String toString() {
        String o = options();
        return source + ":" + destination + (o.isEmpty() ? "" : ":" + o);
    }
}
