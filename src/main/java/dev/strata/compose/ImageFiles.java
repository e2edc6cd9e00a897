package dev.strata.compose;

import dev.strata.closure.StorePath;
import dev.strata.nix.Realisation;
import dev.strata.nix.SelectedPackage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a realised image will hold at a path, read from the store before anything is built: the
 * programs each package puts on {@code PATH} ({@code /bin} of the symlink forest, which becomes the
 * top layer), and whether a path a container would run exists in the image. Reads the store; call
 * it off the FX thread.
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
     * Whether a container of this image finds {@code program}: an absolute path inside the image
     * (the forest at {@code /}, or a store path of the closure), or a bare name on {@code path}
     * (the image's PATH directories).
     */
    public static boolean exists(Realisation r, String program, List<String> path) {
        if (program == null || program.isBlank()) {
            return false;
        }
        if (program.startsWith("/nix/store/")) {
            String name = program.substring("/nix/store/".length());
            String top = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
            boolean inClosure = r.closure().paths().stream().anyMatch(p -> p.path().equals("/nix/store/" + top));
            return inClosure && Files.exists(Path.of(program));
        }
        if (program.startsWith("/")) {
            return r.forest() != null && Files.exists(Path.of(r.forest().path()).resolve(program.substring(1)));
        }
        if (program.contains("/")) {
            return false; // relative to a working directory; the image has nothing there to find
        }
        for (String dir : path) {
            if (dir.startsWith("/") && exists(r, dir.replaceAll("/+$", "") + "/" + program, List.of())) {
                return true;
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
