package dev.strata.cli;

import dev.strata.image.AddedFiles;
import dev.strata.input.ImageReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What an image holds besides packages, shared by plan, build, push and load: files of this
 * machine ({@code --add}, repeatable) and the image to build on ({@code --from}). Given here they
 * add to (files) or replace (base) the recipe's.
 */
public final class ContentOptions {
    @Option(names = "--add", paramLabel = "SRC:DEST[:OPTIONS]",
            description = "Add a file or directory of this machine at DEST in the image, in a layer of its own "
                    + "(repeatable). OPTIONS: uid=N,gid=N (owner; default 0:0), mode=0644 (files; default 0644, or 0755 "
                    + "when executable), dirmode=0755 (directories). Symbolic links are kept as links.")
    List<String> adds = new ArrayList<>();

    @Option(names = "--from", paramLabel = "IMAGE",
            description = "Build on this image: its layers stay as they are, the packages go on top. oci:DIR[:TAG], "
                    + "oci-archive:FILE, docker-archive:FILE, docker://HOST/REPO:TAG (or HOST/REPO:TAG, "
                    + "HOST/REPO@sha256:...), docker-daemon:NAME:TAG.")
    String from;

    /** Applies these options: relative sources are from the working directory; files add to the recipe's. */
    void applyTo(CommandRecipe r) {
        if (!adds.isEmpty()) {
            Path here = Path.of("").toAbsolutePath();
            List<AddedFiles> all = new ArrayList<>(r.base().adds());
            for (String a : adds) {
                all.add(AddedFiles.parse(a, here));
            }
            r.set("--add", "adds", b -> b.adds(all));
        }
        if (from != null) {
            ImageReference.parse(from); // a malformed reference is refused before any work
            r.set("--from", "from", b -> b.from(from));
        }
    }
}
