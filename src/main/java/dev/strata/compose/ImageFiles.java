package dev.strata.compose;

import dev.strata.closure.StorePath;
import dev.strata.image.AddedFiles;
import dev.strata.image.BaseTree;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageJson;
import dev.strata.nix.Realisation;
import dev.strata.nix.SelectedPackage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a realised image will hold at a path, read before anything is built: the programs each
 * package puts on {@code PATH} ({@code /bin} of the symlink forest, which becomes the top layer),
 * and whether a path a container would run exists in the image: in the packages (the store), in
 * the files {@code --add} puts there (this machine's files), or in the base image ({@code --from},
 * the names its layers hold as {@link BaseTree} merges them). Reads files; call it off the FX thread.
 */
public final class ImageFiles {
    /** Where a container looks for a program named without a path, unless the image's PATH says otherwise. */
    public static final String BIN = "bin";

    private ImageFiles() {}

    /** Each requested package's programs: the executables in its outputs' {@code bin}, sorted by name. */
    public static Map<String, List<String>> programs(Realisation r) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (SelectedPackage p : r.packages()) {
            List<String> names = new ArrayList<>();
            for (StorePath o : p.outputs()) {
                names.addAll(executables(Path.of(o.path()).resolve(BIN)));
            }
            out.put(p.attrPath(), names.stream().distinct().sorted().toList());
        }
        return out;
    }

    /**
     * Whether a container of this image finds {@code program} (an absolute path, or a bare name on
     * {@code path}) in any of its layers: the packages', the files {@code adds} puts in, or the
     * base image's ({@link BaseTree#NONE} without one).
     */
    public static boolean exists(Realisation r, List<AddedFiles> adds, BaseTree base, String program, List<String> path) {
        if (program == null || program.isBlank()) {
            return false;
        }
        if (program.startsWith("/")) {
            return inPackages(r, program) || inAdded(adds, program) || base.hasFile(program.substring(1));
        }
        if (program.contains("/")) {
            return false; // relative to a working directory; the image has nothing there to find
        }
        for (String dir : path) {
            if (dir.startsWith("/") && exists(r, adds, base, dir.replaceAll("/+$", "") + "/" + program, List.of())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The directories the image's PATH names on a base whose environment is {@code baseEnv}: the
     * PATH of the Env the image's config will hold there ({@link ImageJson#mergedEnv}: the config's
     * own PATH if it sets one, else {@code /bin} then the base's PATH).
     */
    public static List<String> pathOf(ImageConfig c, List<String> baseEnv) {
        for (String e : ImageJson.mergedEnv(baseEnv, c.env())) {
            if (e.startsWith("PATH=")) {
                return List.of(e.substring(5).split(":"));
            }
        }
        return List.of("/" + BIN);
    }

    private static boolean inPackages(Realisation r, String program) {
        if (program.startsWith("/nix/store/")) {
            String name = program.substring("/nix/store/".length());
            String top = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
            boolean inClosure = r.closure().paths().stream().anyMatch(p -> p.path().equals("/nix/store/" + top));
            return inClosure && Files.exists(Path.of(program));
        }
        return r.forest() != null && Files.exists(Path.of(r.forest().path()).resolve(program.substring(1)));
    }

    /** Whether an {@code --add} puts a file (not a directory) at the absolute path {@code program}. */
    private static boolean inAdded(List<AddedFiles> adds, String program) {
        for (AddedFiles a : adds) {
            Path source = a.sourcePath();
            boolean dir = Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS);
            String dest = a.destination();
            if (dest.endsWith("/") && !dir) {
                dest = dest + source.getFileName();
            }
            dest = dest.replaceAll("/+$", "");
            if (program.equals(dest) && !dir && Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
            if (dir && program.startsWith(dest + "/")) {
                Path file = source.resolve(program.substring(dest.length() + 1)).normalize();
                if (file.startsWith(source) && Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> executables(Path dir) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                if (Files.isRegularFile(e) && Files.isExecutable(e)) {
                    out.add(e.getFileName().toString());
                }
            }
        } catch (IOException e) {
            // unreadable: as good as empty for a hint
        }
        return out;
    }
}
