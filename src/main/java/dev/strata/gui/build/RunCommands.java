package dev.strata.gui.build;

import dev.strata.compose.PackageCatalog;
import dev.strata.compose.Recipe;
import dev.strata.gui.common.ExportResult;
import dev.strata.nix.PackageInfo;
import dev.strata.output.ImageName;
import dev.strata.output.daemon.DockerHost;
import java.util.List;
import java.util.Map;

/**
 * The commands the build screen suggests after a build, written to work when pasted into a shell:
 * every name is the one the image really carries (an OCI layout's {@code index.json} holds the full
 * {@code NAME:TAG}, so {@code oci:DIR:NAME:TAG}); an untagged docker-archive is run by its image ID;
 * and an image with neither entrypoint nor command is given a program of its packages to run, since
 * {@code docker run} refuses an image with nothing to run. Containers run with {@code --network
 * none} (they need no network to start; remove it to give them one). Tests run each command.
 *
 * <p>Example: hello (program {@code hello}) saved as {@code /tmp/x/hello.tar} tagged {@code hello:1}:
 * {@code docker load -i /tmp/x/hello.tar && docker run --rm --network none hello:1 hello}.
 */
final class RunCommands {
    private RunCommands() {}

    /**
     * The program to name after the image when it has no entrypoint and no command: the first
     * package's main program when it has one in {@code /bin}, else its program of its own name, else
     * its first program; a package with no program gives way to the next. Null when the image runs
     * something by itself, or when no package has a program.
     */
    static String defaultProgram(Recipe recipe, Map<String, List<String>> programs, PackageCatalog index) {
        if (!recipe.config().entrypoint().isEmpty() || !recipe.config().cmd().isEmpty()) {
            return null;
        }
        for (String p : recipe.packages()) {
            List<String> bin = programs.getOrDefault(p, List.of());
            if (bin.isEmpty()) {
                continue;
            }
            PackageInfo info = index == null ? null : index.get(p).orElse(null);
            if (info != null && bin.contains(info.mainProgram())) {
                return info.mainProgram();
            }
            if (info != null && bin.contains(info.pname())) {
                return info.pname();
            }
            String last = p.substring(p.lastIndexOf('.') + 1);
            return bin.contains(last) ? last : bin.get(0);
        }
        return null;
    }

    /** How to run a saved image. */
    static String forSaved(ExportResult saved, String program) {
        String file = ExportResult.quote(saved.output().toString());
        String ref = saved.reference() == null || saved.reference().isBlank() ? null
                : ImageName.parse(saved.reference()).toString();
        String run = " --rm --network none ";
        String then = program == null ? "" : " " + ExportResult.quote(program);
        return switch (saved.format()) {
            case DOCKER_ARCHIVE -> "docker load -i " + file + " && docker run" + run
                    + (ref == null ? saved.configDigest() : ExportResult.quote(ref)) + then;
            case OCI_ARCHIVE -> "podman run" + run + "oci-archive:" + file + then;
            case OCI_DIR -> "podman run" + run + ExportResult.quote("oci:" + saved.output() + (ref == null ? "" : ":" + ref))
                    + then;
        };
    }

    /** How to run a loaded image, against the daemon it went to (unless that is Docker's default). */
    static String forLoaded(String name, String daemon, String program) {
        boolean usual = daemon == null || daemon.equals("unix://" + DockerHost.DOCKER_SOCKET);
        return "docker " + (usual ? "" : "-H " + ExportResult.quote(daemon) + " ") + "run --rm --network none "
                + ExportResult.quote(name) + (program == null ? "" : " " + ExportResult.quote(program));
    }
}
